import django_tables2 as tables
from django.core.paginator import Paginator

MAX_PER_PAGE = 100


class BoundedTable(tables.Table):
    """A table whose page size a visitor can choose only between 1 and 100 (?per_page=),
    and whose sort keys (?sort=) are column names or nothing."""

    @tables.Table.order_by.setter
    def order_by(self, value):
        # django-tables2 warns about keys such as "." or "a.b" and means to refuse them
        keys = [value] if isinstance(value, str) else (value or ())
        keys = [k for key in keys for k in str(key).split(",")]
        tables.Table.order_by.fset(self, [k for k in keys if k.lstrip("-") in self.columns])

    def paginate(self, paginator_class=Paginator, per_page=None, page=1, *args, **kwargs):
        per_page = min(max(per_page or 25, 1), MAX_PER_PAGE)
        return super().paginate(paginator_class, per_page, page, *args, **kwargs)
