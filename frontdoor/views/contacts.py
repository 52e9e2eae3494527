"""Recording a contact: one question per page, saved at every step, checked before submit."""

from __future__ import annotations

import secrets
from collections import OrderedDict
from datetime import date
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.utils import ErrorDict
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from frontdoor.forms import (
    ConsentForm,
    NewFamilyForm,
    PersonForm,
    ReasonForm,
    ReceivedForm,
    ReferrerForm,
)
from frontdoor.selectors.contacts import contact_get_for_view, contact_queue, drafts_in_progress
from frontdoor.selectors.duplicates import families_at_postcode, nhs_number_holder, people_like
from frontdoor.selectors.people import parse_people_query, people_search
from frontdoor.selectors.screening_offers import contacts_user_may_screen
from frontdoor.services.contacts import ContactDetails, PossibleDuplicates
from frontdoor.services.drafts import (
    STEPS,
    contact_draft_details,
    contact_draft_discard,
    contact_draft_note,
    contact_draft_save_step,
    contact_draft_start,
    contact_draft_submit,
    first_incomplete_step,
    keyed_people_from_draft,
    person_key,
)
from localities.models import Locality
from pathway import policy
from pathway.calendar import working_calendar_for
from pathway.choices import AdultRelationship, Channel, Consent, HouseholdRelationship
from pathway.models import ContactDraft, Family, HouseholdMember, Person, PresentingIssue
from pathway.pagination import page_of
from pathway.selectors.families import family_context
from pathway.views.common import current_user

STEP_TITLES = {
    "received": "How and when the contact came in",
    "referrer": "Who made the contact",
    "family": "The family",
    "children": "The children",
    "adults": "Adults in the household",
    "reason": "Why they made contact",
    "consent": "Consent",
}
SIMPLE_FORMS: dict[str, type[forms.Form]] = {
    "received": ReceivedForm,
    "referrer": ReferrerForm,
    "reason": ReasonForm,
    "consent": ConsentForm,
}


def _require_front_door(request: HttpRequest) -> None:
    if not policy.can_record_contacts(current_user(request)):
        raise PermissionDenied


def _raw(request: HttpRequest) -> dict[str, list[str]]:
    return {k: v for k, v in request.POST.lists() if k not in {"csrfmiddlewaretoken", "action"}}


def _querydict(raw: dict[str, list[str]] | None) -> QueryDict:
    data = QueryDict(mutable=True)
    for key, values in (raw or {}).items():
        data.setlist(key, values)
    return data


def _prefilled(
    form_class: type[forms.Form], raw: dict[str, list[str]] | None, **kwargs: Any
) -> forms.Form:
    """A form showing what was last typed, without shouting errors at an unfinished page."""
    if not raw:
        return form_class(**kwargs)
    form = form_class(data=_querydict(raw), **kwargs)
    form._errors = ErrorDict()
    return form


def _next_url(draft: ContactDraft, step: str) -> str:
    index = STEPS.index(step)
    if index + 1 < len(STEPS) and draft.data.get("_returning") != "check":
        following = STEPS[index + 1]
        if following == "family" and draft.data.get("_family_preset") and draft.cleaned("family"):
            following = "children"  # chosen where the officer started, on the person page
        return reverse("contact-draft-step", args=[draft.pk, following])
    return reverse("contact-draft-check", args=[draft.pk])


def _step_context(draft: ContactDraft, step: str) -> dict[str, Any]:
    return {
        "draft": draft,
        "step": step,
        "step_title": STEP_TITLES.get(step, "Check your answers"),
        "step_number": STEPS.index(step) + 1 if step in STEPS else len(STEPS) + 1,
        "step_count": len(STEPS) + 1,
        "back_url": (
            reverse("contact-draft-step", args=[draft.pk, STEPS[STEPS.index(step) - 1]])
            if step in STEPS and STEPS.index(step) > 0
            else reverse("contact-start")
        ),
        "autosave_url": reverse("contact-draft-autosave", args=[draft.pk, step])
        if step in STEPS
        else "",
    }


# --- Start, resume, discard ------------------------------------------------------------


def contact_start(request: HttpRequest) -> HttpResponse:
    _require_front_door(request)
    if request.method == "POST":
        user = current_user(request)
        draft = contact_draft_start(owner=user)
        family_pk = request.POST.get("family", "")
        family = (
            policy.families_visible_to(user).filter(pk=int(family_pk)).first()
            if family_pk.isdigit()
            else None
        )
        if family is not None:
            # "Record a contact about this family" (the person page): the family is chosen,
            # and its question is passed over (it can be changed from check your answers).
            _choose_family(
                draft,
                {"family_id": family.pk, "label": _family_label(family), "searched": ""},
            )
            contact_draft_note(draft=draft, key="_family_preset", value=True)
        return redirect("contact-draft-step", draft.pk, STEPS[0])
    return render(
        request,
        "frontdoor/contacts/start.html",
        {"drafts": drafts_in_progress(user=current_user(request))},
    )


def contact_draft_resume(request: HttpRequest, pk: int) -> HttpResponse:
    draft = policy.get_own_draft_or_404(current_user(request), pk)
    step = first_incomplete_step(draft)
    if step:
        return redirect("contact-draft-step", draft.pk, step)
    return redirect("contact-draft-check", draft.pk)


@require_POST
def contact_draft_discard_view(request: HttpRequest, pk: int) -> HttpResponse:
    draft = policy.get_own_draft_or_404(current_user(request), pk)
    contact_draft_discard(draft=draft)
    messages.success(request, "The unfinished contact was deleted.")
    return redirect("contact-start")


@require_POST
def contact_draft_autosave(request: HttpRequest, pk: int, step: str) -> JsonResponse:
    """Saves what has been typed so far on a page (sent by JavaScript as the officer types)."""
    draft = policy.get_own_draft_or_404(current_user(request), pk)
    if step not in STEPS:
        return JsonResponse({"saved": False}, status=404)
    contact_draft_save_step(draft=draft, step=step, raw=_raw(request))
    return JsonResponse({"saved": True, "at": timezone.now().isoformat()})


# --- The question pages ----------------------------------------------------------------


def contact_draft_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    draft = policy.get_own_draft_or_404(current_user(request), pk)
    if request.GET.get("from") == "check":
        contact_draft_note(draft=draft, key="_returning", value="check")
    if step in SIMPLE_FORMS:
        return _simple_step(request, draft, step)
    if step == "family":
        return _family_step(request, draft)
    if step in ("children", "adults"):
        return _people_step(request, draft, step)
    return redirect("contact-draft-resume", draft.pk)


def _simple_step(request: HttpRequest, draft: ContactDraft, step: str) -> HttpResponse:
    form_class = SIMPLE_FORMS[step]
    if request.method == "POST":
        form = form_class(request.POST)
        raw = _raw(request)
        if form.is_valid():
            contact_draft_save_step(draft=draft, step=step, raw=raw, clean=_clean_for(step, form))
            return HttpResponseRedirect(_next_url(draft, step))
        contact_draft_save_step(draft=draft, step=step, raw=raw)
    else:
        initial = _initial_for(step, draft)
        form = _prefilled(form_class, draft.raw(step), initial=initial)
    return render(
        request,
        f"frontdoor/contacts/step_{step}.html",
        {**_step_context(draft, step), "form": form},
    )


# Channels whose referral source goes without saying (CIN census codes).
REFERRAL_SOURCE_FOR_CHANNEL = {Channel.POLICE_DOMESTIC_INCIDENT: "6"}


def _initial_for(step: str, draft: ContactDraft) -> dict[str, Any]:
    if step == "received":
        now = timezone.localtime()
        return {"received_date": now.date(), "received_time": now.strftime("%H:%M")}
    if step == "referrer":
        channel = (draft.cleaned("received") or {}).get("channel")
        source = REFERRAL_SOURCE_FOR_CHANNEL.get(channel)  # type: ignore[call-overload]
        return {"referral_source": source} if source else {}
    return {}


def _clean_for(step: str, form: forms.Form) -> dict[str, Any]:
    data = form.cleaned_data
    if step == "received":
        return {
            "channel": data["channel"],
            "channel_label": Channel(data["channel"]).label,
            "received_at": data["received_at"].isoformat(),
        }
    if step == "referrer":
        return {
            "referral_source": data["referral_source"].code,
            "referral_source_label": str(data["referral_source"]),
            **{
                k: data[k]
                for k in (
                    "referrer_name",
                    "referrer_organisation",
                    "referrer_phone",
                    "referrer_email",
                )
            },
        }
    if step == "reason":
        return {
            "reason": data["reason"],
            "primary_issue": data["primary_issue"].code,
            "secondary_issues": [i.code for i in data["secondary_issues"]],
        }
    if step == "consent":
        return {k: data[k] for k in ("consent_to_share", "lawful_basis", "consent_to_contact")}
    raise ValueError(step)


# --- The family: search first, then choose or create -------------------------------------


def _family_step(request: HttpRequest, draft: ContactDraft) -> HttpResponse:
    user = current_user(request)
    chosen = draft.cleaned("family") or {}
    searched = draft.data.get("_family_search")
    q = request.GET.get("q", "").strip()
    households: list[dict[str, Any]] = []
    new_family_form = None

    if "\x00" in q:
        messages.error(request, "Remove the hidden control character (NUL) from the search")
        q = ""
    if request.method == "POST" and request.POST.get("action") == "choose":
        chosen_pk = request.POST.get("family", "")
        family = (
            policy.families_visible_to(user).filter(pk=int(chosen_pk)).first()
            if chosen_pk.isdigit()
            else None
        )
        if family is None:
            messages.error(
                request, "Select a family from the search results, or create a new family"
            )
            return redirect(
                reverse("contact-draft-step", args=[draft.pk, "family"])
                + "?"
                + urlencode({"q": searched or ""})
            )
        _choose_family(
            draft, {"family_id": family.pk, "label": _family_label(family), "searched": searched}
        )
        return HttpResponseRedirect(_next_url(draft, "family"))

    if request.method == "POST" and request.POST.get("action") == "new":
        if not searched:
            messages.error(request, "Search for the family first, so that no duplicate is created")
            return redirect("contact-draft-step", draft.pk, "family")
        new_family_form = NewFamilyForm(request.POST)
        contact_draft_save_step(draft=draft, step="family", raw=_raw(request))
        if new_family_form.is_valid():
            data = new_family_form.cleaned_data
            at_postcode = families_at_postcode(user=user, postcode=data["postcode"])
            if at_postcode and not data["not_a_duplicate"]:
                new_family_form.add_error(
                    "not_a_duplicate",
                    "Families already live at this postcode: check they are not this family, "
                    "then confirm",
                )
                households = [{"family": f, "people": _members(f)} for f in at_postcode]
            else:
                new_family = {
                    k: data[k]
                    for k in (
                        "address_line_1",
                        "address_line_2",
                        "town",
                        "postcode",
                        "address_confidential",
                    )
                }
                # Confirmed when the officer ticked past the families shown; the recording
                # service checks the postcode again when the contact is saved.
                new_family["confirmed_new"] = bool(at_postcode)
                _choose_family(
                    draft,
                    {
                        "family_id": None,
                        "new_family": new_family,
                        "searched": searched,
                        "label": f"New family at {data['postcode']}",
                    },
                )
                return HttpResponseRedirect(_next_url(draft, "family"))
    elif searched and (request.GET.get("new") or (draft.raw("family") and not chosen)):
        # Asked for, or a new family's address was being typed when the call dropped.
        new_family_form = _prefilled(NewFamilyForm, draft.raw("family"))

    if q:
        query = parse_people_query(q)
        matches = people_search(user=user, query=query, limit=40, request=request)
        households = _group_by_household(matches)
        contact_draft_note(draft=draft, key="_family_search", value=q)
        searched = q
        if new_family_form is None:
            # On the same page as the results: no extra page load to say "none of these".
            new_family_form = _prefilled(NewFamilyForm, draft.raw("family"))

    return render(
        request,
        "frontdoor/contacts/step_family.html",
        {
            **_step_context(draft, "family"),
            "q": q,
            "searched": searched,
            "households": households,
            "chosen": chosen,
            "new_family_form": new_family_form,
            "show_confidential": policy.can_see_confidential_address(user),
        },
    )


def _choose_family(draft: ContactDraft, clean: dict[str, Any]) -> None:
    previous = (draft.cleaned("family") or {}).get("family_id")
    contact_draft_save_step(draft=draft, step="family", clean=clean)
    if previous != clean.get("family_id"):
        # People chosen from the previous family no longer apply.
        for step in ("children", "adults"):
            entry = draft.data.get(step, {})
            if entry.get("clean", {}).get("existing"):
                contact_draft_save_step(
                    draft=draft, step=step, clean={**entry["clean"], "existing": []}
                )
    draft.refresh_from_db()


def _family_label(family: Family) -> str:
    surnames = sorted({m.person.family_name for m in _members(family)})
    return f"{family.reference} ({', '.join(surnames) or 'no members'}) {family.postcode}"


def _members(family: Family) -> list[HouseholdMember]:
    return list(HouseholdMember.objects.current().filter(family=family).select_related("person"))


def _group_by_household(matches: list[Any]) -> list[dict[str, Any]]:
    grouped: OrderedDict[int, dict[str, Any]] = OrderedDict()
    for match in matches:
        family = match.household
        if family is None:
            continue
        entry = grouped.setdefault(family.pk, {"family": family, "matches": [], "score": 0})
        entry["matches"].append(match)
        entry["score"] = max(entry["score"], match.score)
    return sorted(grouped.values(), key=lambda e: -e["score"])


# --- The people a contact is about -----------------------------------------------------


def _people_step(request: HttpRequest, draft: ContactDraft, step: str) -> HttpResponse:
    family_data = draft.cleaned("family")
    if not family_data:
        messages.error(request, "Choose the family first")
        return redirect("contact-draft-step", draft.pk, "family")
    is_children = step == "children"
    current = dict(draft.cleaned(step) or {"existing": [], "new": []})
    current.setdefault("existing", [])
    current.setdefault("new", [])
    user = current_user(request)
    family = policy.families_visible_to(user).filter(pk=family_data.get("family_id") or 0).first()
    household = _members(family) if family else []
    relationship_filter = (
        {HouseholdRelationship.CHILD}
        if is_children
        else {HouseholdRelationship.PARENT_CARER, HouseholdRelationship.OTHER_ADULT}
    )
    household = [m for m in household if m.relationship in relationship_filter]
    person_form = PersonForm(initial={"family_name": _likely_family_name(household, draft)})
    duplicates: list[Person] = []
    error = ""

    if request.method == "POST":
        action = request.POST.get("action", "continue")
        household_ids = {m.person_id for m in household}
        if action in ("add", "continue"):
            # Everything on the page is one form: what is ticked and chosen is kept
            # whichever button is pressed.
            current.update(_choices_posted(request, current, household_ids, is_children, draft))
        if action == "add" or (action == "continue" and _person_typed(request)):
            # "Save and continue" with a person typed in adds them first: one press
            # for the last child or adult, not two.
            person_form = PersonForm(request.POST)
            contact_draft_save_step(draft=draft, step=step, raw=_raw(request))
            added, duplicates = _add_person(
                request, user, person_form, current, draft, step, is_children
            )
            if added and action == "add":
                return redirect("contact-draft-step", draft.pk, step)
            if not added:
                action = "stay"
        if action == "use":
            chosen_pk = request.POST.get("person", "")
            person = (
                policy.people_visible_to(user)
                .filter(pk=int(chosen_pk), merged_into__isnull=True)
                .first()
                if chosen_pk.isdigit()
                else None
            )
            if person and person.pk not in current["existing"]:
                current["existing"] = [*current["existing"], person.pk]
                contact_draft_save_step(draft=draft, step=step, raw={}, clean=current)
            return redirect("contact-draft-step", draft.pk, step)
        elif action.startswith("remove-"):
            index = int(action.split("-", 1)[1]) if action.split("-", 1)[1].isdigit() else -1
            if 0 <= index < len(current["new"]):
                current["new"] = [p for i, p in enumerate(current["new"]) if i != index]
                contact_draft_save_step(draft=draft, step=step, clean=current)
            return redirect("contact-draft-step", draft.pk, step)
        elif action == "continue":
            if is_children and not (current["existing"] or current["new"]):
                error = "Select or add at least one child the contact is about"
            else:
                contact_draft_save_step(draft=draft, step=step, raw={}, clean=current)
                return HttpResponseRedirect(_next_url(draft, step))
    elif draft.raw(step):
        person_form = _prefilled(PersonForm, draft.raw(step))

    extra_people = policy.people_visible_to(user).filter(
        pk__in=[p for p in current["existing"] if p not in {m.person_id for m in household}]
    )
    new_people = [
        {**_person_for_display(p), "link_key": person_key(p, i)}
        for i, p in enumerate(current["new"])
    ]
    links: dict[str, Any] = {}
    if not is_children:
        children = _children_of(draft)
        links = {
            # By person id for records on file, by draft key for people added here.
            "link_rows": {
                **{
                    pk: _link_row(f"p{pk}", children, current)
                    for pk in [m.person_id for m in household] + [p.pk for p in extra_people]
                },
                **{p["link_key"]: _link_row(p["link_key"], children, current) for p in new_people},
            },
            # For the adult being typed in: kept as chosen when the page shows an error.
            "new_row": _link_row(
                "new",
                children,
                {
                    "relationships": {
                        "new": {c: request.POST.get(f"rel-new-{c}", "") for c, _ in children}
                    },
                    "alleged_perpetrators": ["new"] if request.POST.get("perp-new") else [],
                },
            ),
            "ask_perpetrator": (draft.cleaned("received") or {}).get("channel")
            == Channel.POLICE_DOMESTIC_INCIDENT,
        }
    return render(
        request,
        "frontdoor/contacts/step_people.html",
        {
            **_step_context(draft, step),
            **links,
            "is_children": is_children,
            "household": household,
            "selected": set(current["existing"]),
            "extra_people": extra_people,
            "new_people": new_people,
            "person_form": person_form,
            "duplicates": duplicates,
            "error": error,
        },
    )


# What on the add-a-person form counts as a person being typed in (the last name is
# suggested, and the sex defaults, so neither does).
_PERSON_TYPED = (
    "given_name",
    "date_of_birth_0",
    "date_of_birth_1",
    "date_of_birth_2",
    "expected_date_0",
    "expected_date_1",
    "expected_date_2",
    "nhs_number",
)


def _person_typed(request: HttpRequest) -> bool:
    return any(request.POST.get(name, "").strip() for name in _PERSON_TYPED)


def _choices_posted(
    request: HttpRequest,
    current: dict[str, Any],
    household_ids: set[int],
    is_children: bool,
    draft: ContactDraft,
) -> dict[str, Any]:
    """The household members ticked and (for adults) each one's relationships, as posted."""
    ticked = [int(v) for v in request.POST.getlist("existing") if v.isdigit()]
    extra = [pid for pid in current["existing"] if pid not in household_ids]
    chosen = {**current, "existing": [pid for pid in ticked if pid in household_ids] + extra}
    if not is_children:
        chosen.update(_relationships_posted(request, chosen, _children_of(draft)))
    return chosen


def _add_person(
    request: HttpRequest,
    user: Any,
    person_form: PersonForm,
    current: dict[str, Any],
    draft: ContactDraft,
    step: str,
    is_children: bool,
) -> tuple[bool, list[Person]]:
    """Add the person typed in to the draft's step, unless they may already be on file.
    Returns whether they were added, and the look-alikes to offer instead."""
    duplicates: list[Person] = []
    if not person_form.is_valid():
        return False, duplicates
    data = person_form.cleaned_data
    duplicates = people_like(
        user=user,
        given_name=data["given_name"],
        family_name=data["family_name"],
        date_of_birth=data.get("date_of_birth"),
        nhs_number=data.get("nhs_number", ""),
    )
    holder = nhs_number_holder(data.get("nhs_number", ""))
    if holder is not None:
        # No tick gets past an NHS number already on file: it is that person.
        person_form.add_error(
            "nhs_number",
            f"This NHS number is already on file for record P{holder.pk} "
            f"({holder.full_name}): use that record, or check the number",
        )
        visible = policy.people_visible_to(user).filter(pk=holder.pk).exists()
        if holder not in duplicates and visible:
            duplicates = [holder, *duplicates]
        return False, duplicates
    if duplicates and not data["not_a_duplicate"]:
        person_form.add_error(
            "not_a_duplicate",
            "People with these details already exist: use one of them, or confirm "
            "this is a different person",
        )
        return False, duplicates
    person = {**_person_json(data), "confirmed_new": bool(duplicates)}
    current["new"] = [*current["new"], person]
    if not is_children:
        # The relationships chosen beside the adult being added are theirs.
        key = person_key(person, len(current["new"]) - 1)
        links = {
            child: request.POST.get(f"rel-new-{child}", "")
            for child, _ in _children_of(draft)
            if request.POST.get(f"rel-new-{child}", "") in AdultRelationship.values
        }
        if links:
            current["relationships"] = {**current.get("relationships", {}), key: links}
        if request.POST.get("perp-new"):
            current["alleged_perpetrators"] = [*current.get("alleged_perpetrators", []), key]
    contact_draft_save_step(draft=draft, step=step, raw={}, clean=current)
    messages.success(request, f"{data['given_name']} {data['family_name']} added")
    return True, []


def _adult_summaries(details: ContactDetails) -> list[str]:
    """Each adult with their relationships, for checking: "Kerry Quinn: mother of Zara
    Quinn; named by the police as the alleged perpetrator"."""
    labels = dict(AdultRelationship.choices)
    lines = []
    for index, adult in enumerate(details.adults):
        parts = [
            f"{labels[link.relationship].lower()} of {details.children[link.child].given_name} "
            f"{details.children[link.child].family_name}"
            for link in details.relationships
            if link.adult == index
        ]
        line = f"{adult.given_name} {adult.family_name}"
        if parts:
            line += ": " + ", ".join(parts)
        if index in details.alleged_perpetrators:
            line += "; named by the police as the alleged perpetrator"
        lines.append(line)
    return lines


def _children_of(draft: ContactDraft) -> list[tuple[str, str]]:
    """The children chosen on this draft, as (key, name), for the adults' relationships."""
    return [
        (key, f"{person.given_name} {person.family_name}".strip())
        for key, person in keyed_people_from_draft(draft.cleaned("children") or {})
    ]


def _link_row(
    adult: str, children: list[tuple[str, str]], current: dict[str, Any]
) -> dict[str, Any]:
    """One adult's relationship selects (one per child) and alleged-perpetrator box."""
    chosen = current.get("relationships", {}).get(adult, {})
    return {
        "selects": [
            {
                "name": f"rel-{adult}-{child}",
                "label": f"relationship to {name}",
                "value": chosen.get(child, ""),
                "choices": AdultRelationship.choices,
            }
            for child, name in children
        ],
        "perpetrator_name": f"perp-{adult}",
        "perpetrator": adult in current.get("alleged_perpetrators", []),
    }


def _relationships_posted(
    request: HttpRequest, current: dict[str, Any], children: list[tuple[str, str]]
) -> dict[str, Any]:
    """Each chosen adult's relationship to each child (`rel-<adult>-<child>` selects) and
    whether a domestic-abuse notification names them (`perp-<adult>` boxes)."""
    adult_keys = [f"p{pk}" for pk in current["existing"]] + [
        person_key(person, i) for i, person in enumerate(current["new"])
    ]
    valid = set(AdultRelationship.values)
    relationships = {
        adult: {
            child: request.POST.get(f"rel-{adult}-{child}", "")
            for child, _ in children
            if request.POST.get(f"rel-{adult}-{child}", "") in valid
        }
        for adult in adult_keys
    }
    return {
        "relationships": {adult: links for adult, links in relationships.items() if links},
        "alleged_perpetrators": [a for a in adult_keys if request.POST.get(f"perp-{a}")],
    }


def _likely_family_name(household: list[HouseholdMember], draft: ContactDraft) -> str:
    if household:
        return household[0].person.family_name
    children = (draft.cleaned("children") or {}).get("new", [])
    return children[0]["family_name"] if children else ""


def _person_for_display(person: dict[str, Any]) -> dict[str, Any]:
    """A draft's new person with real dates, so templates format them like any other."""
    return {
        **person,
        "full_name": f"{person['given_name']} {person['family_name']}".strip(),
        "date_of_birth": date.fromisoformat(person["date_of_birth"])
        if person.get("date_of_birth")
        else None,
        "expected_date": date.fromisoformat(person["expected_date"])
        if person.get("expected_date")
        else None,
    }


def _person_json(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "key": secrets.token_hex(4),  # links to this person survive others' removal
        "given_name": data["given_name"].strip(),
        "family_name": data["family_name"].strip(),
        "date_of_birth": data["date_of_birth"].isoformat() if data.get("date_of_birth") else None,
        "expected_date": data["expected_date"].isoformat() if data.get("expected_date") else None,
        "sex": data.get("sex") or "not_known",
        "nhs_number": data.get("nhs_number", ""),
    }


# --- Check and submit ------------------------------------------------------------------


def contact_draft_check(request: HttpRequest, pk: int) -> HttpResponse:
    draft = policy.get_own_draft_or_404(current_user(request), pk)
    missing = first_incomplete_step(draft)
    if missing:
        messages.error(request, f"Complete “{STEP_TITLES[missing]}” before checking your answers")
        return redirect("contact-draft-step", draft.pk, missing)
    if request.method == "POST":
        try:
            contact = contact_draft_submit(draft=draft, recorded_by=current_user(request))
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            return redirect("contact-draft-check", draft.pk)
        except PossibleDuplicates as duplicates:
            # Someone recorded a look-alike since the officer checked: send them back to
            # the page where they can choose it or confirm.
            messages.error(request, f"{duplicates}.")
            step = "family" if duplicates.families else duplicates.people[0][0]
            return redirect("contact-draft-step", draft.pk, step)
        joined = contact.case.contacts.count() > 1
        messages.success(
            request,
            f"Contact {contact.reference} recorded"
            + (
                f" and added to the family's open case {contact.case.reference}"
                if joined
                else f": case {contact.case.reference} opened"
            ),
        )
        return redirect("contact-detail", contact.pk)
    contact_draft_note(draft=draft, key="_returning", value="check")
    details, family, new_family = contact_draft_details(draft)
    context = (
        family_context(user=current_user(request), family_id=family.pk, request=request)
        if family
        else None
    )
    return render(
        request,
        "frontdoor/contacts/check.html",
        {
            **_step_context(draft, "check"),
            "back_url": reverse("contact-draft-step", args=[draft.pk, STEPS[-1]]),
            "details": details,
            "adult_summaries": _adult_summaries(details),
            "family": family,
            "new_family": new_family,
            "received": draft.cleaned("received"),
            "referrer": draft.cleaned("referrer"),
            "reason": draft.cleaned("reason"),
            "consent": draft.cleaned("consent"),
            "issues": {i.code: i for i in PresentingIssue.objects.all()},
            "context": context,
            "consent_labels": dict(Consent.choices),
        },
    )


# --- Reading contacts ------------------------------------------------------------------


def contact_detail(request: HttpRequest, pk: int) -> HttpResponse:
    contact = contact_get_for_view(user=current_user(request), pk=pk, request=request)
    context = family_context(
        user=current_user(request), family_id=contact.family_id, request=request, log=False
    )
    return render(
        request,
        "frontdoor/contacts/detail.html",
        {
            "contact": contact,
            "context": context,
            "case": contact.case,
            "may_screen": bool(
                contacts_user_may_screen(user=current_user(request), contacts=[contact])
            ),
        },
    )


def contact_queue_view(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    if not policy.can_record_contacts(user):
        raise PermissionDenied
    channel = request.GET.get("channel") if request.GET.get("channel") in Channel.values else None
    issue = request.GET.get("issue") or None
    if issue and ("\x00" in issue or not PresentingIssue.objects.filter(code=issue).exists()):
        issue = None  # an unknown code filters nothing rather than failing
    locality = request.GET.get("locality", "")
    contacts = contact_queue(
        user=user,
        channel=channel,
        primary_issue=issue,
        locality_id=int(locality) if locality.isdigit() else None,
        request=request,
    )
    page = page_of(request, contacts)
    now = timezone.now()
    calendar = working_calendar_for(timezone.localdate(), span_days=400)
    screenable = contacts_user_may_screen(user=user, contacts=page.object_list)
    rows = [
        {
            "contact": c,
            "age_hours": calendar.working_hours_between(c.received_at, now),
            "may_screen": c.pk in screenable,
        }
        for c in page.object_list
    ]
    return render(
        request,
        "frontdoor/contacts/queue.html",
        {
            "page": page,
            "rows": rows,
            "channels": Channel.choices,
            "issues": PresentingIssue.objects.filter(is_active=True),
            "localities": Locality.objects.filter(is_active=True),
            "selected": {"channel": channel or "", "issue": issue or "", "locality": locality},
        },
    )
