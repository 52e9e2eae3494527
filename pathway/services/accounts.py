from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from pathway import policy
from pathway.choices import Role
from pathway.models import LoginAttempt, Membership, User

# Roles that work for a locality and need one to see anything.
LOCALITY_ROLES = frozenset({Role.LOCALITY_LEADER, Role.PRACTITIONER})


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str,
    role: Role | str,
    locality_code: str | None = None,
    team_code: str | None = None,
    agency_code: str | None = None,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    capacity: int | None = None,
    check_password: bool = True,
) -> User:
    """Create a user with one role and, where given, a membership.

    Raises ValidationError (with field keys) for an unknown role, locality, team or
    agency, a taken username, a weak password, or a locality role without a locality.
    """
    errors: dict[str, str] = {}
    try:
        role = Role(role)
    except ValueError:
        errors["role"] = f"Unknown role {role!r}; choose one of: {', '.join(Role.values)}"
    if User.objects.filter(username__iexact=username).exists():
        errors["username"] = f"A user called {username!r} already exists"

    # Locality, Team and Agency rows (the localities app's models, reached as Membership's).
    locality = _lookup("locality", locality_code, errors)
    team = _lookup("team", team_code, errors)
    agency = _lookup("agency", agency_code, errors)
    if team and not locality:
        locality = team.locality
    if (
        role in LOCALITY_ROLES
        and not (locality or team)
        and not errors.keys() & {"role", "locality", "team"}
    ):
        errors["locality"] = f"A {Role(role).label.lower()} must belong to a locality"
    if role == Role.PARTNER and not agency and not errors.keys() & {"role", "agency"}:
        errors["agency"] = "A partner agency practitioner must belong to an agency"

    user = User(username=username, first_name=first_name, last_name=last_name, email=email)
    if check_password:
        try:
            validate_password(password, user)
        except ValidationError as exc:
            errors["password"] = " ".join(exc.messages)
    if errors:
        raise ValidationError(errors)

    user.set_password(password)
    # Administrators use the administration site; nobody else needs to.
    user.is_staff = role == Role.ADMIN
    user.save()
    user.groups.add(Group.objects.get(name=str(role)))
    if locality or team or agency:
        Membership.objects.create(
            user=user, locality=locality, team=team, agency=agency, capacity=capacity
        )
    return user


def _lookup(field: str, code: str | None, errors: dict[str, str]) -> Any:
    """The locality, team or agency with this code, found through Membership's relation to
    it: the organisation models belong to the localities app, which the core never imports."""
    if not code:
        return None
    model: Any = Membership._meta.get_field(field).related_model
    try:
        return model.objects.get(code=code)
    except model.DoesNotExist:
        known = ", ".join(model.objects.values_list("code", flat=True)[:30])
        errors[field] = f"No {field} with code {code!r} (known: {known or 'none yet'})"
        return None


# The slow-down for a client address over LOGIN_FAILURE_LIMIT_PER_ADDRESS (docs/adr/0009):
# short and fixed, so a sprayed address costs a worker at most this long per attempt.
LOGIN_ADDRESS_DELAY_SECONDS = 1.0


def login_is_throttled(*, username: str) -> bool:
    """True when recent failures for this username reach LOGIN_FAILURE_LIMIT.

    Only the username decides a refusal; the client address never does (a council signs
    in from behind one proxy address, and one person's typos or an attacker's spray must
    not lock out everyone else): see login_address_delay.

    The answer depends only on the text typed, never on whether the account exists, so
    throttling reveals nothing about which usernames are real.
    """
    since = timezone.now() - settings.LOGIN_FAILURE_WINDOW
    name = username.strip().lower()
    # A successful sign-in clears the slate for that username (the failures stay on
    # record for the auditor).
    last_success = (
        LoginAttempt.objects.filter(username=name, succeeded=True, at__gte=since)
        .order_by("-at")
        .values_list("at", flat=True)
        .first()
    )
    by_name_qs = LoginAttempt.objects.filter(username=name, succeeded=False, at__gte=since)
    if last_success:
        by_name_qs = by_name_qs.filter(at__gt=last_success)
    return by_name_qs.count() >= settings.LOGIN_FAILURE_LIMIT


def login_address_delay(*, ip_address: str | None) -> float:
    """Seconds to slow an attempt from this client address down by: 0 until recent
    failures from it reach LOGIN_FAILURE_LIMIT_PER_ADDRESS, then LOGIN_ADDRESS_DELAY_SECONDS.

    A slow-down, never a refusal: the attempt is then checked as usual, so a correct
    password for an account that is not itself throttled still signs in. A successful
    sign-in from the address does not reset its count (behind a proxy, colleagues'
    sign-ins would otherwise keep wiping out an attacker's failures).
    """
    if not ip_address:
        return 0.0
    since = timezone.now() - settings.LOGIN_FAILURE_WINDOW
    failures = LoginAttempt.objects.filter(
        ip_address=ip_address, succeeded=False, at__gte=since
    ).count()
    if failures >= settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS:
        return LOGIN_ADDRESS_DELAY_SECONDS
    return 0.0


def login_attempt_record(
    *, username: str, ip_address: str | None, succeeded: bool, via: str = "web"
) -> LoginAttempt:
    return LoginAttempt.objects.create(
        username=username.strip().lower()[:150],
        ip_address=ip_address,
        succeeded=succeeded,
        via=via,
    )


ROLE_CHANGE_REASON_MAX_LENGTH = 500


@transaction.atomic
def user_role_change(*, user: User, role: Role | str, changed_by: User, reason: str) -> LogEntry:
    """Give `user` the one role `role`, in place of the role they hold.

    Only an administrator may change a role, and never their own (PermissionDenied, with
    nothing changed). Raises ValidationError (with field keys) for an unknown role, a
    missing or over-long reason, the role the user already holds, a locality role for
    someone with no active locality or team membership, or the partner role for someone
    with no agency membership (add the membership first).

    Writes exactly one audit row and returns it: an entry in the administration's change
    log (the user's history page) naming who changed whose role, from which role to which,
    and why. `is_staff` follows the role as `user_create` sets it (administrators use the
    administration site); `is_superuser`, permissions and memberships are left alone.
    """
    if not policy.can_change_role(changed_by, user):
        raise PermissionDenied("Only an administrator may change a role, and never their own")
    target = User.objects.select_for_update().get(pk=user.pk)
    current = sorted(target.groups.filter(name__in=Role.values).values_list("name", flat=True))

    errors: dict[str, str] = {}
    try:
        role = Role(role)
    except ValueError:
        errors["role"] = f"Unknown role {role!r}; choose one of: {', '.join(Role.values)}"
    reason = reason.strip()
    if not reason:
        errors["reason"] = "Give the reason for the change"
    elif len(reason) > ROLE_CHANGE_REASON_MAX_LENGTH:
        errors["reason"] = (
            f"The reason must be {ROLE_CHANGE_REASON_MAX_LENGTH} characters or fewer "
            f"(it has {len(reason)})"
        )
    if "role" not in errors:
        memberships = Membership.objects.active().filter(user=target)
        if current == [role]:
            errors["role"] = f"{target} is already a {Role(role).label.lower()}"
        elif (
            role in LOCALITY_ROLES
            and not memberships.filter(Q(locality__isnull=False) | Q(team__isnull=False)).exists()
        ):
            errors["role"] = (
                f"A {Role(role).label.lower()} must belong to a locality: "
                "add a locality or team membership first"
            )
        elif role == Role.PARTNER and not memberships.filter(agency__isnull=False).exists():
            errors["role"] = (
                "A partner agency practitioner must belong to an agency: "
                "add an agency membership first"
            )
    if errors:
        raise ValidationError(errors)

    role = Role(role)
    target.groups.remove(*Group.objects.filter(name__in=Role.values))
    target.groups.add(Group.objects.get(name=str(role)))
    target.is_staff = role == Role.ADMIN
    target.save(update_fields=["is_staff"])
    # The caller's object must not go on answering with the old role.
    for cached in ("role_names", "active_memberships", "locality_ids", "agency_ids", "team_ids"):
        user.__dict__.pop(cached, None)
    user.is_staff = target.is_staff

    before = ", ".join(f"{Role(name).label} ({name})" for name in current) or "no role"
    return LogEntry.objects.create(
        user=changed_by,
        content_type=ContentType.objects.get_for_model(User),
        object_id=str(target.pk),
        object_repr=str(target)[:200],
        action_flag=CHANGE,
        # Plain text (not Django's JSON list), so the history page shows it as written.
        change_message=(
            f"Role changed from {before} to {role.label} ({role.value}) by "
            f"{changed_by.username}. Reason: {reason}"
        ),
    )
