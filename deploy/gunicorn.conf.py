"""gunicorn's settings for production (`gunicorn -c deploy/gunicorn.conf.py config.wsgi`),
behind nginx on the same machine. Override any of them with GUNICORN_* environment variables."""

import multiprocessing
import os

import gunicorn
import gunicorn.http.wsgi

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then, so a slow leak in a library never grows without bound.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = 200
preload_app = False
accesslog = "-"
errorlog = "-"
forwarded_allow_ips = "127.0.0.1"

# The Server header names no software (a scanner would look up gunicorn's known flaws).
# gunicorn has no setting for it (its maintainers declined one: benoitc/gunicorn#825): every
# response takes the name from gunicorn.http.wsgi.SERVER ("gunicorn"), read as each response
# is made, and drops any Server header the application sets. So the name is replaced here, in
# the master before it starts the workers; tests/test_production_layout.py checks the header.
# (nginx in front drops gunicorn's Server header anyway and, with server_tokens off, names
# itself without its version.)
gunicorn.SERVER = gunicorn.http.wsgi.SERVER = "sro"
