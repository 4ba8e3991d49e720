"""A list page's filtered rows as a download: CSV (";" separated, as Danish Excel reads
it) or an Excel workbook, with the same columns, filter and order as the page.

Plain functions over a django-tables2 table: the view decides which rows, this module
writes them. Amounts stay exact: numbers in CSV with a decimal comma and no rounding,
numbers in the workbook with a number format; text is always written as text.
"""

import csv
import io
from decimal import Decimal

import xlsxwriter
from django.http import HttpResponse
from django.utils import timezone
from django.utils.html import strip_tags

from .formatting import spreadsheet_text

FORMATS = ("csv", "xlsx")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def table_rows(table):
    """[header, row, ...] of every row of the table (not only the page), as values."""
    columns = [c for c in table.columns if c.visible]
    header = [str(c.header) for c in columns]
    rows = [[_plain(row.get_cell_value(c.name)) for c in columns] for row in table.rows]
    return [header, *rows]


def _plain(value):
    if isinstance(value, (Decimal, int, float)) or value is None:
        return value
    return " ".join(strip_tags(str(value)).split())


def csv_cell(value):
    """A value as a Danish CSV writes it: decimals with a comma, exact (no rounding)."""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f").replace(".", ",")
    if isinstance(value, float):
        return str(value).replace(".", ",")
    return "" if value is None else value


def csv_bytes(rows):
    out = io.StringIO()
    out.write("\ufeff")  # so that Excel reads the Danish letters
    writer = csv.writer(out, delimiter=";")
    for row in rows:
        # no text field can start a formula in the spreadsheet that opens it (OWASP)
        writer.writerow([spreadsheet_text(csv_cell(v)) for v in row])
    return out.getvalue().encode("utf-8")


def xlsx_bytes(rows, *, title):
    out = io.BytesIO()
    wb = xlsxwriter.Workbook(out, {"in_memory": True})
    ws = wb.add_worksheet(title[:31])
    bold = wb.add_format({"bold": True, "text_wrap": True, "valign": "top"})
    text = wb.add_format({"text_wrap": True, "valign": "top"})
    whole = wb.add_format({"num_format": "#,##0", "valign": "top"})
    decimal = wb.add_format({"num_format": "#,##0.00", "valign": "top"})
    header, *body = rows
    for col, name in enumerate(header):
        ws.write_string(0, col, name, bold)
        ws.set_column(col, col, 40 if col == 1 else 16)
    for r, row in enumerate(body, start=1):
        for col, value in enumerate(row):
            if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
                fmt = whole if value == int(value) else decimal
                ws.write_number(r, col, float(value), fmt)
            elif value not in (None, ""):
                ws.write_string(r, col, str(value), text)
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, max(len(body), 1), len(header) - 1)
    wb.close()
    return out.getvalue()


def download(table, fmt, *, name, title):
    """The response with the table's rows as `fmt` ("csv" or "xlsx"), named
    `<name>-<date>.<fmt>`."""
    rows = table_rows(table)
    stamp = timezone.localdate().isoformat()
    if fmt == "csv":
        response = HttpResponse(csv_bytes(rows), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(xlsx_bytes(rows, title=title), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}-{stamp}.{fmt}"'
    return response


class DownloadMixin:
    """For a list view with a django-tables2 table: ?format=csv or ?format=xlsx downloads
    every row the filter leaves, in the page's order, instead of the page."""

    download_name = "liste"
    download_title = "Liste"

    def render_to_response(self, context, **kwargs):
        fmt = self.request.GET.get("format")
        if fmt in FORMATS:
            name, title = self.download_name, str(self.download_title)
            return download(context["table"], fmt, name=name, title=title)
        return super().render_to_response(context, **kwargs)
