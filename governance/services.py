"""Information governance's writes: alerts for unusual access, and the log of exports."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from governance.models import UnusualAccessAlert
from governance.selectors import access_outside_locality
from pathway import policy
from pathway.formatting import govuk_date
from pathway.models import Notification, User
from pathway.services.notifications import NewNotification, notifications_create


def unusual_access_alerts_raise(*, day: date | None = None) -> list[int]:
    """Tell every information-governance auditor about each user who opened more than
    UNUSUAL_ACCESS_OUTSIDE_LOCALITY_PER_DAY case records outside their localities on `day`
    (today by default). Each user is reported at most once a day, however often this runs
    and on however many workers: the alert row's unique (user, day) is the claim, and the
    notifications' keys are unique too. Returns the ids of the users newly reported."""
    day = day or timezone.localdate()
    threshold = settings.UNUSUAL_ACCESS_OUTSIDE_LOCALITY_PER_DAY
    counts = access_outside_locality(day=day, more_than=threshold)
    if not counts:
        return []
    already = set(
        UnusualAccessAlert.objects.filter(
            day=day, user_id__in=[c.user_id for c in counts]
        ).values_list("user_id", flat=True)
    )
    auditors = policy.information_governance_auditors()
    users = User.objects.in_bulk([c.user_id for c in counts])
    reported = []
    for count in counts:
        if count.user_id in already:
            continue
        try:
            with transaction.atomic():
                UnusualAccessAlert.objects.create(
                    user_id=count.user_id, day=day, records_outside_locality=count.records
                )
                user = users[count.user_id]
                message = (
                    f"Unusual access: {user.get_full_name() or user.username} ({user.username}) "
                    f"opened {count.records} case records outside their locality on "
                    f"{govuk_date(day)}. Check the access log."
                )
                notifications_create(
                    NewNotification(
                        user_id=auditor,
                        key=f"unusual-access:{count.user_id}:{day.isoformat()}:{auditor}",
                        kind=Notification.Kind.UNUSUAL_ACCESS,
                        message=message,
                    )
                    for auditor in auditors
                )
        except IntegrityError:  # another worker claimed it first
            continue
        reported.append(count.user_id)
    return reported
