"""Complaints about an SRO: the public form and the chief's tracking pages."""

from django.urls import path  # noqa: F401

app_name = "complaints"
urlpatterns: list = []
