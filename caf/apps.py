from django.apps import AppConfig


class CafConfig(AppConfig):
    name = "caf"
    verbose_name = "CAF, Team Around the Family and recommendations"

    def ready(self) -> None:
        from caf.signals import withdraw_recommendations_on_close
        from pathway.signals import case_closed

        case_closed.connect(withdraw_recommendations_on_close, dispatch_uid="caf-withdraw-on-close")
