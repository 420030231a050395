"""The parity snapshots exercise every operation of the OpenAPI document as a plain user and as the system
admin.

Each recorded exchange (`"request": "METHOD /path"` and `"as": <actor>` in tests/parity/snapshots/*.json) is
mapped to the operation whose path template matches it (the most literal template wins: `/users/stats` is
GetTotalUsersStats, not GetUser). The actor `admin` is the system admin the recording ran as, `anon` sends
no token, and every other actor is a user the scenario created (a system user; team or channel admin rights
do not count) unless the scenario made it a system admin (a successful `PUT /api/v4/users/{x.id}/roles`
naming `system_admin`, in its setup or its steps). Skipped without the document.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from pathlib import Path

import pytest

from mockmost import openapi
from mockmost.parity.scenario import load_scenarios
from mockmost.settings import default_openapi_path

HERE = Path(__file__).parent
ROLES = ("plain", "admin")

# Operations (METHOD, path template) -> roles knowingly left unexercised, with the reason. Strict: an entry
# that the snapshots cover fails test_expected_missing_is_still_missing, so the list only shrinks.
EXPECTED_MISSING: dict[tuple[str, str], tuple[frozenset[str], str]] = {
    ("POST", "/api/v4/restart"): (
        frozenset({"admin"}),
        "as the system admin it restarts the live server (api4/system.go restart); mockmost answers it "
        "from the source, tested in tests/ws/test_resume.py",
    ),
    ("POST", "/api/v4/upgrade_to_enterprise"): (
        frozenset({"admin"}),
        "as the system admin of a team-edition build whose binary it can write (the judge runs as root) it "
        "downloads the enterprise build and replaces the running server's executable (upgrader_linux.go "
        "UpgradeToE0); an earlier run did start it (the status read 'signature could not be verified')",
    ),
}

_ROLES_PATH = re.compile(r"^/api/v4/users/[<{]([a-z][a-z0-9]*)\.id[>}]/roles$")


def _segments(path: str) -> list[str]:
    return path.split("?", 1)[0].rstrip("/").split("/")


class OperationIndex:
    """Map a recorded (method, path) to its operation: templates bucketed by method and segment count."""

    def __init__(self, operations: list[openapi.Operation]) -> None:
        self.buckets: dict[tuple[str, int], list[tuple[openapi.Operation, list[str]]]] = defaultdict(list)
        for op in operations:
            segs = _segments(op.path)
            self.buckets[(op.method, len(segs))].append((op, segs))

    def find(self, method: str, path: str) -> openapi.Operation | None:
        segs = _segments(path)
        best: tuple[int, openapi.Operation] | None = None
        for op, template in self.buckets.get((method, len(segs)), []):
            if all(
                t == s or (t.startswith("{") and t.endswith("}")) for t, s in zip(template, segs, strict=True)
            ):
                literal = sum(not t.startswith("{") for t in template)
                if best is None or literal > best[0]:
                    best = (literal, op)
        return best[1] if best else None


def _promotes(method: str, path: str, body: object) -> str | None:
    """The scenario user a request makes a system admin: `PUT /users/{x.id}/roles` with system_admin."""
    match = _ROLES_PATH.match(path)
    if method != "PUT" or match is None or not isinstance(body, dict):
        return None
    return match.group(1) if "system_admin" in str(body.get("roles", "")).split() else None


def _setup_admins(scenario) -> set[str]:
    admins = set()
    for step in scenario.setup:
        user = _promotes(step.method, step.path, step.body)
        if user is not None:
            admins.add(user)
    return admins


def coverage(index: OperationIndex) -> dict[openapi.Operation, dict[str, set[str]]]:
    """operation -> role -> the scenarios whose snapshot exercises it in that role."""
    covered: dict[openapi.Operation, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for scenario in load_scenarios(HERE / "scenarios"):
        path = HERE / "snapshots" / f"{scenario.name}.json"
        if not path.exists():
            continue
        admins = _setup_admins(scenario)
        for step in json.loads(path.read_text(encoding="utf-8"))["steps"]:
            if "request" not in step:
                continue  # a WebSocket action
            method, _, target = step["request"].partition(" ")
            actor = step["as"]
            op = index.find(method, target)
            if op is not None and actor != "anon":
                role = "admin" if actor == "admin" or actor in admins else "plain"
                covered[op][role].add(scenario.name)
            promoted = _promotes(method, target, step.get("body"))
            if promoted is not None and step.get("status") == 200:
                admins.add(promoted)
    return covered


@pytest.fixture(scope="module")
def operations() -> list[openapi.Operation]:
    doc = openapi.load_document(default_openapi_path())
    if not doc:
        pytest.skip("OpenAPI document absent (set MOCKMOST_OPENAPI)")
    return openapi.list_operations(doc)


@pytest.fixture(scope="module")
def covered(operations):
    return coverage(OperationIndex(operations))


def _missing(operations, covered) -> dict[tuple[str, str], set[str]]:
    missing = {}
    for op in operations:
        roles = {r for r in ROLES if not covered.get(op, {}).get(r)}
        if roles:
            missing[(op.method, op.path)] = roles
    return missing


def test_every_operation_is_exercised_as_plain_user_and_as_system_admin(operations, covered):
    missing = _missing(operations, covered)
    unexpected = {
        key: roles - (EXPECTED_MISSING[key][0] if key in EXPECTED_MISSING else set())
        for key, roles in missing.items()
    }
    unexpected = {key: roles for key, roles in unexpected.items() if roles}
    assert not unexpected, f"{len(unexpected)} operations lack a recorded exchange:\n" + "\n".join(
        f"  {m} {p}: as {' and '.join(sorted(r))}" for (m, p), r in sorted(unexpected.items())
    )
    assert len(operations) == 511


def test_expected_missing_is_still_missing(operations, covered):
    """An operation a snapshot now covers leaves EXPECTED_MISSING (the list only shrinks)."""
    missing = _missing(operations, covered)
    known = {(op.method, op.path) for op in operations}
    stale = [
        f"{m} {p} as {role}"
        for (m, p), (roles, _) in EXPECTED_MISSING.items()
        for role in roles
        if (m, p) not in known or role not in missing.get((m, p), set())
    ]
    assert not stale, "covered now (or gone from the document), remove from EXPECTED_MISSING: " + ", ".join(
        stale
    )


def test_a_request_maps_to_its_most_literal_template(operations):
    index = OperationIndex(operations)

    def op_id(method: str, path: str) -> str | None:
        op = index.find(method, path)
        return op.operation_id if op else None

    assert op_id("GET", "/api/v4/users/stats") == "GetTotalUsersStats"
    assert op_id("GET", "/api/v4/users/<plain.id>") == "GetUser"
    assert op_id("GET", "/api/v4/users/<plain.id>/image?_=1") == "GetProfileImage"
    assert op_id("POST", "/api/v4/teams/<team>/members/batch") == "AddTeamMembers"
    assert op_id("GET", "/hooks/<hook>") is None
    assert op_id("PATCH", "/api/v4/users/<plain.id>") is None


def test_a_scenario_user_made_system_admin_counts_as_admin():
    assert _promotes("PUT", "/api/v4/users/{boss.id}/roles", {"roles": "system_user system_admin"}) == "boss"
    assert _promotes("PUT", "/api/v4/users/<boss.id>/roles", {"roles": "system_user"}) is None
    assert _promotes("PUT", "/api/v4/users/me/roles", {"roles": "system_admin"}) is None
