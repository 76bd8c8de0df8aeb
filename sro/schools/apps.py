from django.apps import AppConfig


class SchoolsConfig(AppConfig):
    name = "sro.schools"
    label = "schools"
    verbose_name = "Districts and schools"
