"""The Celery application.

Redis is the broker when REDIS_URL is set; otherwise kombu's file-system transport
(configured in settings) lets `celery -A pathway worker -B` run the same beat schedule on a
laptop. Tasks subclass Celery's DjangoTask, so services enqueue with
`task.delay_on_commit(...)`: nothing reaches the broker unless the transaction that
asked for it commits.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pathway.settings")

app = Celery("pathway", task_cls="celery.contrib.django.task:DjangoTask")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
