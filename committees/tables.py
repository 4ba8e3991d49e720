import django_tables2 as tables
from django.core.paginator import Paginator

MAX_PER_PAGE = 100


class BoundedTable(tables.Table):
    """A table whose page size a visitor can choose only between 1 and 100 (?per_page=)."""

    def paginate(self, paginator_class=Paginator, per_page=None, page=1, *args, **kwargs):
        per_page = min(max(per_page or 25, 1), MAX_PER_PAGE)
        return super().paginate(paginator_class, per_page, page, *args, **kwargs)
