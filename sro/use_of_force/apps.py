from django.apps import AppConfig


class UseOfForceConfig(AppConfig):
    name = "sro.use_of_force"
    label = "use_of_force"
    verbose_name = "Use of force"
