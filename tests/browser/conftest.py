"""Playwright against Debian's Chromium (never a downloaded browser), with axe checks."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.conftest import skip_or_fail

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
STATIC_BUILD = Path(__file__).resolve().parents[2] / "static" / "dist" / "css" / "application.css"

# WCAG 2.2 A and AA, plus axe's best practices (landmarks, headings, …).
AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
    }
}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(autouse=True)
def _browser_available() -> None:
    if not CHROMIUM.exists():
        skip_or_fail(
            f"{CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium)"
        )
    if not STATIC_BUILD.exists():
        skip_or_fail("static/dist is missing: run `npm ci && npm run build` first")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    }


@pytest.fixture(scope="session")
def axe() -> Axe:
    return Axe()


@pytest.fixture
def assert_accessible(axe: Axe):
    """Run axe on the page as it is now; fail with axe's report if anything is violated."""

    def check(page) -> None:  # type: ignore[no-untyped-def]
        results = axe.run(page, options=AXE_OPTIONS)
        assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"

    return check


@pytest.fixture
def sign_in(live_server):
    def go(page, username: str, password: str) -> None:  # type: ignore[no-untyped-def]
        from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
        from django_otp.plugins.otp_totp.models import TOTPDevice

        from pathway import policy
        from pathway.models import User

        # Accounts with two-step verification (partners, docs/adr/0014) sign in with a
        # recovery code made for this sign-in; tests/pathway/test_mfa.py tests the app.
        user = User.objects.filter(username=username).first()
        needs_code = user is not None and policy.mfa_required(user)
        if needs_code:
            TOTPDevice.objects.get_or_create(
                user=user, name="Authenticator app", defaults={"confirmed": True}
            )
            device, _ = StaticDevice.objects.get_or_create(user=user, name="Recovery codes")
            StaticToken.objects.create(device=device, token="browsercode1")
        page.goto(f"{live_server.url}/sign-in/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign in").click()
        if needs_code:
            page.get_by_label("Code").fill("browsercode1")
            page.get_by_role("button", name="Continue").click()

    return go
