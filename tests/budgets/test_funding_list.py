"""The list of all funding lines: amounts, status, filters, sorting, and what it costs."""

import csv
import io
import re
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from budgets.models import FundingLine
from kkintegration.common.formatting import danish_amount

pytestmark = pytest.mark.django_db


URL = reverse("budgets:list")


def records(response):
    return [row.record for row in response.context["table"].paginated_rows]


def test_it_lists_funding_lines_with_amounts_and_status(client):
    response = client.get(URL, {"committee": "sud"})
    assert response.status_code == 200
    assert (
        response.context["table"].paginator.count
        == FundingLine.objects.filter(plan__committee__code="SUD").count()
    )
    html = response.content.decode()
    assert "49,2 mio. kr." in html
    assert "Kræver særskilt bevilling" in html


def test_it_filters_by_status(client):
    found = records(client.get(URL, {"status": "within_frame"}))
    assert found and all(f.status == "within_frame" for f in found)


def test_it_sorts_by_total(client):
    found = [f.total for f in records(client.get(URL, {"sort": "-total", "committee": "sud"}))]
    numbers = [t for t in found if t is not None]
    assert numbers == sorted(numbers, reverse=True)


def test_the_list_costs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    # the page and its filter, the sums by status and by year (2) and what the total
    # contains (3), however many lines there are
    with django_assert_max_num_queries(11):
        client.get(URL)


def _sums_section(html):
    start = html.index('class="list-sums"')
    return html[start : html.index("</section>", start)]


def test_the_sums_add_up_the_filtered_lines_each_once_by_status(client):
    """Recounted from the database: SUD's lines by financing status, each line once."""
    html = _sums_section(client.get(URL, {"committee": "sud", "page": 2}).content.decode())
    lines = FundingLine.objects.filter(plan__committee__code="SUD")
    for status, label in FundingLine.Status.choices:
        of_status = lines.filter(status=status)
        if not of_status.exists():
            assert str(label).capitalize() not in html
            continue
        amounts = [line.total for line in of_status if line.total is not None]
        shown = danish_amount(sum(amounts, Decimal(0))) if amounts else "–"
        row = re.search(rf"{str(label).capitalize()}</span></th>(.*?)</tr>", html).group(1)
        cells = re.findall(r'<td class="num">(.*?)</td>', row)
        assert cells == [str(of_status.count()), str(len(of_status) - len(amounts)), shown]
    total = sum((line.total for line in lines if line.total is not None), Decimal(0))
    assert f'<td class="num">{danish_amount(total)}</td></tr></tfoot>' in html


def test_the_download_links_keep_the_filter(client):
    html = client.get(URL, {"committee": "sud", "status": "within_frame", "page": 2}).content
    links = re.findall(r'href="(\?[^"]*format=(?:csv|xlsx)[^"]*)"', html.decode())
    assert len(links) == 2
    for link in links:
        query = link.replace("&amp;", "&")
        assert "committee=sud" in query and "status=within_frame" in query
        assert "page=" not in query


def test_the_csv_download_has_every_filtered_line_with_exact_amounts(client):
    response = client.get(URL, {"committee": "sud", "sort": "-total", "format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    assert re.fullmatch(
        r'attachment; filename="finansiering-\d{4}-\d\d-\d\d\.csv"',
        response["Content-Disposition"],
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    header, body = rows[0], rows[1:]
    assert header == ["Udvalg", "Finansieringslinje", "I alt", "Pr. år", "Kilder", "Finansiering"]
    lines = FundingLine.objects.filter(plan__committee__code="SUD")
    assert len(body) == lines.count() > 25 or len(body) == lines.count()
    by_name = {row[1]: row for row in body}
    assert by_name["Skolesocialrådgivere"][2] == "49200000"
    assert by_name["Skolesocialrådgivere"][5] == "kræver særskilt bevilling"
    totals = [Decimal(row[2].replace(",", ".")) for row in body if row[2]]
    assert totals == sorted(totals, reverse=True)


def test_the_excel_download_reopens_with_numbers_as_numbers_and_text_as_text(client):
    response = client.get(URL, {"status": "separate_appropriation", "format": "xlsx"})
    ws = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(ws.iter_rows(values_only=True))
    lines = FundingLine.objects.filter(status="separate_appropriation")
    assert len(rows) - 1 == lines.count()
    by_name = {row[1]: row for row in rows[1:]}
    assert by_name["Skolesocialrådgivere"][2] == 49200000
    assert all(isinstance(row[1], str) for row in rows[1:])
    assert all(cell.data_type == "s" for cell in ws["B"][1:])


def test_the_sums_say_how_much_is_ceilings_approximate_or_state_pools(client):
    """The filtered lines' total with what it contains, each part recounted."""
    lines = FundingLine.objects.filter(plan__committee__code="SUD")
    html = _sums_section(client.get(URL, {"committee": "sud"}).content.decode())
    stated = [line for line in lines if line.total is not None]
    total = sum((line.total for line in stated), Decimal(0))
    assert f"Tilsammen: {danish_amount(total)} fra {len(stated)} finansieringslinjer" in html
    up_to = sum((line.total for line in stated if line.qualifier == "up_to"), Decimal(0))
    if up_to:
        assert f"lofter („op til“) {danish_amount(up_to)}" in html
    approx = sum((line.total for line in stated if line.qualifier == "approx"), Decimal(0))
    if approx:
        assert danish_amount(approx) in html
    all_html = _sums_section(client.get(URL).content.decode())
    all_up_to = sum(
        (line.total for line in FundingLine.objects.filter(qualifier="up_to", total__isnull=False)),
        Decimal(0),
    )
    assert all_up_to and f"lofter („op til“) {danish_amount(all_up_to)}" in all_html


def test_no_text_in_the_list_downloads_can_start_a_formula(client):
    line = FundingLine.objects.get(name="Skolesocialrådgivere")
    line.name = '=HYPERLINK("http://example.org/","x")'
    line.save()
    response = client.get(URL, {"committee": "sud", "format": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert [r[1] for r in rows if "HYPERLINK" in r[1]] == ["'" + line.name]
    assert [r[2] for r in rows if "HYPERLINK" in r[1]] == ["49200000"]  # numbers untouched
    response = client.get(URL, {"committee": "sud", "format": "xlsx"})
    ws = openpyxl.load_workbook(io.BytesIO(response.content)).active
    cell = next(c for c in ws["B"] if c.value and "HYPERLINK" in c.value)
    assert cell.data_type == "s" and cell.value == line.name  # text, never a formula
