"""The errata file: well-formed, each entry still matching a defect of the document (a fixed defect makes
its patch fail), the validator's structural defects (SOURCE.md) all covered, the contract copy clean."""

from __future__ import annotations

import copy
import json
import re

import pytest

from contracts.conftest import CONTRACT
from mockmost.contract.checks import app_error_problem
from mockmost.contract.errata import REQUIRED_KEYS, ErrataError, apply_errata, errata_path, load_errata
from mockmost.contract.report import coverage_rows, summary, text_report
from mockmost.contract.runner import CaseFailure, OperationResult

pytestmark = pytest.mark.skipif(CONTRACT is None, reason="no OpenAPI document (MOCKMOST_OPENAPI)")


def test_every_entry_names_a_documented_operation_and_the_server_source():
    for e in CONTRACT.errata:
        assert e.method.lower() in CONTRACT.raw["paths"].get(e.path, {}), e.id
        assert "server/" in e.source, f"{e.id}: the server source file is missing"
        assert all(getattr(e, k, None) or k == "operation" for k in REQUIRED_KEYS)


def test_every_patch_changes_the_operation_or_a_schema_it_uses():
    for e in CONTRACT.errata:
        if e.skipped_check:
            continue
        alone = apply_errata(CONTRACT.raw, [e])
        assert alone != CONTRACT.raw, f"{e.id} changes nothing"


def test_the_original_document_is_left_as_read():
    again = copy.deepcopy(CONTRACT.raw)
    apply_errata(CONTRACT.raw, CONTRACT.errata)
    assert again == CONTRACT.raw


def test_a_defect_fixed_upstream_makes_its_erratum_fail_loudly():
    fixed = copy.deepcopy(CONTRACT.raw)
    fixed["paths"]["/api/v4/users/login"]["post"]["responses"]["200"] = {"description": "fixed"}
    entry = [e for e in CONTRACT.errata if e.id == "login-status-200"]
    with pytest.raises(ErrataError, match="already documents 200"):
        apply_errata(fixed, entry)


def test_the_validators_structural_defects_are_all_worked_around():
    ids = {e.id for e in CONTRACT.errata}
    assert {
        "bookmarks-swagger2-body",
        "custom-profile-attributes-misplaced-schema",
        "content-flagging-config-nesting",
        "reset-failed-attempts-undeclared-user-id",
        "generate-invite-undeclared-remote-id",
        "outgoing-oauth-connection-undeclared-id",
        "scheduled-posts-undeclared-team-id",
        "search-files-duplicate-operation-id",
        "get-config-remove-defaults-boolean-default",
    } <= ids
    doc = CONTRACT.patched
    op_ids = [
        op.get("operationId")
        for item in doc["paths"].values()
        for op in item.values()
        if isinstance(op, dict)
    ]
    assert len(op_ids) == len(set(op_ids)) and None not in op_ids
    for path, item in doc["paths"].items():
        for method, op in item.items():
            declared = {p.get("name") for p in op.get("parameters", []) if p.get("in") == "path"}
            assert set(re.findall(r"\{([^}]+)\}", path)) <= declared, f"{method} {path}"
            assert "body" not in op
            for status, resp in op["responses"].items():
                assert "schema" not in (resp.get("content") or {}), f"{method} {path} {status}"
    assert "NotificationSettings" in doc["components"]["schemas"]["ContentFlaggingConfig"]["properties"]


def test_malformed_entries_are_refused_with_their_id(tmp_path):
    bad = tmp_path / "errata.yaml"
    bad.write_text(
        "- id: x\n  operation: GET /api/v4/users\n  document: d\n  server: s\n  source: server/x.go\n"
    )
    with pytest.raises(ErrataError, match="x.*workaround"):
        load_errata(bad)
    bad.write_text(
        "- {id: y, operation: GET /a, document: d, server: s, source: server/x.go, workaround: w,"
        " patch: {loosen_everything: true}}\n"
    )
    with pytest.raises(ErrataError, match="y: patch must be one of"):
        load_errata(bad)


def test_the_errata_file_is_the_one_in_contracts_shipped_with_the_package():
    assert errata_path().resolve().parts[-2:] == ("contracts", "errata.yaml")
    assert errata_path().parent.name == "contract"  # mockmost/contract/errata.yaml links to it


@pytest.mark.parametrize(
    ("status", "body", "problem"),
    [
        # Upstream web/web.go Handle404: no request_id (omitempty), the rest present.
        (
            404,
            {"id": "api.context.404.app_error", "message": "m", "detailed_error": "d", "status_code": 404},
            None,
        ),
        (400, {"id": "a", "message": "m", "detailed_error": "", "request_id": "r", "status_code": 400}, None),
        (400, {"id": "a", "message": "m", "request_id": "r", "status_code": 400}, "detailed_error"),
        (
            403,
            {"id": "a", "message": "m", "detailed_error": "", "request_id": "r", "status_code": 400},
            "differs",
        ),
        (401, {"id": "", "message": "m", "detailed_error": "", "status_code": 401}, "id is empty"),
        (500, ["not", "an", "object"], "not a JSON object"),
    ],
)
def test_app_error_shape(status, body, problem):
    found = app_error_problem(status, "application/json", json.dumps(body).encode())
    assert (found is None) if problem is None else (problem in found)


def test_app_error_shape_ignores_successes_and_the_plain_text_429():
    assert app_error_problem(200, "text/plain", b"ok") is None
    assert app_error_problem(429, "text/plain", b"limit exceeded") is None  # app/ratelimit.go
    assert "not an AppError" in app_error_problem(400, "text/html", b"<html>")


def test_report_counts_skipped_checks_failures_and_coverage():
    results = [
        OperationResult(
            "GET", "/a", "A", "t1", "admin", examples=3, skipped_checks={"not_a_server_error": "e1"}
        ),
        OperationResult(
            "GET",
            "/a",
            "A",
            "t1",
            "user",
            outcome="failed",
            examples=2,
            failures=[CaseFailure("status_code_conformance", "boom", "GET /a", "500")],
        ),
        OperationResult("GET", "/b", "B", "t1", "admin", outcome="not_implemented", reason="answers 501"),
        OperationResult("PUT", "/c", "C", "t2", "admin", outcome="skipped", reason="deny list"),
    ]
    assert summary(results) == {
        "checked": 2,
        "passed": 1,
        "failed": 1,
        "not_implemented": 1,
        "skipped": 1,
        "examples": 5,
        "skipped_checks": 1,
    }
    assert coverage_rows(results) == [("t1", 2, 1, 1, 0), ("t2", 1, 0, 0, 0)]
    text = text_report(results, CONTRACT.errata)
    assert "GET /a [user]" in text and "boom" in text and "not_a_server_error (erratum e1)" in text
    assert "deny list" in text
