from django.urls import path

from sro.public import views

app_name = "public"
urlpatterns = [
    path("", views.index, name="index"),
    path("transparency/", views.transparency_page, name="transparency"),
    path(
        "transparency/<uuid:pk>/<str:school_year>.csv",
        views.transparency_csv,
        name="transparency_csv",
    ),
    path(
        "transparency/data-dictionary.csv",
        views.transparency_dictionary,
        name="transparency_dictionary",
    ),
    path("schools/<uuid:pk>/", views.school, name="school"),
    path("schools/<uuid:pk>/letter/", views.letter, name="letter"),
    path("agencies/<uuid:pk>/policy/", views.policy, name="policy"),
    path("agencies/<uuid:pk>/policy/<str:version>/", views.policy_version, name="policy_version"),
]
