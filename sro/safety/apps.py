from django.apps import AppConfig


class SafetyConfig(AppConfig):
    name = "sro.safety"
    label = "safety"
    verbose_name = "School safety"
