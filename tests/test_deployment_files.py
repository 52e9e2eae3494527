"""docker-compose.yml and the Dockerfile agree with the settings the app reads."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_has_the_five_services():
    services = compose()["services"]
    assert set(services) == {"web", "worker", "beat", "postgres", "redis"}
    assert "gunicorn" in services["web"]["command"]
    assert "migrate" in services["web"]["command"]
    assert services["worker"]["command"].startswith("celery -A pathway worker")
    assert services["beat"]["command"].startswith("celery -A pathway beat")


def test_app_services_share_one_environment_using_the_settings_names():
    services = compose()["services"]
    settings_source = (ROOT / "pathway" / "settings.py").read_text()
    read_by_settings = set(re.findall(r'env_(?:str|bool|int|list)\("([A-Z_]+)"', settings_source))
    for name in ("web", "worker", "beat"):
        env = services[name]["environment"]
        assert env["DATABASE_URL"].startswith("postgres://")
        assert env["REDIS_URL"].startswith("redis://")
        assert env["DEBUG"] == "false"
        unknown = set(env) - read_by_settings - {"ALLOW_DEMO_DATA"}
        assert not unknown, f"{name} sets variables the settings never read: {unknown}"


def test_dockerfile_copies_every_app():
    dockerfile = (ROOT / "Dockerfile").read_text()
    for app in ("pathway", "localities", "screening", "caf", "reporting", "templates", "static"):
        assert f"COPY {app} ./{app}" in dockerfile
