"""Every response carries the security headers; production settings turn HSTS on (issue 15)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]


def test_a_page_carries_every_security_header(personas, client):
    client.force_login(personas.contact_officer)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    csp = response.headers["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert "no-store" in response.headers["Cache-Control"]


def test_the_sign_in_page_and_the_api_carry_them_too(client):
    for url in (reverse("login"), "/api/v1/cases/"):
        response = client.get(url)
        assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert "no-store" in response.headers["Cache-Control"]


def test_production_settings_send_hsts_for_a_year_and_redirect_to_https():
    # tests/settings.py switches these off for the test client; production leaves them unset.
    unset = {"SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE"}
    unset |= {k for k in os.environ if k.startswith("SECURE_HSTS")}
    env = {
        **{k: v for k, v in os.environ.items() if k not in unset},
        "DEBUG": "false",
        "SECRET_KEY": "x" * 60,
        "ALLOWED_HOSTS": "pathway.example.org",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_SSL_REDIRECT, "
        "s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.split() == ["31536000", "True", "True", "True", "True"]


def test_no_template_has_inline_script_style_or_event_handlers():
    """The CSP forbids them, so one would silently not work. The API documentation page
    (drf-spectacular's Swagger UI) is the one exception, served with its own policy."""
    offending = []
    for path in (ROOT / "templates").rglob("*.html"):
        if path.parts[-2] == "drf_spectacular":
            continue
        text = path.read_text()
        if re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text) or "<style" in text:
            offending.append(str(path))
        if re.search(r"""\sstyle=["']|\son[a-z]+=["']""", text):
            offending.append(str(path))
    assert offending == []
