from django.urls import path

from . import views

app_name = "indicators"

urlpatterns = [
    # Public: one indicator with its approved values
    path("indikatorer/<int:pk>/", views.detail, name="detail"),
]
