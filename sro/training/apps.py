from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "sro.training"
    label = "training"
    verbose_name = "Training and policy review"
