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
    assert services["worker"]["command"].startswith("celery -A config worker")
    assert services["beat"]["command"].startswith("celery -A config beat")


def test_app_services_share_one_environment_using_the_settings_names():
    services = compose()["services"]
    settings_source = (ROOT / "config" / "settings.py").read_text()
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
    for app in (
        "config",
        "pathway",
        "frontdoor",
        "casework",
        "localities",
        "screening",
        "caf",
        "reporting",
        "demo",
        "templates",
        "static",
    ):
        assert f"COPY {app} ./{app}" in dockerfile


def test_worker_and_beat_have_healthchecks_and_wait_for_web():
    services = compose()["services"]
    for name in ("worker", "beat"):
        assert "healthcheck" in services[name], f"{name} has no healthcheck"
        assert services[name]["depends_on"]["web"]["condition"] == "service_healthy"
    assert "--require" in services["beat"]["healthcheck"]["test"]
    assert "scheduler" in services["beat"]["healthcheck"]["test"]
    assert "inspect ping" in " ".join(services["worker"]["healthcheck"]["test"])


def test_app_services_run_read_only_with_a_data_volume_at_var_dir():
    services = compose()["services"]
    dockerfile = (ROOT / "Dockerfile").read_text()
    var_dir = re.search(r"VAR_DIR=(\S+)", dockerfile).group(1)
    for name in ("web", "worker", "beat"):
        assert services[name]["read_only"] is True
        assert any(v.endswith(f":{var_dir}") for v in services[name]["volumes"]), name
