from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "sro.core"
    label = "core"
    verbose_name = "Core"
