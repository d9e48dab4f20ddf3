"""Celery beat's scheduler, with a heartbeat its liveness probe can read.

Beat serves no port to probe, and a beat that hangs (on a broker that stopped
answering, say) still looks alive to its container runtime. This scheduler
touches ``<schedule file>.heartbeat`` after every turn of beat's loop, once
the tasks due have been sent; the probe (``deploy/k8s/celery.yaml``) fails
when the file is older than a few turns.
"""

from pathlib import Path

from celery.beat import PersistentScheduler


class HeartbeatScheduler(PersistentScheduler):
    """Beat's default scheduler, which also touches a heartbeat file."""

    @property
    def heartbeat_path(self):
        return Path(f"{self.schedule_filename}.heartbeat")

    def tick(self, *args, **kwargs):
        interval = super().tick(*args, **kwargs)
        self.heartbeat_path.touch()
        return interval
