"""Normalisation: one run of a scenario, as it happened on a server, into a comparable snapshot.

- Ids (26 characters of Mattermost's alphabet, also inside strings) become labels by first appearance:
  `<owner.id>` for the scenario's users, `<team>` for an id saved under that name, else `<id3>`.
- Timestamps (integers of 13 digits, also inside strings) become the step in whose time window the
  server made them: `<t:s4>`, `<t:setup>`, `<t:before>` (older than the run), `<t:after s4>` (between
  steps), `<t:+720h>` (in the future, counted from the current step).
- Tokens, password hashes, request ids and the version hash are masked; negative timestamps
  (`last_picture_update` of a default picture) are labelled like positive ones; the run's unique token
  becomes `{run}`, the
  server's own URL `{site}`, the admin's username and email `{admin}` and `{admin.email}`.
- Headers kept: Content-Type, the ETag's shape, Set-Cookie names and attributes, X-Version-Id's shape,
  Location (a redirect's target).
- Secrets carried in URLs and forms are masked: an OAuth code, access or refresh token or client secret
  given as a query, fragment or form parameter, and the signature (`s=`) of the server's /error links.
- WebSocket events per connection, `seq` dropped and sorted within a step (the server's goroutines
  may send them in any order); JSON-encoded strings inside event data are decoded.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

ID_RE = re.compile(r"(?<![a-z0-9])[ybndrfg8ejkmcpqxot1uwisza345h769]{26}(?![a-z0-9])")
# A group channel's name is the SHA-1 of its members' ids: it changes from run to run with the random ids,
# so it is labelled like an id.
GM_NAME_RE = re.compile(r"(?<![0-9a-f])[0-9a-f]{40}(?![0-9a-f])")
TS_RE = re.compile(r"(?<![0-9])1[0-9]{12}(?![0-9])")
VERSION_RE = re.compile(r"^(\d+\.\d+\.\d+)\.([^.]*)\.([^.]*)\.(true|false)$")
# asymmetricsigningpublickey: the server's own key pair, made per installation (config/client).
MASKED_KEYS = frozenset(
    {
        "token",
        "access_token",
        "refresh_token",
        "request_id",
        "client_secret",
        "server_hostname",
        "csrf",
        "password",
        "asymmetricsigningpublickey",
    }
)
_DM_NAME = re.compile(r"(<[\w.]+>)__(<[\w.]+>)")
HEADERS_KEPT = ("content-type", "etag", "x-version-id", "location")
# `code=...`, `access_token=...` in a redirect URL, a fragment, a form body, or a JS-escaped link (\u0026).
_SEP = r"(?:^|[?&#]|\\u0026|&amp;)"
_EQ = r"(?:=|\\u003D)"
SECRET_PARAM_RE = re.compile(rf"({_SEP}(?:code|access_token|refresh_token|client_secret){_EQ})[^&#\s\"'\\]+")
# RenderWebError signs its /error link with the server's key (a new ECDSA signature every time).
SIGNATURE_RE = re.compile(rf"({_SEP}s{_EQ})[A-Za-z0-9_-]+(?:={{1,2}}|(?:\\u003D){{1,2}})?")


def _is_ts(value: int) -> bool:
    return 1_000_000_000_000 <= value < 10_000_000_000_000


@dataclass(slots=True)
class Window:
    label: str
    start: int
    end: int


@dataclass
class Normaliser:
    """Labels persist across the steps of one run, so the same id reads the same everywhere."""

    run_token: str
    site_url: str
    admin_username: str
    admin_email: str
    windows: list[Window] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)
    # Numbers the scenario itself writes (a scheduled_at far ahead): the same on every server, kept as
    # they are.
    literals: frozenset[int] = frozenset()
    _counter: int = 0
    _current: Window | None = None

    def name(self, value: str, label: str) -> None:
        """Give an id a readable label (a user, a saved value) unless it already has one."""
        if ID_RE.fullmatch(value) and value not in self.labels and f"<{label}>" not in self.labels.values():
            self.labels[value] = f"<{label}>"

    def id_label(self, value: str, kind: str = "id") -> str:
        label = self.labels.get(value)
        if label is None:
            self._counter += 1
            label = self.labels[value] = f"<{kind}{self._counter}>"
        return label

    def set_step(self, window: Window | None) -> None:
        self._current = window

    def ts_label(self, value: int) -> str:
        for window in self.windows:
            if window.start <= value <= window.end:
                return f"<t:{window.label}>"
        if not self.windows or value < self.windows[0].start:
            return "<t:before>"
        if value > self.windows[-1].end:
            base = self._current.start if self._current else self.windows[-1].start
            return f"<t:+{round((value - base) / 3_600_000)}h>"
        previous = [w for w in self.windows if w.end < value][-1]
        return f"<t:after {previous.label}>"

    # ---- values ------------------------------------------------------------------------------
    def text(self, s: str) -> str:
        if not s:
            return s
        if self.site_url:
            s = s.replace(self.site_url, "{site}")
        if "=" in s or "\\u003D" in s:
            s = SECRET_PARAM_RE.sub(r"\1<masked>", s)
            s = SIGNATURE_RE.sub(r"\1<signature>", s)
        s = ID_RE.sub(lambda m: self.id_label(m.group(0)), s)
        s = GM_NAME_RE.sub(lambda m: self.id_label(m.group(0), "gm"), s)
        # A direct channel's name is its two user ids in byte order: which comes first is up to the random
        # ids, so the labelled pair is put in label order.
        s = _DM_NAME.sub(lambda m: "__".join(sorted((m.group(1), m.group(2)))), s)
        s = TS_RE.sub(
            lambda m: m.group(0) if int(m.group(0)) in self.literals else self.ts_label(int(m.group(0))), s
        )
        if self.run_token:
            s = s.replace(self.run_token, "{run}")
        if self.admin_email:
            s = s.replace(self.admin_email, "{admin.email}")
        if self.admin_username:
            s = re.sub(rf"(?<![\w.-]){re.escape(self.admin_username)}(?![\w-])", "{admin}", s)
        return s

    def value(self, v: Any, key: str = "") -> Any:
        if isinstance(v, dict):
            return self.mapping(v)
        if isinstance(v, list):
            return [self.value(x) for x in v]
        if isinstance(v, bool) or v is None or isinstance(v, float):
            return v
        if isinstance(v, int):
            if _is_ts(-v):  # last_picture_update: minus the time of a default picture
                return "-" + self.ts_label(-v)
            return self.ts_label(v) if _is_ts(v) and v not in self.literals else v
        if isinstance(v, str):
            if key.lower() in MASKED_KEYS and v:
                return "<masked>"
            if key in ("server_version",):
                return version_shape(v)
            return self.text(v)
        return v

    def mapping(self, d: dict[str, Any]) -> dict[str, Any]:
        plain = sorted(k for k in d if not ID_RE.fullmatch(k))
        keyed = [k for k in d if ID_RE.fullmatch(k)]
        # Maps keyed by id (post lists, statuses): known ids first in label order, then by content.
        keyed.sort(key=lambda k: (k not in self.labels, self.labels.get(k, ""), canonical(_mask_ids(d[k]))))
        out: dict[str, Any] = {}
        for k in plain:
            out[k] = self.value(d[k], k)
        for k in keyed:
            label = self.id_label(k)
            out[label] = self.value(d[k], k)
        return out

    def event_value(self, v: Any) -> Any:
        """Event data carries JSON inside strings (post, channel, ...): decode before normalising."""
        if isinstance(v, dict):
            return {k: self.event_value(x) for k, x in v.items()}
        if isinstance(v, str) and v[:1] in ("{", "[") and len(v) > 1:
            try:
                return {"<json>": json.loads(v)}
            except ValueError:
                return v
        return v


def _mask_ids(v: Any) -> Any:
    if isinstance(v, dict):
        return {("<id>" if ID_RE.fullmatch(k) else k): _mask_ids(x) for k, x in v.items()}
    if isinstance(v, list):
        return [_mask_ids(x) for x in v]
    if isinstance(v, str):
        return TS_RE.sub("<t>", ID_RE.sub("<id>", v))
    if isinstance(v, int) and not isinstance(v, bool) and _is_ts(v):
        return "<t>"
    return v


def canonical(v: Any) -> str:
    return json.dumps(v, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def version_shape(value: str) -> str:
    match = VERSION_RE.match(value)
    if match is None:
        return f"<unparsed {value!r}>" if value else ""
    return f"{match.group(1)}.<build>.<hash>.{match.group(4)}"


def cookie_shape(header: str, n: Normaliser) -> dict[str, Any]:
    parts = [p.strip() for p in header.split(";") if p.strip()]
    name, _, value = parts[0].partition("=")
    attrs: dict[str, Any] = {}
    for part in parts[1:]:
        key, eq, val = part.partition("=")
        key = key.strip().lower()
        if key == "expires":
            attrs[key] = "<date>"
        elif key == "domain":
            attrs[key] = n.text(val.strip())
        else:
            attrs[key] = val.strip() if eq else True
    return {"name": name, "value": "<empty>" if value == "" else "<set>", **attrs}


def headers_shape(headers: Iterable[tuple[str, str]], n: Normaliser) -> dict[str, Any]:
    out: dict[str, Any] = {}
    cookies = []
    for key, value in headers:
        key = key.lower()
        if key == "set-cookie":
            cookies.append(cookie_shape(value, n))
        elif key == "x-version-id":
            out[key] = version_shape(value)
        elif key == "etag":
            out[key] = re.sub(r"\d{5,}", "<n>", re.sub(r"0x[0-9a-f]+", "<hash>", n.text(value)))
        elif key == "content-type":
            out[key] = value.lower().replace(" ", "")
        elif key == "location":
            out[key] = n.text(value)
    if cookies:
        out["set-cookie"] = sorted(cookies, key=lambda c: c["name"])
    return out


def body_value(
    content: bytes,
    content_type: str,
    n: Normaliser,
    keyed: list[str] | None = None,
    own: list[str] | None = None,
) -> Any:
    """The body, normalised. `keyed` are unordered paths sorted by a field (`$ by name`): they are sorted
    before normalising, so that ids are labelled in that order and not in the server's own. `own` are list
    paths kept to the items that name the run's token."""
    if not content:
        return None
    if "json" in content_type or content[:1] in (b"{", b"["):
        try:
            raw = json.loads(content)
        except ValueError:
            pass
        else:
            for path in own or []:
                raw = at_path(raw, path, partial(_own, token=n.run_token))
            return n.value(sort_unordered(raw, keyed or []))
    if content_type.startswith("text/") or "json" in content_type:
        return {"<text>": n.text(content.decode("utf-8", errors="replace"))}
    return f"<binary {content_type or 'unknown'}>"


def event_shape(message: dict[str, Any], n: Normaliser) -> dict[str, Any]:
    message = {k: v for k, v in message.items() if k != "seq"}
    data = message.get("data")
    if isinstance(data, dict):
        message["data"] = n.event_value(data)
    return n.value(message)  # type: ignore[no-any-return]


def sort_unordered(body: Any, paths: list[str]) -> Any:
    """Sort the lists a step marks as unordered (the server's own order varies), e.g. `$`, `order`, or
    `$ by name` (a list of objects sorted by one field)."""
    for spec in paths:
        path, _, field_name = spec.partition(" by ")
        body = at_path(body, path, partial(_sorted, field_name=field_name.strip()))
    return body


def at_path(node: Any, path: str, leaf: Callable[[Any], Any]) -> Any:
    """The value with `leaf` applied at a dotted path (`$` the whole value, `*` every item of a list or
    every value of a map); parts that do not exist leave the value as it is."""
    return _at(node, [] if path in ("$", "") else path.split("."), leaf)


def _at(node: Any, parts: list[str], leaf: Callable[[Any], Any]) -> Any:
    if not parts:
        return leaf(node)
    head, rest = parts[0], parts[1:]
    if head == "*" and isinstance(node, list):
        return [_at(x, rest, leaf) for x in node]
    if head == "*" and isinstance(node, dict):
        return {k: _at(v, rest, leaf) for k, v in node.items()}
    if isinstance(node, dict) and head in node:
        return {**node, head: _at(node[head], rest, leaf)}
    return node


def _sorted(node: Any, field_name: str) -> Any:
    if not isinstance(node, list):
        return node
    if field_name:
        return sorted(node, key=lambda x: canonical(x.get(field_name) if isinstance(x, dict) else x))
    return sorted(node, key=canonical)


def _own(node: Any, token: str) -> Any:
    """The items of a list that name the run's token."""
    if not isinstance(node, list) or not token:
        return node
    return [x for x in node if token in json.dumps(x)]


def shape(value: Any) -> Any:
    """The JSON shape of a value: field names and value types, lists as `<list>` whatever they hold."""
    if isinstance(value, dict):
        return {k: shape(v) for k, v in value.items()}
    if isinstance(value, list):
        return "<list>"
    if value is None:
        return None
    return f"<{type(value).__name__}>"


def scenario_literals(values: list[Any]) -> frozenset[int]:
    """Every timestamp-sized integer written in the given scenario values (bodies, raw bodies, paths)."""
    found: set[int] = set()

    def walk(v: Any) -> None:
        if isinstance(v, dict):
            for x in v.values():
                walk(x)
        elif isinstance(v, list):
            for x in v:
                walk(x)
        elif isinstance(v, int) and not isinstance(v, bool) and _is_ts(v):
            found.add(v)
        elif isinstance(v, str):
            found.update(int(m) for m in TS_RE.findall(v))

    for value in values:
        walk(value)
    return frozenset(found)
