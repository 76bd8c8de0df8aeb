from django.apps import AppConfig


class RosterConfig(AppConfig):
    name = "sro.roster"
    label = "roster"
    verbose_name = "Officers and assignments"
