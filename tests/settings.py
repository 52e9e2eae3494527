"""Settings for the test run: production settings with test-only relaxations.

Only what a test run genuinely needs differs from production: a fixed secret, plain
HTTP (the live server has no TLS), a fast password hasher (Argon2 is deliberately slow)
and un-hashed static file names (no collectstatic before tests).
"""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "tests-only-secret-key-" + "x" * 40)
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("SESSION_COOKIE_SECURE", "false")
os.environ.setdefault("CSRF_COOKIE_SECURE", "false")
# Each pytest-xdist worker gets its own scratch folder and Celery queue, so one worker's
# Celery tests never pick up another worker's tasks.
_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "main")
os.environ.setdefault("VAR_DIR", os.path.join(tempfile.gettempdir(), f"pathway-tests-{_WORKER}"))

from config.settings import *  # noqa: E402,F403

PRODUCTION_PASSWORD_HASHERS = PASSWORD_HASHERS  # noqa: F405
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
ALLOWED_HOSTS = ["*"]
WHITENOISE_USE_FINDERS = True
STATIC_ROOT = VAR_DIR / "staticfiles"  # noqa: F405
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
CELERY_TASK_DEFAULT_QUEUE = f"pathway-tests-{_WORKER}"
