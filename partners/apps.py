from django.apps import AppConfig


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = "Partner agencies: shares, the partner portal, requests for support"

    def ready(self) -> None:
        from partners import subject_access  # noqa: F401  (registers the SAR sections)
