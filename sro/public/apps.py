from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "sro.public"
    label = "public"
    verbose_name = "Public information"
