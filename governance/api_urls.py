"""Information governance's API (DESIGN §8)."""

from django.urls import path  # noqa: F401

urlpatterns: list[object] = []
