from django.urls import path

from . import views

app_name = "committees"

urlpatterns = [
    # Public: the policy and each committee's plan
    path("", views.home, name="home"),
    path("udvalg/<slug:slug>/", views.plan, name="plan"),
    path("udvalg/<slug:slug>/kort/", views.plan_short, name="plan-short"),
    path("soeg/", views.search, name="search"),
    # The audit trail (administrators)
    path("revisionsspor/", views.audit_log, name="audit-log"),
    # Appendices (Bilag) as Excel workbooks
    path("bilag.xlsx", views.bilag, name="bilag-all"),
    path("udvalg/<slug:slug>/bilag.xlsx", views.bilag, name="bilag"),
]
