from django.urls import path

from . import views

app_name = "activities"

urlpatterns = [
    # Public: activities across all committees
    path("aktiviteter/", views.activity_list, name="list"),
]
