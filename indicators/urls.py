from django.urls import path

from .barometer import views as barometer
from .entry import views as entry

app_name = "indicators"

urlpatterns = [
    # Public: one indicator with its approved values
    path("indikatorer/<int:pk>/", barometer.detail, name="detail"),
    # Entry (committee staff, scoped to their committees)
    path("indberetning/", entry.entry_start, name="entry-start"),
    path("indberetning/<slug:slug>/<int:year>/", entry.year_entry, name="year-entry"),
    path(
        "indberetning/<slug:slug>/<int:year>/skabelon.xlsx",
        entry.entry_template,
        name="entry-template",
    ),
    path("indberetning/<slug:slug>/<int:year>/upload/", entry.entry_upload, name="entry-upload"),
    path(
        "indberetning/<slug:slug>/<int:year>/upload/<int:pk>/",
        entry.import_detail,
        name="import-detail",
    ),
    path("indberetning/<slug:slug>/<int:year>/historik/", entry.year_history, name="year-history"),
    path("indikatorer/<int:pk>/historik/", entry.indicator_history, name="indicator-history"),
    # The integration barometer (BIF analysts; the rules page is public)
    path("integrationsbarometer/", barometer.public_barometer, name="public-barometer"),
    path("barometer/", barometer.dashboard, name="dashboard"),
    path("barometer/data/<slug:name>.csv", barometer.barometer_csv, name="barometer-csv"),
    path("barometer/indikatorer/<int:pk>/", barometer.drilldown, name="drilldown"),
    path("barometer/saadan-beregnes-status/", barometer.status_rules, name="status-rules"),
    # Approval (BIF analysts)
    path("godkendelse/", entry.approval_overview, name="approval-overview"),
    path("godkendelse/<slug:slug>/<int:year>/", entry.year_review, name="year-review"),
]
