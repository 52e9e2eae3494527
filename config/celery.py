"""The Celery application.

Redis is the broker when REDIS_URL is set; otherwise kombu's file-system transport
(configured in settings) lets `celery -A config worker -B` run the same beat schedule on a
laptop. Tasks subclass Celery's DjangoTask, so services enqueue with
`task.delay_on_commit(...)`: nothing reaches the broker unless the transaction that
asked for it commits.
"""

import os
from pathlib import Path

from celery import Celery
from celery.beat import PersistentScheduler

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("pathway", task_cls="celery.contrib.django.task:DjangoTask")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


class ResilientPersistentScheduler(PersistentScheduler):
    """Celery's file-backed scheduler, creating the folder for its state file first.

    Beat keeps when each entry last ran in a small file (`beat_schedule_filename`). On a
    fresh checkout or an empty data volume its folder may not exist yet, and the stock
    scheduler then dies at start-up with FileNotFoundError while the worker runs on, so no
    deadline sweep ever runs. Losing the file is harmless (every scheduled task is
    idempotent and the deadlines live in the database); missing its folder must not be fatal.
    """

    schedule_filename: str  # set by PersistentScheduler.__init__ (celery-types omits it)

    def setup_schedule(self) -> None:
        Path(self.schedule_filename).parent.mkdir(parents=True, exist_ok=True)
        super().setup_schedule()
