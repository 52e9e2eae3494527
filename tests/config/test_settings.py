"""Production settings: safe, and loud about what is missing."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def manage(*args: str, env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    # A bare environment, as on a new server: nothing leaks in from the test process.
    clean = {
        "PATH": os.environ["PATH"],
        "HOME": os.environ.get("HOME", "/tmp"),
        "VAR_DIR": str(tmp_path),
    }
    clean.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


PRODUCTION_LIKE = {
    "DEBUG": "false",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "pathway.example.gov.uk",
}


def test_check_deploy_passes_with_production_like_settings(tmp_path):
    result = manage(
        "check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_LIKE, tmp_path=tmp_path
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_missing_secret_key_in_production_is_a_clear_error(tmp_path):
    env = {**PRODUCTION_LIKE}
    env.pop("SECRET_KEY")
    result = manage("check", env=env, tmp_path=tmp_path)
    assert result.returncode == 2
    assert "SECRET_KEY is not set" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_malformed_boolean_setting_is_a_clear_error(tmp_path):
    result = manage("check", env={**PRODUCTION_LIKE, "DEBUG": "maybe"}, tmp_path=tmp_path)
    assert result.returncode == 2
    assert "DEBUG must be true or false" in result.stderr


def test_an_unreachable_database_is_a_clear_error(tmp_path):
    env = {
        **PRODUCTION_LIKE,
        "DATABASE_URL": "postgres://postgres@127.0.0.1:1/nothing",
        "DATABASE_CONNECT_TIMEOUT": "2",
    }
    result = manage("migrate", env=env, tmp_path=tmp_path)
    assert result.returncode == 3
    assert "Cannot use the database at 127.0.0.1:1" in result.stderr
    assert "Traceback" not in result.stderr


def test_development_runs_without_a_secret_key(tmp_path):
    result = manage("check", env={"DEBUG": "true"}, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr


def test_build_commands_need_no_secret(tmp_path):
    """makemigrations (and the schema and static builds) run on a build server with no secret."""
    result = manage("makemigrations", "--check", "--dry-run", env={}, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "No changes detected" in result.stdout
