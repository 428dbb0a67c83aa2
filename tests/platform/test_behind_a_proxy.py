"""Two production servers behind a real reverse proxy (README "Running in production", docs/security.md §4).

nginx (Debian's, installed by scripts/nginx.sh, which `make test` runs) balances two gunicorn servers started with
the repository's configuration and the production settings, each serving the test database as the app role. The
proxy connects to them from its own loopback address (127.0.0.10, the only one in TRUSTED_PROXY_IPS) and appends
the client's address to X-Forwarded-For; each client connects from an address of its own (127.0.0.x). Checked
through the proxy: every per-client limit counts the client, not the proxy; a session started on one server is good
on the other; 429 and 503 say when to retry; and an X-Forwarded-For the client wrote is ignored.

Bounded: one set of servers for the whole module, one test, a few seconds beyond `collectstatic`.
"""

import http.client
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import urllib.parse
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection

from config import clock
from partnerships.services import api_token_create
from schools.models import SchoolUser
from schools.rules import contract_year
from tests.factories import SchoolFactory
from tests.platform.conftest import wait_until

ROOT = Path(__file__).resolve().parents[2]
PROXY_ADDRESS = "127.0.0.10"  # nginx's side of its connections to the servers
SIGN_IN_LIMIT = 5


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _nginx_path() -> str:
    path = os.environ.get("NGINX_PATH") or shutil.which("nginx") or "/usr/sbin/nginx"
    if not os.path.exists(path):
        pytest.fail("nginx is not installed: `make test` installs Debian's nginx (scripts/nginx.sh)")
    return path


def _database_url() -> str:
    settings = connection.settings_dict
    role = os.environ.get("DATABASE_APP_ROLE") or settings["USER"]  # the servers run as the app role
    return f"postgresql://{role}@{quote(settings['HOST'] or '', safe='')}/{settings['NAME']}"


NGINX_CONF = """
daemon off;
master_process off;
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log warn;
events {{ worker_connections 256; }}
http {{
  access_log off;
  client_body_temp_path {tmp}/body;
  proxy_temp_path {tmp}/proxy;
  fastcgi_temp_path {tmp}/fastcgi;
  uwsgi_temp_path {tmp}/uwsgi;
  scgi_temp_path {tmp}/scgi;
  upstream servers {{ server 127.0.0.1:{first} max_fails=0; server 127.0.0.1:{second} max_fails=0; }}
  server {{
    listen 127.0.0.1:{port};
    location / {{
      proxy_pass http://servers;
      proxy_bind {proxy_address};
      proxy_next_upstream off;
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      add_header X-Upstream $upstream_addr always;
    }}
  }}
}}
"""


class Visitor:
    """One client at its own loopback address. Keeps its cookies itself: production cookies are Secure and this is
    plain HTTP on loopback."""

    def __init__(self, port: int, address: str, forwarded_for: str | None = None):
        self.port, self.address, self.forwarded_for = port, address, forwarded_for
        self.cookies: dict[str, str] = {}
        self.token = ""

    def request(self, method: str, path: str, form: dict | None = None, headers: dict | None = None):
        connection_ = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30, source_address=(self.address, 0))
        sent = dict(headers or {})
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        if self.forwarded_for:
            sent["X-Forwarded-For"] = self.forwarded_for
        body = None
        if form is not None:
            body = urllib.parse.urlencode({**form, "csrfmiddlewaretoken": self.token})
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection_.request(method, path, body=body, headers=sent)
            response = connection_.getresponse()
            text = response.read().decode()
        finally:
            connection_.close()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', text)
        if found:
            self.token = found.group(1)
        return response, text

    def post_form(self, page: str, form: dict, to: str | None = None):
        self.request("GET", page)
        return self.request("POST", to or page, form)[0]


def _answers(port: int, path: str = "/healthz", status: int = 200) -> bool:
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        conn.request("GET", path)
        return conn.getresponse().status == status
    except OSError:
        return False


@pytest.fixture(scope="module")
def stack(django_db_setup, tmp_path_factory):
    """nginx in front of two gunicorn servers; yields the proxy's port, the servers' ports and their output files."""
    nginx = _nginx_path()
    tmp = tmp_path_factory.mktemp("proxy")
    ports = [_free_port() for _ in range(3)]
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(60),  # one key for both servers, as a deployment has
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "STATIC_ROOT": str(tmp / "static"),
        "TRUSTED_PROXY_IPS": PROXY_ADDRESS,
        "FORWARDED_ALLOW_IPS": PROXY_ADDRESS,
        "SCHOOL_SIGN_IN_RATE_LIMIT": str(SIGN_IN_LIMIT),
        # A day-long window, so that no window boundary falls between a test's requests.
        "SCHOOL_SIGN_IN_RATE_WINDOW_SECONDS": "86400",
        "API_BAD_TOKEN_LIMIT": "3",
        "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
        "GUNICORN_WORKERS": "1",
        "GUNICORN_THREADS": "4",
        "GUNICORN_ACCESS_LOG": "",
        "GUNICORN_LOG_LEVEL": "warning",
        "LOG_LEVEL": "ERROR",
    }
    env.pop("DATABASE_APP_ROLE", None)
    subprocess.run(
        [str(ROOT / ".venv/bin/python"), "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    servers, outputs = [], [tmp / "server-0.out", tmp / "server-1.out"]
    for port, output in zip(ports[1:], outputs, strict=True):
        with output.open("w") as stdout:
            servers.append(
                subprocess.Popen(
                    [str(ROOT / ".venv/bin/gunicorn"), "-c", str(ROOT / "config/gunicorn.conf.py")],
                    cwd=ROOT,
                    env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}"},
                    stdout=stdout,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            )
    # A deployment runs a worker of the job queue beside its servers: it sends the sign-in codes the pages queue.
    outputs.append(tmp / "worker.out")
    with outputs[-1].open("w") as stdout:
        servers.append(
            subprocess.Popen(
                [str(ROOT / ".venv/bin/python"), "manage.py", "worker", "--name", "behind-a-proxy"],
                cwd=ROOT,
                env=env,
                stdout=stdout,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        )
    proxy = None
    try:
        for port in ports[1:]:
            wait_until(lambda port=port: _answers(port), f"the server on 127.0.0.1:{port}")
        (tmp / "nginx.conf").write_text(
            NGINX_CONF.format(tmp=tmp, port=ports[0], first=ports[1], second=ports[2], proxy_address=PROXY_ADDRESS)
        )
        proxy = subprocess.Popen(
            [nginx, "-p", str(tmp), "-c", str(tmp / "nginx.conf"), "-e", str(tmp / "nginx-error.log")],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_until(lambda: _answers(ports[0]), "nginx")
        yield {"port": ports[0], "servers": ports[1:], "outputs": outputs}
    finally:
        if proxy is not None:
            proxy.terminate()
            proxy.wait(timeout=20)
        for server in servers:
            os.killpg(server.pid, signal.SIGTERM)
        for server in servers:
            server.wait(timeout=30)
        shutil.rmtree(tmp / "static", ignore_errors=True)  # 50 MB a run


# How many codes each address has been sent so far: each call waits for the next one.
_SENT: dict[str, int] = {}


def _code_for(email: str, outputs: list[Path]) -> str:
    """The sign-in code the console email backend printed for the latest request, by the worker that sent it."""

    def codes() -> list[str]:
        return [
            code
            for output in outputs
            for to, code in re.findall(r"To: (\S+)\n.*?Your sign-in code is (\d{6})", output.read_text(), re.DOTALL)
            if to == email
        ]

    wait_until(lambda: len(codes()) > _SENT.get(email, 0), f"the sign-in code for {email}")
    _SENT[email] = len(codes())
    return codes()[-1]


def _check_school_sign_in_counts_each_client(port: int) -> None:
    # Seven clients behind the one proxy, one attempt each: the limit (5) counts clients, not the proxy.
    statuses = [
        Visitor(port, f"127.0.0.{20 + i}").post_form("/school/sign-in", {"email": "nobody@example.com"}).status
        for i in range(7)
    ]
    assert statuses == [302] * 7
    # One client over the limit is refused, and told when to retry; an X-Forwarded-For it writes changes nothing.
    statuses = []
    for attempt in range(SIGN_IN_LIMIT + 1):
        visitor = Visitor(port, "127.0.0.30", forwarded_for=f"198.51.100.{attempt}")
        response = visitor.post_form("/school/sign-in", {"email": "nobody@example.com"})
        statuses.append(response.status)
    assert statuses == [302] * SIGN_IN_LIMIT + [429]
    assert int(response.getheader("Retry-After")) > 0


def _check_admin_lockout_counts_each_client(port: int) -> None:
    attacker = Visitor(port, "127.0.0.40")
    for _ in range(5):
        response = attacker.post_form("/admin/login/", {"username": "finance.lead", "password": "wrong"})
    assert response.status == 429
    assert int(response.getheader("Retry-After")) > 0
    colleague = Visitor(port, "127.0.0.41")
    assert colleague.post_form("/admin/login/", {"username": "finance.lead", "password": "correct-horse"}).status == 302


def _check_unknown_tokens_count_each_client(port: int, token: str) -> None:
    def get(visitor: Visitor, bearer: str):
        return visitor.request("GET", "/api/v3/delivery-partners", headers={"Authorization": f"Bearer {bearer}"})[0]

    guesser = Visitor(port, "127.0.0.50")
    statuses = [get(guesser, "not-a-token").status for _ in range(3)]
    limited = get(guesser, "not-a-token")
    assert (statuses, limited.status) == ([401] * 3, 429)
    assert int(limited.getheader("Retry-After")) > 0
    assert get(Visitor(port, "127.0.0.51"), token).status == 200


def _check_a_session_is_good_on_both_servers(port: int, outputs: list[Path], email: str) -> None:
    visitor = Visitor(port, "127.0.0.60")
    assert visitor.post_form("/school/sign-in", {"email": email}).status == 302
    code = _code_for(email, outputs)
    assert visitor.post_form("/school/sign-in/code", {"code": code}).status == 302
    served_by = set()
    for _ in range(4):
        response, text = visitor.request("GET", "/school/home/ects")
        assert response.status == 200 and "Early career teachers" in text
        served_by.add(response.getheader("X-Upstream"))
    assert len(served_by) == 2, served_by


def _check_a_client_not_behind_the_proxy_cannot_pick_its_address(servers: list[int]) -> None:
    statuses = [
        Visitor(servers[0], "127.0.0.70", forwarded_for=f"198.51.100.{attempt}")
        .post_form("/school/sign-in", {"email": "nobody@example.com"})
        .status
        for attempt in range(SIGN_IN_LIMIT + 1)
    ]
    assert statuses == [302] * SIGN_IN_LIMIT + [429]


def _check_an_outage_is_a_503_with_retry_after(port: int, servers: list[int], signed_in: Visitor, token: str) -> None:
    name = connection.settings_dict["NAME"]
    # What a failover does to the servers: their connections drop and new ones are refused. A database cannot refuse
    # connections while the session asking for it is connected to it, so the owner asks from the maintenance one.
    maintenance = psycopg.connect(
        host=connection.settings_dict["HOST"], user=connection.settings_dict["USER"], dbname="postgres", autocommit=True
    )
    with maintenance, maintenance.cursor() as cursor:
        cursor.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
        try:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> %s",
                [name, connection.connection.info.backend_pid],
            )
            served_by = set()
            for _ in range(4):
                response, text = signed_in.request("GET", "/school/home/ects")
                assert response.status == 503, text[:300]
                assert "Sorry, there is a problem with the service" in text
                assert int(response.getheader("Retry-After")) > 0
                served_by.add(response.getheader("X-Upstream"))
            assert len(served_by) == 2, served_by  # both servers answered so
            response, text = Visitor(port, "127.0.0.81").request(
                "GET", "/api/v3/delivery-partners", headers={"Authorization": f"Bearer {token}"}
            )
            assert (response.status, text) == (503, '{"error":"Service unavailable"}')
            assert int(response.getheader("Retry-After")) > 0
            for probe, status in (("/readyz", 503), ("/healthz", 200)):
                assert Visitor(port, "127.0.0.82").request("GET", probe)[0].status == status
        finally:
            cursor.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
    for server in servers:  # back as soon as the database is
        wait_until(lambda server=server: _answers(server, "/readyz"), f"127.0.0.1:{server} ready again", 30)
    assert signed_in.request("GET", "/school/home/ects")[0].status == 200


@pytest.mark.django_db(transaction=True)
def test_two_servers_behind_nginx_count_each_client_share_sessions_and_say_when_to_retry(stack, lead_provider):
    port, servers, outputs = stack["port"], stack["servers"], stack["outputs"]
    school = SchoolFactory(induction_tutor_last_nominated_in=contract_year(clock.now().date()))
    SchoolUser.objects.create(email="sit@example.com", school=school)
    staff = get_user_model().objects.create_superuser("finance.lead", "f@education.gov.uk")
    # A hash the production settings accept (the suite's own hasher is a fast test-only one), with few iterations so
    # that each attempt is quick; the server re-hashes it at full strength on the first right password.
    staff.password = PBKDF2PasswordHasher().encode("correct-horse", PBKDF2PasswordHasher().salt(), iterations=1000)
    staff.save(update_fields=["password"])
    _, token = api_token_create(lead_provider=lead_provider)

    _check_school_sign_in_counts_each_client(port)
    _check_admin_lockout_counts_each_client(port)
    _check_unknown_tokens_count_each_client(port, token)
    _check_a_session_is_good_on_both_servers(port, outputs, "sit@example.com")
    _check_a_client_not_behind_the_proxy_cannot_pick_its_address(servers)

    signed_in = Visitor(port, "127.0.0.80")
    signed_in.post_form("/school/sign-in", {"email": "sit@example.com"})
    signed_in.post_form("/school/sign-in/code", {"code": _code_for("sit@example.com", outputs)})
    _check_an_outage_is_a_503_with_retry_after(port, servers, signed_in, token)
