"""The administration site (issue 10, High: "an administrator can make itself superuser and a
manager, then read every case").

Roles change only through add_user and the logged "change role" page; nobody changes their
own; the user pages never show or accept is_superuser, is_staff, groups or
user_permissions; the superuser flag is no way round the policy; and every administration
page of personal data writes exactly one access-log row.
"""

from __future__ import annotations

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import RequestFactory
from django.urls import reverse

from pathway import policy
from pathway.models import AccessLogEntry, LoginAttempt, User
from tests.factories import STAGE_FACTORIES, FamilyFactory, PersonFactory, UserFactory

PRIVILEGE_FIELDS = ("is_superuser", "is_staff", "groups", "user_permissions")


@pytest.fixture
def admin_client(personas, client):
    personas.admin.is_staff = True  # as add_user leaves an administrator
    personas.admin.save()
    client.force_login(personas.admin)
    return client


@pytest.fixture
def superuser(personas):
    """A superuser with no role at all, as `createsuperuser` makes one."""
    return UserFactory(username="root", is_superuser=True, is_staff=True)


@pytest.fixture
def cases(personas):
    """One case at every stage, in the personas' home locality."""
    return [
        STAGE_FACTORIES[stage](family=FamilyFactory(locality=personas.home), locality=personas.home)
        for stage in STAGE_FACTORIES
    ]


def _roles(user: User) -> set[str]:
    return set(user.groups.values_list("name", flat=True))


def _change_url(user: User) -> str:
    return reverse("admin:pathway_user_change", args=[user.pk])


def _role_url(user: User) -> str:
    # Written out, not reversed: the page does not exist on the code this finding was found on.
    return f"/admin/pathway/user/{user.pk}/role/"


def _crafted_change_form(user: User) -> dict[str, object]:
    """The user's change form as a browser would post it, plus every privilege field.

    Carries the stock form's editable date fields too, so that on the stock admin this
    post is valid and saves, and the test shows what it would have granted.
    """
    return {
        "username": user.username,
        "first_name": "Changed",
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on",
        "date_joined_0": "2026-01-05",
        "date_joined_1": "09:00:00",
        "last_login_0": "",
        "last_login_1": "",
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
        # The privileges:
        "is_superuser": "on",
        "is_staff": "on",
        "groups": [
            Group.objects.get(name="manager").pk,
            Group.objects.get(name="admin").pk,
        ],
        "user_permissions": [
            Permission.objects.get(codename="view_case").pk,
            Permission.objects.get(codename="change_group").pk,
        ],
    }


def test_an_administrator_cannot_see_or_post_superuser_groups_or_permissions(
    personas, admin_client
):
    target = personas.practitioner
    page = admin_client.get(_change_url(target))
    assert page.status_code == 200
    html = page.content.decode()
    for field in PRIVILEGE_FIELDS:
        assert f'name="{field}"' not in html, field
    listing = admin_client.get(reverse("admin:pathway_user_changelist")).content.decode()
    assert "is_superuser__exact" not in listing and "groups__id__exact" not in listing

    for user, roles_before in ((target, {"practitioner"}), (personas.admin, {"admin"})):
        response = admin_client.post(_change_url(user), _crafted_change_form(user))
        assert response.status_code == 302, getattr(response, "context", None)
        user.refresh_from_db()
        assert user.first_name == "Changed"  # the post was accepted ...
        assert not user.is_superuser  # ... and its privileges ignored
        assert _roles(user) == roles_before
        assert not user.user_permissions.exists()
    target.refresh_from_db()
    assert not target.is_staff

    created = admin_client.post(
        reverse("admin:pathway_user_add"),
        {
            "username": "new.starter",
            "usable_password": "true",
            "password1": "A-long-passphrase-for-2027",
            "password2": "A-long-passphrase-for-2027",
            "is_superuser": "on",
            "is_staff": "on",
            "groups": [Group.objects.get(name="manager").pk],
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )
    assert created.status_code == 302, created.context["adminform"].form.errors
    new = User.objects.get(username="new.starter")
    assert not new.is_superuser and not new.is_staff and not _roles(new)


def test_an_administrator_cannot_change_their_own_role(personas, admin_client):
    from pathway.services.accounts import user_role_change

    me = personas.admin
    with pytest.raises(PermissionDenied):
        user_role_change(user=me, role="manager", changed_by=me, reason="I want to see cases")
    assert admin_client.get(_role_url(me)).status_code == 403
    posted = admin_client.post(_role_url(me), {"role": "manager", "reason": "I want to see cases"})
    assert posted.status_code == 403
    own_page = admin_client.get(_change_url(me)).content.decode()
    assert _role_url(me) not in own_page  # no "Change role" link on one's own record
    admin_client.post(_change_url(me), _crafted_change_form(me))
    me.refresh_from_db()
    assert _roles(me) == {"admin"} and not me.is_superuser
    assert not LogEntry.objects.filter(change_message__contains="Role changed").exists()
    assert not policy.cases_visible_to(User.objects.get(pk=me.pk)).exists()


def test_the_change_role_page_changes_a_role_and_writes_one_audit_row(personas, admin_client):
    target = personas.contact_officer
    page = admin_client.get(_change_url(target)).content.decode()
    assert _role_url(target) in page  # linked from another user's record
    assert admin_client.get(_role_url(target)).status_code == 200

    before = LogEntry.objects.count()
    response = admin_client.post(
        _role_url(target), {"role": "senior_practitioner", "reason": "Promoted on 4 January"}
    )
    assert response.status_code == 302
    assert _roles(target) == {"senior_practitioner"}
    assert LogEntry.objects.count() == before + 1
    entry = LogEntry.objects.latest("pk")
    assert entry.user == personas.admin  # who
    assert entry.object_id == str(target.pk)  # whom
    assert entry.get_edited_object() == target
    message = entry.get_change_message()
    assert "contact_officer" in message and "senior_practitioner" in message  # from, to
    assert "Promoted on 4 January" in message  # why
    assert message in admin_client.get(
        reverse("admin:pathway_user_history", args=[target.pk])
    ).content.decode().replace("&#x27;", "'")


def test_the_change_role_page_refuses_a_role_that_needs_a_locality_or_a_reason(
    personas, admin_client
):
    target = personas.manager  # no membership
    before = LogEntry.objects.count()
    no_locality = admin_client.post(_role_url(target), {"role": "practitioner", "reason": "Moved"})
    assert no_locality.status_code == 200
    assert "must belong to a locality" in no_locality.content.decode()
    no_reason = admin_client.post(_role_url(target), {"role": "contact_officer", "reason": " "})
    assert no_reason.status_code == 200
    assert _roles(target) == {"manager"}
    assert LogEntry.objects.count() == before


def test_only_an_administrator_may_change_a_role(personas, superuser, client):
    from pathway.services.accounts import user_role_change

    target = personas.contact_officer
    for actor in (personas.manager, personas.auditor, superuser):
        with pytest.raises(PermissionDenied):
            user_role_change(user=target, role="manager", changed_by=actor, reason="Because")
        client.force_login(actor)
        assert client.post(_role_url(target), {"role": "manager", "reason": "x"}).status_code in (
            302,  # sent to sign in to the administration
            404,
        )
    assert _roles(target) == {"contact_officer"}
    with pytest.raises(ValidationError):
        user_role_change(user=target, role="overlord", changed_by=personas.admin, reason="No")


def test_a_superuser_is_no_way_round_the_policy(personas, superuser, cases, client):
    """A superuser with no case role sees no case, in the service or the administration."""
    person = PersonFactory(given_name="Zebedee", family_name="Quartermaine")
    assert not policy.cases_visible_to(superuser).exists()
    assert not policy.people_visible_to(superuser).exists()
    client.force_login(superuser)
    for case in cases:
        assert client.get(reverse("case-detail", args=[case.pk])).status_code == 404
        assert client.get(reverse("api-case-detail", args=[case.pk])).status_code == 404
    case = cases[0]
    admin_pages = [
        "/admin/",
        "/admin/pathway/case/",
        f"/admin/pathway/case/{case.pk}/change/",
        "/admin/pathway/family/",
        f"/admin/pathway/family/{case.family.pk}/change/",
        "/admin/pathway/person/",
        f"/admin/pathway/person/{person.pk}/change/",
        "/admin/pathway/contact/",
        "/admin/pathway/user/",
        "/admin/auth/group/",
        "/admin/authtoken/tokenproxy/",
        "/admin/pathway/accesslogentry/",
    ]
    for url in admin_pages:
        page = client.get(url)
        assert page.status_code in (302, 403, 404), url
        assert b"Quartermaine" not in page.content and case.reference.encode() not in page.content

    # Every page of the administration site, asked directly, refuses a superuser.
    from django.contrib import admin

    request = RequestFactory().get("/admin/")
    request.user = superuser
    assert not admin.site.has_permission(request)
    for model, model_admin in admin.site._registry.items():
        label = model._meta.label
        assert not model_admin.has_module_permission(request), label
        assert not model_admin.has_view_permission(request), label
        assert not model_admin.has_add_permission(request), label
        assert not model_admin.has_change_permission(request), label
        assert not model_admin.has_delete_permission(request), label


def test_the_administration_holds_no_case_records_for_an_administrator(
    personas, admin_client, cases
):
    from django.contrib import admin

    registered = {model._meta.label for model in admin.site._registry}
    assert not {"pathway.Case", "pathway.Family", "pathway.Person", "pathway.Contact"} & registered
    assert not {"auth.Group", "authtoken.TokenProxy"} & registered
    for url in ("/admin/pathway/case/", f"/admin/pathway/case/{cases[0].pk}/change/"):
        assert admin_client.get(url).status_code in (403, 404)
    assert admin_client.get("/admin/pathway/accesslogentry/").status_code == 403


def test_admin_list_search_and_record_pages_of_personal_data_write_one_access_log_row_each(
    personas, cases, client
):
    person = PersonFactory(given_name="Zebedee", family_name="Quartermaine")
    seen = AccessLogEntry.objects.create(
        user=personas.practitioner,
        action=AccessLogEntry.Action.VIEW,
        what="person Zebedee Quartermaine",
        person=person,
    )
    attempt = LoginAttempt.objects.create(username="pat.practitioner", succeeded=False)
    client.force_login(personas.auditor)  # information governance: not is_staff
    pages = [
        ("/admin/pathway/accesslogentry/", "list"),
        ("/admin/pathway/accesslogentry/?q=Quartermaine", "search"),
        (f"/admin/pathway/accesslogentry/{seen.pk}/change/", "view"),
        (f"/admin/pathway/accesslogentry/{seen.pk}/history/", "view"),
        ("/admin/pathway/loginattempt/", "list"),
        ("/admin/pathway/loginattempt/?q=pat", "search"),
        (f"/admin/pathway/loginattempt/{attempt.pk}/change/", "view"),
    ]
    for url, action in pages:
        before = set(AccessLogEntry.objects.values_list("pk", flat=True))
        page = client.get(url)
        assert page.status_code == 200, url
        written = AccessLogEntry.objects.exclude(pk__in=before)
        assert written.count() == 1, url
        row = written.get()
        assert (row.user, row.action, row.path) == (personas.auditor, action, url)
        assert "(administration)" in row.what
    listing = client.get("/admin/pathway/accesslogentry/").content.decode()
    assert "Quartermaine" in listing  # it is personal data
    # A refusal reads nothing and writes nothing.
    before = AccessLogEntry.objects.count()
    client.force_login(personas.manager)
    assert client.get("/admin/pathway/accesslogentry/").status_code == 302
    assert AccessLogEntry.objects.count() == before
