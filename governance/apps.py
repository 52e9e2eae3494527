from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "governance"
    verbose_name = "Information governance"

    def ready(self) -> None:
        from governance import subject_access  # noqa: F401  (registers the SAR sections)
