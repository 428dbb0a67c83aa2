"""gunicorn settings for production (README "Running in production"; docs/security.md §4).

    gunicorn -c config/gunicorn.conf.py config.wsgi:application

Every value can be overridden from the environment (GUNICORN_*), as bench/ does for its loopback runs.
"""

import multiprocessing
import os


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


bind = os.environ.get("GUNICORN_BIND", f"0.0.0.0:{os.environ.get('PORT', '8000')}")
wsgi_app = "config.wsgi:application"

# Threads, not only processes: a client that sends its request slowly holds one thread, not a whole worker, so a
# handful of slow clients cannot take every worker (with 2 workers × 8 threads, four slow clients hold 4 of 16).
# Eight, not more: request handling is mostly Python, so extra threads only queue for the interpreter lock.
# bench/declarations_post.py on 2 CPUs, 2 workers, two runs each; POST p95 as a multiple of the read's p95, and
# POST p99: 16 threads 1.50× and 1.47× (364 and 317 ms); 8 threads 1.01× and 1.12× (247 and 199 ms); 4 threads
# 0.97× and 0.97× (155 and 200 ms); throughput within the noise. Four would trim the tail a little more, but 2 × 4
# slots would let four slow clients hold half the server (tests/platform/test_production_server.py). Each thread
# keeps a database connection: 16 per 2-CPU server, not 32.
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gthread")
workers = _int("GUNICORN_WORKERS", max(2, multiprocessing.cpu_count()))
threads = _int("GUNICORN_THREADS", 8)

# A request that has not finished in `timeout` seconds has its worker restarted; the slowest legitimate request
# (3000 participants a page) takes well under a second.
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = _int("GUNICORN_KEEPALIVE", 5)
# Workers are replaced now and then, so a leak in one cannot grow for ever; rarely, because a worker that goes
# drops the idle keep-alive connections it holds, and a client that sends on one at that moment gets a reset. With
# 5000, bench/declarations_post.py (about 3500 requests a worker) saw 2–25 socket errors in 3 runs of 5; with
# recycling off, none in 2.
max_requests = _int("GUNICORN_MAX_REQUESTS", 100_000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 10_000)

# `filter[participant_id]` may list 3000 UUIDs (about 111,000 characters), beyond gunicorn's largest finite request
# line (8190), so the request line is not limited here: the load balancer in front caps it (README: 128 KiB → 414).
limit_request_line = _int("GUNICORN_LIMIT_REQUEST_LINE", 0)
limit_request_fields = _int("GUNICORN_LIMIT_REQUEST_FIELDS", 100)
limit_request_field_size = _int("GUNICORN_LIMIT_REQUEST_FIELD_SIZE", 8190)

# The load balancer terminates TLS and sets X-Forwarded-For/Proto; only its addresses are trusted for them.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")


def post_worker_init(worker):
    # A request gunicorn cannot parse (a NUL in a header, a malformed header line) never reaches Django: under
    # /api/ it is answered in that API's JSON error shape, not gunicorn's HTML page (docs/security.md §3).
    from config.gunicorn_errors import answer_api_errors_in_json

    answer_api_errors_in_json(worker)
