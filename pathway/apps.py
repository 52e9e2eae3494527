from django.apps import AppConfig


class PathwayConfig(AppConfig):
    name = "pathway"
    verbose_name = "Supporting Families Pathway"

    def ready(self) -> None:
        from pathway import auth  # noqa: F401  (connects the sign-in signal)
