from django.urls import path

from . import views

app_name = "budgets"

urlpatterns = [
    # Public: funding lines across all committees
    path("finansiering/", views.funding_list, name="list"),
]
