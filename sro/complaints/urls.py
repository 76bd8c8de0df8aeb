"""Complaints about an SRO: the public form and the chief's tracking pages."""

from django.urls import path

from sro.complaints import views

app_name = "complaints"
urlpatterns = [
    path("public/complaints/new/", views.public_new, name="public_new"),
    path("complaints/", views.complaint_list, name="complaint_list"),
    path("complaints/<uuid:pk>/", views.complaint_detail, name="complaint"),
    path("complaints/<uuid:pk>/review/", views.review, name="review"),
    path("complaints/<uuid:pk>/close/", views.close, name="close"),
    path("complaints/<uuid:pk>/identify/", views.assign, name="assign"),
]
