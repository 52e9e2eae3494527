from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

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


def login_is_throttled(*, username: str, ip_address: str | None) -> bool:
    """True when recent failures for this username or address reach the limit.

    The answer depends only on the text typed and the address, never on whether the
    account exists, so throttling reveals nothing about which usernames are real.
    """
    since = timezone.now() - settings.LOGIN_FAILURE_WINDOW
    name = username.strip().lower()
    recent = LoginAttempt.objects.filter(at__gte=since, succeeded=False)
    # A successful sign-in clears the slate for that username (the failures stay on
    # record for the auditor).
    last_success = (
        LoginAttempt.objects.filter(username=name, succeeded=True, at__gte=since)
        .order_by("-at")
        .values_list("at", flat=True)
        .first()
    )
    by_name_qs = recent.filter(username=name)
    if last_success:
        by_name_qs = by_name_qs.filter(at__gt=last_success)
    by_name = by_name_qs.count()
    if by_name >= settings.LOGIN_FAILURE_LIMIT:
        return True
    if ip_address:
        by_address = recent.filter(ip_address=ip_address).count()
        if by_address >= settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS:
            return True
    return False


def login_attempt_record(
    *, username: str, ip_address: str | None, succeeded: bool, via: str = "web"
) -> LoginAttempt:
    return LoginAttempt.objects.create(
        username=username.strip().lower()[:150],
        ip_address=ip_address,
        succeeded=succeeded,
        via=via,
    )
