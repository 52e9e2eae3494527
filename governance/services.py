"""Information governance's writes: alerts for unusual access, and the log of exports."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from governance.models import UnusualAccessAlert
from governance.selectors import access_outside_locality
from pathway import policy
from pathway.formatting import govuk_date
from pathway.models import Family, Notification, Person, RecordRestriction, User
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


def record_restrict(
    *,
    actor: User,
    reason: str,
    allowed_users: list[User],
    family: Family | None = None,
    person: Person | None = None,
) -> RecordRestriction:
    """Restrict a family or a person so only `allowed_users` (and the actor) may open it.

    Raises PermissionDenied unless the actor is a senior practitioner who may see the
    record, and ValidationError for a record already restricted or a missing reason."""
    if not policy.can_restrict_records(actor):
        raise PermissionDenied("Only senior practitioners restrict records")
    if (family is None) == (person is None):
        raise ValidationError({"record": ["Name one family or one person"]})
    if not reason.strip():
        raise ValidationError({"reason": ["Say why the record is restricted"]})
    with transaction.atomic():
        existing = RecordRestriction.objects.active().filter(family=family, person=person)
        if existing.exists():
            raise ValidationError({"record": ["This record is already restricted"]})
        restriction = RecordRestriction.objects.create(
            family=family, person=person, reason=reason.strip()[:300], restricted_by=actor
        )
        restriction.allowed_users.set({actor, *allowed_users})
    return restriction


def record_restriction_lift(*, actor: User, restriction: RecordRestriction) -> None:
    """Lift an active restriction (senior practitioners). Idempotent: lifting twice keeps
    the first lift's time and actor."""
    if not policy.can_restrict_records(actor):
        raise PermissionDenied("Only senior practitioners lift restrictions")
    RecordRestriction.objects.filter(pk=restriction.pk, lifted_at__isnull=True).update(
        lifted_at=timezone.now(), lifted_by=actor
    )
