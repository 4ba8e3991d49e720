import django_tables2 as tables
from django.core.paginator import Paginator

MAX_PER_PAGE = 100


class BoundedTable(tables.Table):
    """A table whose page size a visitor can choose only between 1 and 100 (?per_page=),
    whose sort keys (?sort=) are column names or nothing, whose page number is forgiving
    (?page=999 shows the last page, ?page=x the first) and whose cells carry their
    column's name (data-label), shown above each value when the table becomes cards on a
    phone."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for bound_column in self.columns:
            td = dict(bound_column.column.attrs.get("td", {}))
            td.setdefault("data-label", _label)
            bound_column.column.attrs = {**bound_column.column.attrs, "td": td}

    @tables.Table.order_by.setter
    def order_by(self, value):
        # django-tables2 warns about keys such as "." or "a.b" and means to refuse them
        keys = [value] if isinstance(value, str) else (value or ())
        keys = [k for key in keys for k in str(key).split(",")]
        tables.Table.order_by.fset(self, [k for k in keys if k.lstrip("-") in self.columns])

    def paginate(self, paginator_class=Paginator, per_page=None, page=1, *args, **kwargs):
        per_page = min(max(per_page or 25, 1), MAX_PER_PAGE)
        self.paginator = paginator_class(self.rows, per_page, *args, **kwargs)
        self.page = self.paginator.get_page(page)
        return self


def _label(bound_column):
    return str(bound_column.header)
