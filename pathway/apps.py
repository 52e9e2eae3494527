from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class PathwayConfig(AppConfig):
    name = "pathway"
    verbose_name = "Supporting Families Pathway"

    def ready(self) -> None:
        from pathway import auth  # noqa: F401  (connects the sign-in signal)
        from pathway.models import Contact
        from pathway.services.cases import contact_saved_or_deleted

        # Case.has_unscreened_contact follows its contacts (docs/adr/0019).
        post_save.connect(contact_saved_or_deleted, sender=Contact, dispatch_uid="contact-flag")
        post_delete.connect(
            contact_saved_or_deleted, sender=Contact, dispatch_uid="contact-flag-del"
        )
