"""The annual program report, the joint report per contract, the public transparency figures."""

from django.urls import path

from sro.reports import views

app_name = "reports"
urlpatterns = [
    path("reports/annual/", views.annual, name="annual"),
    path(
        "reports/annual/<str:school_year>.<str:fmt>",
        views.annual_download,
        name="annual_download",
    ),
    path("reports/contracts/<uuid:pk>/", views.joint, name="joint"),
    path(
        "reports/contracts/<uuid:pk>/<str:school_year>.<str:fmt>",
        views.joint_download,
        name="joint_download",
    ),
]
