from django.apps import AppConfig


class SchedulingConfig(AppConfig):
    name = "sro.scheduling"
    label = "scheduling"
    verbose_name = "Calendars and schedules"
