"""The production server configuration in the repository (config/gunicorn.conf.py, docs/security.md §4)."""

import runpy
import uuid
from pathlib import Path

from tests.platform.conftest import wait_until

CONFIG = Path(__file__).resolve().parents[2] / "config" / "gunicorn.conf.py"


def test_slow_clients_cannot_hold_every_worker():
    conf = runpy.run_path(str(CONFIG))
    assert conf["worker_class"] == "gthread"
    # Four clients trickling their bodies hold four threads, leaving most of the server free.
    assert conf["workers"] * conf["threads"] >= 4 * 4
    assert conf["timeout"] <= 60


def test_a_request_line_with_3000_uuids_fits():
    conf = runpy.run_path(str(CONFIG))
    line = "GET /api/v3/participants?filter[participant_id]=" + ",".join(str(uuid.uuid4()) for _ in range(3000))
    limit = conf["limit_request_line"]
    assert limit == 0 or len(line) < limit


def test_the_benchmarks_run_the_repository_configuration():
    bench = Path(__file__).resolve().parents[2] / "bench"
    for script in ("common.py", "participants_page.py"):
        assert "config/gunicorn.conf.py" in (bench / script).read_text().replace('" / "', "/")


def _start_gunicorn(port: int):
    import os
    import secrets
    import subprocess

    root = CONFIG.parents[1]
    env = {
        **os.environ,
        "DATABASE_URL": os.environ.get("DATABASE_URL", "postgresql://nobody@127.0.0.1/none"),
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "1",
        "GUNICORN_THREADS": "2",
        "GUNICORN_ACCESS_LOG": "",
        "GUNICORN_LOG_LEVEL": "critical",
        "LOG_LEVEL": "CRITICAL",
    }
    return subprocess.Popen(
        [str(root / ".venv/bin/gunicorn"), "-c", str(CONFIG)],
        cwd=root,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def _raw(port: int, request: bytes) -> tuple[int, str, bytes]:
    """Sends bytes as they are (no client library would send these) and returns status, content type, body."""
    import socket

    def connected():
        try:
            return socket.create_connection(("127.0.0.1", port), timeout=30)
        except OSError:
            return None  # gunicorn is not listening yet

    with wait_until(connected, f"gunicorn on 127.0.0.1:{port}", 30) as sock:
        sock.sendall(request)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.split(": ", 1) for line in lines[1:])
    return int(lines[0].split()[1]), headers.get("Content-Type", ""), body


def test_requests_gunicorn_cannot_read_are_answered_in_the_apis_json():
    """A NUL in the Content-Type header (or a header line without a colon) is refused by gunicorn before Django
    runs; under /api/ the answer is still that API's JSON 400, elsewhere gunicorn's own page (docs/security.md
    §3)."""
    import json
    import os
    import signal
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = _start_gunicorn(port)
    nul_content_type = b"Content-Type: application/json\x00\r\nContent-Length: 2\r\n\r\n{}"
    no_colon = b"Content-Type application/json\r\nContent-Length: 2\r\n\r\n{}"
    try:
        for path, shape in (
            ("/api/v3/participant-declarations", {"title": "Bad request"}),
            ("/api/v1.0-pre/trainees", {"error": "BadRequest"}),
        ):
            for bad in (nul_content_type, no_colon):
                request = f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n".encode() + bad
                status, content_type, body = _raw(port, request)
                assert (status, content_type) == (400, "application/json"), (path, status, body[:200])
                [error] = json.loads(body)["errors"]
                assert error.items() >= shape.items(), error
        status, content_type, _ = _raw(port, b"POST /school/sign-in HTTP/1.1\r\nHost: 127.0.0.1\r\n" + nul_content_type)
        assert (status, content_type) == (400, "text/html")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
