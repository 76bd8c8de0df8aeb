from django.urls import path

from sro.contracts import notice_views as views

app_name = "notices"
urlpatterns = [
    path("notices/", views.notification_list, name="list"),
    path("notices/new/", views.notification_create, name="create"),
    path("notices/<uuid:pk>/edit/", views.notification_edit, name="edit"),
    path("notices/letter/<uuid:pk>/", views.letter, name="letter"),
    path("notices/template/", views.template_edit, name="template"),
    path("notices/template/preview/", views.template_preview, name="template_preview"),
]
