from django.apps import AppConfig


class ActivityConfig(AppConfig):
    name = "sro.activity"
    label = "activity"
    verbose_name = "The SRO's daily work"
