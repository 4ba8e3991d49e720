from django.urls import path

from . import views

app_name = "indicators"

urlpatterns = [
    # Public: one indicator with its approved values
    path("indikatorer/<int:pk>/", views.detail, name="detail"),
    # Entry (committee staff, scoped to their committees)
    path("indberetning/", views.entry_start, name="entry-start"),
    path("indberetning/<slug:slug>/<int:year>/", views.year_entry, name="year-entry"),
    path(
        "indberetning/<slug:slug>/<int:year>/skabelon.xlsx",
        views.entry_template,
        name="entry-template",
    ),
    path("indberetning/<slug:slug>/<int:year>/upload/", views.entry_upload, name="entry-upload"),
    path(
        "indberetning/<slug:slug>/<int:year>/upload/<int:pk>/",
        views.import_detail,
        name="import-detail",
    ),
    path("indberetning/<slug:slug>/<int:year>/historik/", views.year_history, name="year-history"),
    path("indikatorer/<int:pk>/historik/", views.indicator_history, name="indicator-history"),
    # The integration barometer (BIF analysts; the rules page is public)
    path("barometer/", views.dashboard, name="dashboard"),
    path("barometer/data/<slug:name>.csv", views.barometer_csv, name="barometer-csv"),
    path("barometer/indikatorer/<int:pk>/", views.drilldown, name="drilldown"),
    path("barometer/saadan-beregnes-status/", views.status_rules, name="status-rules"),
    # Approval (BIF analysts)
    path("godkendelse/", views.approval_overview, name="approval-overview"),
    path("godkendelse/<slug:slug>/<int:year>/", views.year_review, name="year-review"),
]
