from django.apps import AppConfig


class CafConfig(AppConfig):
    name = "caf"
    verbose_name = "CAF, Team Around the Family and recommendations"
