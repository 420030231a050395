"""Run a parity scenario against a live server (real Mattermost or mockmost) and normalise what it did."""

from __future__ import annotations

import asyncio
import base64
import copy
import io
import json
import math
import random
import re
import string
import threading
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import httpx

from mockmost.parity.normalise import (
    ID_RE,
    Normaliser,
    Window,
    body_value,
    event_shape,
    headers_shape,
    scenario_literals,
    shape,
    sort_unordered,
)
from mockmost.parity.scenario import Scenario, Step

PASSWORD = "Parity-Passw0rd!"
USER_AGENT = "mockmost-parity/1"
_PLACEHOLDER = re.compile(r"\{([A-Za-z_][\w.]*)\}")


class RunError(RuntimeError):
    """The scenario could not run on this server (a setup step failed, no admin, ...)."""


@dataclass
class Admin:
    token: str
    id: str
    username: str
    email: str


@dataclass
class Target:
    """A live server and how to act as its system admin."""

    url: str
    token: str | None = None
    login_id: str | None = None
    password: str | None = None
    bootstrap: bool = False
    timeout: float = 30.0
    admin: Admin | None = None
    client: httpx.Client = field(init=False)

    def __post_init__(self) -> None:
        self.url = self.url.rstrip("/").removesuffix("/api/v4")
        self.client = httpx.Client(
            base_url=self.url, timeout=self.timeout, headers={"User-Agent": USER_AGENT}
        )

    @property
    def ws_url(self) -> str:
        return re.sub(r"^http", "ws", self.url) + "/api/v4/websocket"

    def close(self) -> None:
        self.client.close()

    def ensure_admin(self) -> Admin:
        if self.admin is not None:
            return self.admin
        token = self.token
        if token is None:
            if self.login_id is None and self.bootstrap:
                self.login_id, self.password = "parityadmin", PASSWORD
                self.client.post(
                    "/api/v4/users",
                    json={
                        "username": self.login_id,
                        "email": "parityadmin@example.com",
                        "password": self.password,
                    },
                )
            response = self.client.post(
                "/api/v4/users/login", json={"login_id": self.login_id, "password": self.password}
            )
            if response.status_code != 200:
                raise RunError(
                    f"{self.url}: cannot log in as {self.login_id!r}: {response.status_code} "
                    f"{response.text[:200]}"
                )
            token = response.headers["Token"]
        me = self.client.get("/api/v4/users/me", headers=_auth(token))
        if me.status_code != 200 or "system_admin" not in me.json().get("roles", ""):
            raise RunError(f"{self.url}: the credentials given are not a system admin's ({me.status_code})")
        body = me.json()
        self.admin = Admin(token=token, id=body["id"], username=body["username"], email=body.get("email", ""))
        return self.admin


def _auth(token: str | None) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"} if token else {}


# ---- WebSocket watchers ----------------------------------------------------------------------
class Sockets:
    """One asyncio loop in a thread holding every connection of the run; messages land in lists."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="parity-ws", daemon=True)
        self.thread.start()
        self.messages: dict[str, list[dict[str, Any]]] = {}
        self._conns: dict[str, Any] = {}
        self._seq = 1

    def open(self, name: str, url: str, token: str) -> None:
        import websockets

        async def connect() -> None:
            conn = await websockets.connect(url, extra_headers=_auth(token), max_size=None)  # type: ignore[attr-defined]
            self._conns[name] = conn
            self.messages[name] = []
            self.loop.create_task(self._read(name, conn))

        asyncio.run_coroutine_threadsafe(connect(), self.loop).result(timeout=10)

    async def _read(self, name: str, conn: Any) -> None:
        try:
            async for raw in conn:
                if isinstance(raw, str):
                    self.messages[name].append(json.loads(raw))
        except Exception:  # noqa: BLE001 - a closed connection ends the watch
            return

    def send(self, name: str, action: str, data: Any) -> None:
        message = json.dumps({"action": action, "seq": self._seq, "data": data or {}})
        self._seq += 1
        asyncio.run_coroutine_threadsafe(self._conns[name].send(message), self.loop).result(timeout=5)

    def counts(self) -> dict[str, int]:
        return {name: len(msgs) for name, msgs in self.messages.items()}

    def close(self) -> None:
        async def close_all() -> None:
            for conn in self._conns.values():
                await conn.close()

        try:
            asyncio.run_coroutine_threadsafe(close_all(), self.loop).result(timeout=5)
        finally:
            self.loop.call_soon_threadsafe(self.loop.stop)
            self.thread.join(timeout=5)


# ---- one run ---------------------------------------------------------------------------------
@dataclass
class Exchange:
    step: Step
    label: str
    method: str
    path: str
    request_body: Any
    status: int
    headers: list[tuple[str, str]]
    content: bytes
    events: dict[str, list[dict[str, Any]]]
    window: Window


@dataclass
class Settle:
    """How long to watch the sockets after a step: until quiet (live) or until what is expected came."""

    quiet_ms: int = 250
    max_ms: int = 3000
    expected: list[dict[str, int]] | None = None


class ScenarioRun:
    def __init__(self, target: Target, scenario: Scenario, settle: Settle) -> None:
        self.target = target
        self.scenario = scenario
        self.settle = settle
        self.run_token = "r" + "".join(random.choices(string.ascii_lowercase, k=8))
        self.vars: dict[str, Any] = {"run": self.run_token}
        self.tokens: dict[str, str | None] = {"anon": None}
        self.named: list[tuple[str, str]] = []
        self.windows: list[Window] = []
        self.exchanges: list[Exchange] = []
        self.sockets: Sockets | None = None
        self.admin = target.ensure_admin()
        self.known_ids: set[str] = set()

    # ---- placeholders -------------------------------------------------------------------
    def fill(self, value: Any) -> Any:
        if isinstance(value, str):
            whole = _PLACEHOLDER.fullmatch(value)
            if whole and whole.group(1) in self.vars and not isinstance(self.vars[whole.group(1)], str):
                return self.vars[whole.group(1)]
            return _PLACEHOLDER.sub(lambda m: str(self.vars.get(m.group(1), m.group(0))), value)
        if isinstance(value, list):
            return [self.fill(v) for v in value]
        if isinstance(value, dict):
            return {self.fill(k): self.fill(v) for k, v in value.items()}
        return value

    # ---- users --------------------------------------------------------------------------
    def create_users(self) -> None:
        admin = self.admin
        self.tokens["admin"] = admin.token
        self.vars.update({"admin.id": admin.id, "admin.username": admin.username, "admin.email": admin.email})
        self.named.append((admin.id, "admin.id"))
        client = self.target.client
        for user in self.scenario.users:
            username = f"{user}-{self.run_token}"
            email = f"{username}@example.com"
            response = client.post(
                "/api/v4/users",
                headers=_auth(admin.token),
                json={"username": username, "email": email, "password": PASSWORD},
            )
            if response.status_code != 201:
                raise RunError(f"creating user {user}: {response.status_code} {response.text[:300]}")
            user_id = response.json()["id"]
            login = client.post("/api/v4/users/login", json={"login_id": username, "password": PASSWORD})
            if login.status_code != 200:
                raise RunError(f"logging in as {user}: {login.status_code} {login.text[:300]}")
            self.tokens[user] = login.headers["Token"]
            self.vars.update(
                {
                    f"{user}.id": user_id,
                    f"{user}.username": username,
                    f"{user}.email": email,
                    f"{user}.password": PASSWORD,
                }
            )
            self.named.append((user_id, f"{user}.id"))

    def cleanup_users(self) -> None:
        for user in self.scenario.users:
            user_id = self.vars.get(f"{user}.id")
            if user_id:
                self.target.client.delete(f"/api/v4/users/{user_id}", headers=_auth(self.admin.token))

    # ---- requests -----------------------------------------------------------------------
    def send(self, step: Step) -> httpx.Response:
        path = self.fill(step.path)
        headers = {**_auth(self.tokens.get(step.actor)), **self.fill(step.headers)}
        kwargs: dict[str, Any] = {}
        if step.raw is not None:
            kwargs["content"] = self.fill(step.raw).encode()
            headers.setdefault("Content-Type", "application/json")
        elif step.multipart is not None:
            kwargs["files"], kwargs["data"] = self._multipart(self.fill(step.multipart))
        elif step.body is not None:
            kwargs["content"] = json.dumps(self.fill(step.body)).encode()
            headers.setdefault("Content-Type", "application/json")
        response = self.target.client.request(step.method, path, headers=headers, **kwargs)
        self.known_ids.update(ID_RE.findall(path))
        self.known_ids.update(ID_RE.findall(kwargs.get("content", b"").decode(errors="replace")))
        self.known_ids.update(ID_RE.findall(response.text))
        return response

    @staticmethod
    def _multipart(spec: dict[str, Any]) -> tuple[list[tuple[str, tuple[str, bytes, str]]], dict[str, Any]]:
        files = []
        for f in spec.get("files", []):
            if "png" in f:
                from PIL import Image

                buf = io.BytesIO()
                Image.new("RGB", tuple(f["png"]), (200, 30, 30)).save(buf, "PNG")
                content, mime = buf.getvalue(), "image/png"
            elif "base64" in f:
                content, mime = base64.b64decode(f["base64"]), f.get("type", "application/octet-stream")
            else:
                content, mime = str(f.get("content", "")).encode(), f.get("type", "text/plain")
            files.append((f.get("field", "files"), (f.get("filename", "file.txt"), content, mime)))
        return files, spec.get("data", {})

    def save(self, step: Step, response: httpx.Response) -> None:
        if not step.save:
            return
        try:
            body = response.json()
        except ValueError:
            body = None
        for var, where in step.save.items():
            value = _extract(body, response, where)
            if value is None:
                raise RunError(
                    f"step {step.name!r}: nothing at {where!r} to save as {var!r} "
                    f"({response.status_code} {response.text[:300]})"
                )
            self.vars[var] = value
            if isinstance(value, str):
                self.named.append((value, var))

    def run_unrecorded(self, steps: list[Step], phase: str, strict: bool) -> None:
        for step in steps:
            if step.method == "WS":
                continue
            response = self.send(step)
            expected_ok = response.status_code == step.status if step.status else response.status_code < 400
            if strict and not expected_ok:
                raise RunError(f"{phase} step {step.name!r}: {response.status_code} {response.text[:300]}")
            self.save(step, response)

    # ---- the compared part --------------------------------------------------------------
    def watch(self, index: int, before: dict[str, int], step: Step | None) -> dict[str, list[dict[str, Any]]]:
        if self.sockets is None:
            return {}
        settle = self.settle
        deadline = time.monotonic() + (step.settle_ms if step and step.settle_ms else settle.max_ms) / 1000
        wanted = [(w["conn"], w["event"]) for w in (step.wait_for if step else [])]
        if step is None:
            # A fresh connection sets its user online asynchronously: wait for that status_change so it
            # never slips into the first step (the shared admin is online already and gets none).
            wanted = [(n, "status_change") for n in self.scenario.sockets if n != "admin"]
        expected = (
            settle.expected[index] if settle.expected is not None and index < len(settle.expected) else None
        )
        quiet = settle.quiet_ms / 1000 if expected is None else 0.02
        last_change, last_counts = time.monotonic(), self.sockets.counts()
        while time.monotonic() < deadline:
            counts = self.sockets.counts()
            if counts != last_counts:
                last_change, last_counts = time.monotonic(), counts
            new = {n: self.sockets.messages[n][before.get(n, 0) :] for n in self.sockets.messages}
            waits_met = all(any(m.get("event") == ev for m in new.get(conn, [])) for conn, ev in wanted)
            expected_met = expected is None or all(len(new.get(c, [])) >= k for c, k in expected.items())
            if waits_met and expected_met and time.monotonic() - last_change >= quiet:
                break
            time.sleep(0.005)
        return {
            n: [m for m in self.sockets.messages[n][before.get(n, 0) :] if not self.foreign(m)]
            for n in self.scenario.sockets
        }

    def foreign(self, message: dict[str, Any]) -> bool:
        """An event about none of this run's ids comes from another client of a shared live server.

        (new_user and user_updated go to every connection; other runs on the same server make them.)
        The admin is shared by every run, so its id alone does not make an event this run's. Events naming
        no id at all (config, marketplace) are dropped only where the scenario asks (ignore_global_events).
        """
        if message.get("event") == "hello" or "event" not in message:
            return False
        found = set(ID_RE.findall(json.dumps(message)))
        if not found:
            broadcast = message.get("broadcast") or {}
            to_everyone = not any(broadcast.get(k) for k in ("user_id", "channel_id", "team_id"))
            return self.scenario.ignore_global_events and to_everyone
        ids = found - {self.admin.id}
        return bool(ids) and not ids & (self.known_ids | {v for v, _ in self.named})

    def step_window(self, label: str) -> Window:
        """Windows never share a millisecond, so every timestamp belongs to exactly one step."""
        last_end = self.windows[-1].end if self.windows else 0
        while (now := math.floor(time.time() * 1000)) <= last_end:
            time.sleep(0.0002)
        return Window(label, now, 0)

    @staticmethod
    def close_window(window: Window) -> None:
        # mockmost keeps post times strictly increasing, so a burst of posts (team joins in a setup) can stamp
        # rows a few milliseconds ahead of the wall clock: the window stays open until those have passed.
        time.sleep(0.012)
        window.end = math.floor(time.time() * 1000)

    def run_steps(self) -> None:
        index = 0
        if self.scenario.sockets:
            window = self.step_window("s0")
            self.sockets = Sockets()
            for name in self.scenario.sockets:
                self.sockets.open(name, self.target.ws_url, str(self.tokens[name]))
            if self.settle.expected is None:  # live: a new connection's status_change can come late
                time.sleep(0.75)
            events = self.watch(0, {}, None)
            self.close_window(window)
            self.windows.append(window)
            self.exchanges.append(
                Exchange(
                    Step("connect sockets", "admin", "WS", "connect"),
                    "connect sockets",
                    "WS",
                    "connect",
                    None,
                    0,
                    [],
                    b"",
                    events,
                    window,
                )
            )
            index = 1
        for number, step in enumerate(self.scenario.steps, start=1):
            if step.pause_ms:
                time.sleep(step.pause_ms / 1000)
            window = self.step_window(f"s{number}")
            before = self.sockets.counts() if self.sockets else {}
            if step.method == "WS":
                if self.sockets is None or step.actor not in self.sockets.messages:
                    raise RunError(
                        f"step {step.name!r}: a WebSocket action needs a socket for {step.actor!r}"
                    )
                self.sockets.send(step.actor, step.path, self.fill(step.body))
                status, headers, content, request_body = 0, [], b"", self.fill(step.body)
            else:
                response = self.send(step)
                status, headers, content = (
                    response.status_code,
                    list(response.headers.multi_items()),
                    response.content,
                )
                request_body = (
                    self.fill(step.body)
                    if step.body is not None
                    else (self.fill(step.raw) if step.raw is not None else None)
                )
                self.save(step, response)
            events = self.watch(index, before, step)
            self.close_window(window)
            self.windows.append(window)
            self.exchanges.append(
                Exchange(
                    step,
                    step.name,
                    step.method,
                    self.fill(step.path),
                    request_body,
                    status,
                    headers,
                    content,
                    events,
                    window,
                )
            )
            index += 1

    def run(self, cleanup: bool = True) -> dict[str, Any]:
        setup = self.step_window("setup")
        try:
            self.create_users()
            self.run_unrecorded(self.scenario.setup, "setup", strict=True)
            if self.scenario.setup:
                # The real server writes some effects of setup requests asynchronously (the system post of
                # a channel join), and mockmost spaces posts made in one millisecond apart: let them land
                # inside the setup window, before the sockets open.
                time.sleep(0.5 if self.settle.expected is None else 0.05)
            self.close_window(setup)
            self.windows.append(setup)
            self.run_steps()
        finally:
            if self.sockets is not None:
                self.sockets.close()
            if cleanup:
                self.run_unrecorded(self.scenario.cleanup, "cleanup", strict=False)
                self.cleanup_users()
        return self.normalised()

    # ---- normalising --------------------------------------------------------------------
    def normalised(self) -> dict[str, Any]:
        steps_written = [*self.scenario.setup, *self.scenario.steps]
        literals = scenario_literals([v for st in steps_written for v in (st.body, st.raw, st.path)])
        n = Normaliser(
            run_token=self.run_token,
            site_url=self.target.url,
            admin_username=self.admin.username,
            admin_email=self.admin.email,
            windows=self.windows,
            literals=literals,
        )
        named = dict(self.named)
        for value, label in self.named:
            n.name(value, label)
        steps = []
        known = {v for v in self.vars.values() if isinstance(v, str) and ID_RE.fullmatch(v)}
        for ex in self.exchanges:
            known.update(
                ID_RE.findall(
                    f"{ex.path} {json.dumps(ex.request_body)} {ex.content.decode('utf-8', errors='replace')}"
                )
            )
            n.set_step(ex.window)
            for value, label in named.items():
                n.name(value, label)
            entry: dict[str, Any] = {"name": ex.label, "as": ex.step.actor}
            if ex.method == "WS":
                entry["action"] = ex.path if ex.path != "connect" else "connect"
                if ex.request_body is not None:
                    entry["data"] = n.value(ex.request_body)
            else:
                entry["request"] = f"{ex.method} {n.text(ex.path)}"
                if ex.request_body is not None:
                    entry["body"] = n.value(ex.request_body)
                content_type = dict((k.lower(), v) for k, v in ex.headers).get("content-type", "")
                entry["status"] = ex.status
                entry["headers"] = headers_shape(ex.headers, n)
                entry["response"] = response_value(ex.step, ex.content, content_type, n)
            if self.scenario.sockets:
                in_events = [p.removeprefix("event:") for p in ex.step.unordered if p.startswith("event:")]
                entry["events"] = {
                    conn: sorted(
                        (
                            sort_unordered(event_shape(m, n), in_events)
                            for m in msgs
                            if not _foreign(m, known, ex)
                        ),
                        key=_event_key,
                    )
                    for conn, msgs in ex.events.items()
                }
            steps.append(entry)
        return {"scenario": self.scenario.name, "steps": steps}


_GLOBAL_USER_EVENTS = frozenset({"new_user", "user_updated", "user_activation_status_change"})


# Events about the whole server that someone else's request on a shared server causes (an admin's first
# visit to the marketplace, a config change, ...): they belong to the run only when its step is such a
# request.
_GLOBAL_SYSTEM_EVENTS = frozenset(
    {
        "first_admin_visit_marketplace_status_received",
        "config_changed",
        "license_changed",
        "plugin_statuses_changed",
        "plugin_enabled",
        "plugin_disabled",
        "guests_deactivated",
        "cloud_subscription_changed",
    }
)
_SYSTEM_PATHS = ("/api/v4/system", "/api/v4/config", "/api/v4/license", "/api/v4/plugins")
# Deactivating the guests is a users request; no other users request causes a server-wide system event (a
# license_changed from another run once landed in a sidebar step under /api/v4/users/).
_GUEST_PATHS = (*_SYSTEM_PATHS, "/api/v4/users/")


def _foreign(message: dict[str, Any], known: set[str], ex: Exchange) -> bool:
    """A server-wide user event caused by someone else's traffic on a shared live server, not by this run.

    The real server broadcasts new_user, user_updated, user_activation_status_change and emoji_added to every
    connection; on a server that other clients use, those land in any step. They belong to the run when
    they name a user the run has seen (or, having no user in them, when the step itself acts on a user).
    """
    if message.get("event") in _GLOBAL_SYSTEM_EVENTS:
        return not ex.path.startswith(
            _GUEST_PATHS if message["event"] == "guests_deactivated" else _SYSTEM_PATHS
        )
    if message.get("event") == "emoji_added":  # sent to everyone; someone else's emoji is not the run's
        emoji = (message.get("data") or {}).get("emoji")
        try:
            emoji = json.loads(emoji) if isinstance(emoji, str) else emoji
        except ValueError:
            return False
        return isinstance(emoji, dict) and emoji.get("id") not in known
    if message.get("event") not in _GLOBAL_USER_EVENTS:
        return False
    broadcast = message.get("broadcast") or {}
    if broadcast.get("user_id") or broadcast.get("channel_id") or broadcast.get("team_id"):
        return False
    data = message.get("data") or {}
    user = data.get("user")
    user_id = data.get("user_id") or (user.get("id") if isinstance(user, dict) else None)
    if user_id:
        return user_id not in known
    return not ex.path.startswith("/api/v4/users/") or ex.method == "GET"


def response_value(step: Step, content: bytes, content_type: str, n: Normaliser) -> Any:
    """A step's response as the snapshot keeps it: normalised, lists sorted where the step says so.

    A `shape_only` step answers with server-wide data (every token, bot or channel of a shared server): it is
    normalised with a copy of the normaliser, so the ids in it take no labels, and the labels of the later
    steps do not depend on how many ids other clients of the server had left there.
    """
    if step.shape_only:
        return shape(body_value(content, content_type, copy.deepcopy(n)))
    in_body = [p for p in step.unordered if not p.startswith("event:")]
    keyed = [p for p in in_body if " by " in p]
    return sort_unordered(body_value(content, content_type, n, keyed, step.own_items), in_body)


def _event_key(event: dict[str, Any]) -> str:
    return json.dumps(event, sort_keys=True)


def _extract(body: Any, response: httpx.Response, where: str) -> Any:
    """`field.path`, `header:<name>`, `$`; either followed by `?<param>`: that parameter of the URL found
    there, from its query or its fragment (an OAuth redirect's `code`, an implicit grant's token)."""
    if "?" in where:
        where, param = where.split("?", 1)
        url = _extract(body, response, where)
        if not isinstance(url, str):
            return None
        parts = urlsplit(url)
        values = {**dict(parse_qsl(parts.fragment)), **dict(parse_qsl(parts.query))}
        return values.get(param)
    if where.startswith("header:"):
        return response.headers.get(where.removeprefix("header:"))
    node = body
    for part in [] if where in ("$", "") else where.split("."):
        if isinstance(node, list) and part.lstrip("-").isdigit() and -len(node) <= int(part) < len(node):
            node = node[int(part)]
        elif isinstance(node, dict) and part in node:
            node = node[part]
        else:
            return None
    return node


def run_scenario(
    target: Target, scenario: Scenario, settle: Settle | None = None, cleanup: bool = True
) -> dict[str, Any]:
    return ScenarioRun(target, scenario, settle or Settle()).run(cleanup=cleanup)


def expected_counts(snapshot: dict[str, Any]) -> list[dict[str, int]]:
    return [
        {conn: len(events) for conn, events in step.get("events", {}).items()} for step in snapshot["steps"]
    ]
