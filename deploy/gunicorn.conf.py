"""gunicorn settings for the web container (``gunicorn -c deploy/gunicorn.conf.py``).

Everything that depends on the machine comes from the environment, so one
image fits a laptop, a compose host and a Kubernetes pod with CPU limits
(where the node's CPU count says nothing about the pod's share).
"""

import multiprocessing
import os

from pythonjsonlogger.json import JsonFormatter


def env_int(name, default):
    value = os.environ.get(name, "")
    return int(value) if value else default


bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
# WEB_CONCURRENCY is the name most platforms set; GUNICORN_WORKERS wins.
workers = env_int(
    "GUNICORN_WORKERS",
    env_int("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1),
)
threads = env_int("GUNICORN_THREADS", 1)
timeout = env_int("GUNICORN_TIMEOUT", 30)
graceful_timeout = env_int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = env_int("GUNICORN_KEEPALIVE", 5)
# Recycle workers now and then so a slow leak never takes a pod down.
max_requests = env_int("GUNICORN_MAX_REQUESTS", 1000)
max_requests_jitter = env_int("GUNICORN_MAX_REQUESTS_JITTER", 100)
# Heartbeat files on tmpfs: a container's overlay disk can stall them.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None

# nginx or the ingress controller in front sets X-Forwarded-*; only trust it
# from there (the default "*" suits a private network behind the proxy).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "*")

loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# The client address as nginx saw it, and the time taken in seconds (%(L)s):
# the message of each access line, whose parts are fields of their own too.
access_log_format = (
    '%({x-forwarded-for}i)s %(h)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(L)s'
)


class AccessJsonFormatter(JsonFormatter):
    """gunicorn's access line as JSON fields: who asked what, the answer, the
    time it took, and the request id that the application's lines carry."""

    ATOMS = {
        "remote_addr": "h",
        "forwarded_for": "{x-forwarded-for}i",
        "method": "m",
        "path": "U",
        "query": "q",
        "status": "s",
        "bytes": "B",
        "referrer": "f",
        "user_agent": "a",
        # The application's answer carries the proxy's id, or the one it made.
        "request_id": "{x-request-id}o",
    }

    def add_fields(self, log_record, record, message_dict):
        super().add_fields(log_record, record, message_dict)
        atoms = record.args
        for field, atom in self.ATOMS.items():
            log_record[field] = atoms[atom]
        if str(log_record["status"]).isdigit():
            log_record["status"] = int(log_record["status"])
        log_record["duration_ms"] = round(atoms["D"] / 1000, 1)


# JSON lines like the application's (shop/settings/production.py): the error
# log (start, stop, worker timeouts) on stderr, the access log on stdout.
JSON_FIELDS = {
    "fmt": ["levelname", "name", "message"],
    "rename_fields": {"levelname": "level", "name": "logger"},
    "timestamp": "time",
}
logconfig_dict = {
    "formatters": {
        "json": {"()": JsonFormatter, **JSON_FIELDS},
        "access_json": {"()": AccessJsonFormatter, **JSON_FIELDS},
    },
    "handlers": {
        "error_console": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "stream": "ext://sys.stderr",
        },
        "access_console": {
            "class": "logging.StreamHandler",
            "formatter": "access_json",
            "stream": "ext://sys.stdout",
        },
    },
    "root": {"level": "INFO", "handlers": ["error_console"]},
    "loggers": {
        "gunicorn.error": {
            "level": loglevel.upper(),
            "handlers": ["error_console"],
            "propagate": False,
        },
        "gunicorn.access": {
            "level": "INFO",
            "handlers": ["access_console"],
            "propagate": False,
        },
    },
}
