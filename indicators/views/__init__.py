"""Views of the indicators app: public pages, data entry and approval, the barometer."""

from .barometer import barometer_csv, dashboard, drilldown, status_rules
from .entry import (
    approval_overview,
    entry_start,
    entry_template,
    entry_upload,
    import_detail,
    indicator_history,
    year_entry,
    year_history,
    year_review,
)
from .public import detail

__all__ = [
    "approval_overview",
    "barometer_csv",
    "dashboard",
    "detail",
    "drilldown",
    "entry_start",
    "entry_template",
    "entry_upload",
    "import_detail",
    "indicator_history",
    "status_rules",
    "year_entry",
    "year_history",
    "year_review",
]
