"""Code lists from the national CIN census and the Supporting Families framework (§5).

Loaded by data migrations; administrators may deactivate an item but never delete one
that records use.
"""

from __future__ import annotations

from django.db import models


class CodeListItem(models.Model):
    code = models.CharField(max_length=10, unique=True)
    label = models.CharField(max_length=200)
    sort_order = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True)

    class Meta:
        abstract = True
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return f"{self.code}: {self.label}"


class ReferralSource(CodeListItem):
    class Meta(CodeListItem.Meta):
        pass


class PresentingIssue(CodeListItem):
    """A CIN assessment factor and whom the concern is about (`subject`).

    For factors 1–6 the code's suffix names the person (A the child, B a parent or carer,
    C another member of the household). For 8B–8F, 18B/18C and 19B/19C the letter is a
    sub-type (the fostering arrangement; child-on-child or adult-on-child) and the concern
    is about the child, so `subject` is A (migration 0013_factor_subjects).
    """

    class Subject(models.TextChoices):
        CHILD = "A", "Child"
        PARENT_CARER = "B", "Parent or carer"
        OTHER_MEMBER = "C", "Other household member"
        NONE = "", "Not specific"

    factor = models.CharField(max_length=4)
    subject = models.CharField(max_length=1, choices=Subject.choices, blank=True)

    class Meta(CodeListItem.Meta):
        pass


class OutcomeArea(CodeListItem):
    """A Supporting Families outcome area, for needs and outcomes."""

    class Meta(CodeListItem.Meta):
        pass
