"""A fake Telegram Bot API server on 127.0.0.1 that records every call the bot makes."""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

JSON_FIELDS = {
    "reply_markup",
    "link_preview_options",
    "commands",
    "allowed_updates",
    "reply_parameters",
}
BOT_USER = {
    "id": 4242,
    "is_bot": True,
    "first_name": "Candidate Safety",
    "username": "candidate_safety_test_bot",
    "can_join_groups": True,
    "can_read_all_group_messages": False,
    "supports_inline_queries": False,
}


Fault = tuple[int, dict[str, Any]]
TOO_MANY_REQUESTS: Fault = (
    429,
    {
        "ok": False,
        "error_code": 429,
        "description": "Too Many Requests",
        "parameters": {"retry_after": 1},
    },
)
BAD_GATEWAY: Fault = (502, {"ok": False, "error_code": 502, "description": "Bad Gateway"})
HANG: Fault = (0, {})
FAULT_KINDS = (TOO_MANY_REQUESTS, BAD_GATEWAY, HANG)
"""The failures Telegram is known for: flood control, a 5xx, and a call that never answers."""


@dataclass
class Call:
    """One request the bot sent: the API method and its decoded parameters."""

    method: str
    params: dict[str, Any]


@dataclass
class FakeTelegram:
    """State shared with the HTTP handler: queued updates, recorded calls, injected faults."""

    updates: list[dict[str, Any]] = field(default_factory=list)
    calls: list[Call] = field(default_factory=list)
    faults: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    """Answers to give instead of the real one, in order; status 0 means 'hang, then answer'."""
    fault_every: int = 0
    """When set, every n-th call (after getMe) takes the next fault from `faults`."""
    calls_seen: int = 0
    delivered: list[dict[str, Any]] = field(default_factory=list)
    """sendMessage calls that succeeded (after any injected faults)."""
    hang: float = 0.0
    """Seconds a status-0 fault hangs before answering (longer than the bot's read timeout)."""
    lock: threading.Lock = field(default_factory=threading.Lock)
    next_message_id: int = 1000

    def sent(self, method: str = "sendMessage") -> list[dict[str, Any]]:
        """Parameters of every call of one method, in order."""
        with self.lock:
            return [c.params for c in self.calls if c.method == method]

    def queue(self, update: dict[str, Any]) -> None:
        """Make an update available to the bot's next getUpdates."""
        with self.lock:
            self.updates.append(update)

    def handle(self, method: str, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        """Answer one API call as Telegram would."""
        if method == "getUpdates":
            return 200, {"ok": True, "result": self._take_updates(params)}
        with self.lock:
            self.calls.append(Call(method, params))
            self.calls_seen += 1
            every = self.fault_every or 1
            fault = None
            if self.faults and method != "getMe" and self.calls_seen % every == 0:
                fault = self.faults.pop(0)
        if fault is not None:
            if fault[0] != 0:
                return fault
            time.sleep(self.hang)
        if method == "getMe":
            return 200, {"ok": True, "result": BOT_USER}
        if method in ("sendMessage", "editMessageText"):
            with self.lock:
                self.next_message_id += 1
                message_id = self.next_message_id
                self.delivered.append(params)
            chat_id = int(params.get("chat_id", 0))
            chat_type = "private" if chat_id > 0 else "group"
            return 200, {
                "ok": True,
                "result": {
                    "message_id": message_id,
                    "date": int(time.time()),
                    "chat": {"id": chat_id, "type": chat_type},
                    "text": params.get("text", ""),
                    "from": BOT_USER,
                },
            }
        return 200, {"ok": True, "result": True}

    def _take_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(params.get("offset") or 0)
        deadline = time.monotonic() + min(float(params.get("timeout") or 0), 0.5)
        while True:
            with self.lock:
                ready = [u for u in self.updates if u["update_id"] >= offset]
            if ready or time.monotonic() >= deadline:
                return ready
            time.sleep(0.02)


def _decode(body: bytes, content_type: str) -> dict[str, Any]:
    if not body:
        return {}
    if "json" in content_type:
        loaded: dict[str, Any] = json.loads(body)
        return loaded
    form = {k: v[0] for k, v in parse_qs(body.decode(), keep_blank_values=True).items()}
    return {k: json.loads(v) if k in JSON_FIELDS else v for k, v in form.items()}


def serve(state: FakeTelegram) -> tuple[ThreadingHTTPServer, str]:
    """Start the fake on a free port; returns the server and the base_url for the bot."""

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            params = _decode(self.rfile.read(length), self.headers.get("Content-Type", ""))
            method = self.path.rstrip("/").rsplit("/", 1)[-1]
            status, payload = state.handle(method, params)
            body = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST

        def log_message(self, *args: Any) -> None:
            """Keep test output quiet."""

    class Server(ThreadingHTTPServer):
        def handle_error(self, request: Any, client_address: Any) -> None:
            """A client that hung up (a timed-out bot) is expected here, not an error."""

    server = Server(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/bot"
