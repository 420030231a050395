"""Parity scenarios: declarative YAML files of HTTP steps (and the WebSocket connections that watch them).

A scenario reads like this (tests/parity/scenarios/*.yaml)::

    name: posts_basic
    users: [owner, plain]          # created fresh by the admin for every run; `admin` always exists
    setup:                         # run, not compared
      - {as: owner, request: POST /api/v4/teams, body: {name: "t-{run}", display_name: T, type: O},
         save: {team: id}}
    sockets: [owner, plain]        # opened after setup; their events are compared after every step
    ignore_global_events: true     # optional: drop events that name no id and go to everyone (config,
                                   # marketplace, ...), which other clients of a shared server cause
    steps:                         # compared, one exchange each
      - {as: owner, request: "GET /api/v4/teams/{team}"}
    cleanup: []                    # run, not compared (users are deactivated automatically)

A step may say `shape_only: <reason>` when its answer holds server-wide data (audits, logs, user
counts) that differs between any two servers: then only the JSON shape of the body is compared (field
names and value types; lists as lists), never its values.

`unordered: [path, ...]` sorts lists whose order the server does not fix: `$`, `order`,
`categories.*.channel_ids` in the response, or `event:data.teammate_ids.<json>` in every event of the step.
`$ by name` sorts a list of objects by one field, before ids are labelled (so labels follow that order).
`own_items: [path, ...]` keeps, in a list answer that holds server-wide data (`$`, `teams`), only the items
that name this run's token: what other runs left on a live server drops out, this run's items are compared.

`save: {var: where}` keeps a value of the answer for later steps: `field.path` in the JSON body,
`header:<name>`, and either followed by `?<param>` for that parameter of the URL found there (query or
fragment): `redirect?code`, `header:location?code`. A form body is sent with `raw:` and a
`headers: {Content-Type: application/x-www-form-urlencoded}`; redirects are never followed.

Placeholders `{name}` take saved values, `{run}` (a per-run token that keeps names unique on a live
server), `{<user>.id}`, `{<user>.username}`, `{<user>.email}`, `{<user>.password}`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

SPECIAL_ACTORS = ("admin", "anon")


class ScenarioError(ValueError):
    """A scenario file that cannot be read; the message names the file and the entry."""


@dataclass(slots=True)
class Step:
    name: str
    actor: str
    method: str
    path: str
    body: Any = None
    raw: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    multipart: dict[str, Any] | None = None
    save: dict[str, str] = field(default_factory=dict)
    status: int | None = None
    wait_for: list[dict[str, str]] = field(default_factory=list)
    unordered: list[str] = field(default_factory=list)
    settle_ms: int | None = None
    pause_ms: int = 0
    shape_only: str = ""
    own_items: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Scenario:
    name: str
    source: Path
    description: str
    users: list[str]
    sockets: list[str]
    setup: list[Step]
    steps: list[Step]
    cleanup: list[Step]
    ignore_global_events: bool = False

    def actors(self) -> list[str]:
        return ["admin", *self.users]


_REQUEST = re.compile(r"^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\s+(/\S*)$|^(WS)\s+([a-z_]+)$")
_STEP_KEYS = {
    "name",
    "as",
    "request",
    "body",
    "raw",
    "headers",
    "multipart",
    "save",
    "status",
    "wait_for",
    "unordered",
    "settle_ms",
    "pause_ms",
    "shape_only",
    "own_items",
}


def _step(entry: Any, where: str, actors: list[str]) -> Step:
    if not isinstance(entry, dict):
        raise ScenarioError(f"{where}: a step is a mapping, not {type(entry).__name__}")
    unknown = set(entry) - _STEP_KEYS
    if unknown:
        raise ScenarioError(f"{where}: unknown keys {sorted(unknown)}")
    match = _REQUEST.match(str(entry.get("request", "")).strip())
    if match is None:
        raise ScenarioError(
            f"{where}: 'request' must be 'METHOD /path' or 'WS action', got {entry.get('request')!r}"
        )
    actor = str(entry.get("as", "admin"))
    if actor not in actors and actor not in SPECIAL_ACTORS:
        raise ScenarioError(f"{where}: 'as: {actor}' is not one of {[*actors, 'anon']}")
    method, path = (match.group(1), match.group(2)) if match.group(1) else (match.group(3), match.group(4))
    wait_for = entry.get("wait_for", [])
    if isinstance(wait_for, dict):
        wait_for = [wait_for]
    return Step(
        name=str(entry.get("name") or f"{method} {path}"),
        actor=actor,
        method=method,
        path=path,
        body=entry.get("body"),
        raw=entry.get("raw"),
        headers={str(k): str(v) for k, v in (entry.get("headers") or {}).items()},
        multipart=entry.get("multipart"),
        save={str(k): str(v) for k, v in (entry.get("save") or {}).items()},
        status=entry.get("status"),
        wait_for=list(wait_for),
        unordered=list(entry.get("unordered", [])),
        settle_ms=entry.get("settle_ms"),
        pause_ms=int(entry.get("pause_ms", 0)),
        shape_only=str(entry.get("shape_only", "")),
        own_items=list(entry.get("own_items", [])),
    )


def load_scenario(path: Path) -> Scenario:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as err:
        raise ScenarioError(f"{path}: cannot read: {err}") from None
    if not isinstance(data, dict) or "steps" not in data:
        raise ScenarioError(f"{path}: a scenario is a mapping with 'steps'")
    users = [str(u) for u in data.get("users", [])]
    for user in users:
        if user in SPECIAL_ACTORS or not re.fullmatch(r"[a-z][a-z0-9]*", user):
            raise ScenarioError(
                f"{path}: user name {user!r} must be lowercase letters/digits and not admin/anon"
            )
    actors = ["admin", *users]
    sockets = [str(s) for s in data.get("sockets", [])]
    for sock in sockets:
        if sock not in actors:
            raise ScenarioError(f"{path}: socket {sock!r} is not a user of the scenario")

    def steps(key: str) -> list[Step]:
        entries = data.get(key) or []
        if not isinstance(entries, list):
            raise ScenarioError(f"{path}: '{key}' is a list of steps")
        return [_step(e, f"{path}: {key}[{i}]", actors) for i, e in enumerate(entries)]

    return Scenario(
        name=str(data.get("name") or path.stem),
        source=path,
        description=str(data.get("description", "")),
        users=users,
        sockets=sockets,
        setup=steps("setup"),
        steps=steps("steps"),
        cleanup=steps("cleanup"),
        ignore_global_events=bool(data.get("ignore_global_events", False)),
    )


def load_scenarios(directory: Path, only: str | None = None) -> list[Scenario]:
    paths = sorted(directory.glob("*.yaml"))
    if not paths:
        raise ScenarioError(f"{directory}: no scenario files (*.yaml)")
    scenarios = [load_scenario(p) for p in paths]
    names = [s.name for s in scenarios]
    dupes = {n for n in names if names.count(n) > 1}
    if dupes:
        raise ScenarioError(f"{directory}: scenario names used twice: {sorted(dupes)}")
    if only:
        pattern = re.compile(only)
        scenarios = [s for s in scenarios if pattern.search(s.name)]
    return scenarios
