import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from webhooks.models import CHANGE_EVENTS
from webhooks.services import endpoint_create


@pytest.fixture(autouse=True)
def _today_is_pinned(pinned_now):
    """Declarations and statements compare against today: every webhook test runs at the root conftest's
    PINNED_NOW."""


class Receiver:
    """A provider's webhook receiver on 127.0.0.1: records every request and answers `status` after `delay`."""

    def __init__(self):
        self.received: list[dict] = []
        self.status = 204
        self.delay = 0.0
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                receiver.received.append({"headers": dict(self.headers), "body": body, "path": self.path})
                time.sleep(receiver.delay)
                self.send_response(receiver.status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hooks/ecf"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def events(self) -> list[dict]:
        return [json.loads(request["body"]) for request in self.received]

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    receiver = Receiver()
    yield receiver
    receiver.close()


@pytest.fixture
def subscribe(receiver):
    """An active endpoint of the provider at the local receiver: (endpoint, its signing secret)."""

    def subscribe(lead_provider, events=None, url=None):
        return endpoint_create(lead_provider=lead_provider, url=url or receiver.url, events=events or CHANGE_EVENTS)

    return subscribe
