"""A real ``celery beat`` keeps the heartbeat file its liveness probe reads
fresh, once per turn of its loop."""

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def wait_for(condition, timeout, what):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.2)


def test_beat_touches_its_heartbeat_after_every_turn_of_its_loop(tmp_path):
    schedule = tmp_path / "celerybeat-schedule"
    heartbeat = Path(f"{schedule}.heartbeat")
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("CELERY_", "REDIS_", "SENTRY_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="shop.settings.local",
        # Kombu's in-process transport: the tasks beat sends stay in this
        # process, and no worker anywhere receives them.
        CELERY_BROKER_URL="memory://",
        CELERY_TASK_ALWAYS_EAGER="false",
        # A turn every second, so that two of them fit in the test.
        CELERY_BEAT_MAX_LOOP_INTERVAL="1",
    )
    log = tmp_path / "beat.log"
    with open(log, "w") as output:
        beat = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "shop",
                "beat",
                "--loglevel=info",
                f"--schedule={schedule}",
            ],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_for(heartbeat.exists, 90, f"{heartbeat} (log: {log})")
            first = heartbeat.stat().st_mtime_ns
            wait_for(lambda: heartbeat.stat().st_mtime_ns > first, 30, "a second turn")
        finally:
            beat.terminate()
            beat.wait(timeout=30)

    assert "HeartbeatScheduler" in log.read_text()
