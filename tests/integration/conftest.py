"""Fixtures of the integration tests: a local webhook that receives notifications, small drops."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest


class Receiver(BaseHTTPRequestHandler):
    received: list[dict] = []

    def do_POST(self) -> None:  # noqa: N802 (http.server's name)
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        Receiver.received.append(json.loads(body))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args) -> None:
        pass


@pytest.fixture()
def webhook(monkeypatch):
    Receiver.received = []
    server = HTTPServer(("127.0.0.1", 0), Receiver)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setenv("HETANG_NOTIFY", f"json://127.0.0.1:{server.server_port}/hook")
    yield Receiver.received
    server.shutdown()


def drop_fai(run, month: int, growth: float) -> None:
    path = run.inbox / f"fai_2022-{month:02d}.csv"
    path.write_text(
        f"region_code,indicator,period,value,unit\n430202,fai_growth,2022-{month:02d},{growth},%\n",
        encoding="utf-8",
    )
