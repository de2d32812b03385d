"""The worker's analytics job (`manage.py db_worker`): rollups, then the retention purge."""

from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django_tasks import task

QUEUED_KEY = "analytics:rollup-queued"


@task()
def analytics_rollup() -> list[str]:
    """Roll up the days that got events, drop raw events past their retention and yesterday's-but-one salt."""
    from fair.analytics import recorder, services

    recorder.flush()  # what this process noted itself
    cache.delete(QUEUED_KEY)
    days = services.rollup_run()
    services.purge()
    return [str(day) for day in days]


def rollup_soon() -> None:
    """Queue one rollup ANALYTICS_ROLLUP_SECONDS from now, unless one is queued already (one cache call)."""
    if cache.add(QUEUED_KEY, 1, timeout=settings.ANALYTICS_ROLLUP_SECONDS * 4):
        run_after = timezone.now() + timedelta(seconds=settings.ANALYTICS_ROLLUP_SECONDS)
        analytics_rollup.using(run_after=run_after).enqueue()
