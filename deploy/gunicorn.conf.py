"""gunicorn settings for the web container (``gunicorn -c deploy/gunicorn.conf.py``).

Everything that depends on the machine comes from the environment, so one
image fits a laptop, a compose host and a Kubernetes pod with CPU limits
(where the node's CPU count says nothing about the pod's share).
"""

import multiprocessing
import os


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

accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = os.environ.get("GUNICORN_ERROR_LOG", "-")
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# The client address as nginx saw it, and the time taken in seconds (%(L)s).
access_log_format = (
    '%({x-forwarded-for}i)s %(h)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(L)s'
)
