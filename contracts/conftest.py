"""The contract suite in CI: every operation of the OpenAPI document against an in-process mockmost.

MOCKMOST_CONTRACT_EXAMPLES sets the examples per operation and identity (`make contract-full` raises it).
Operations a stock 11.2 does not route (kind `unrouted`: the router's 404) are skipped.
"""

from __future__ import annotations

import os
from typing import Any

import pytest

from mockmost.contract.document import Contract, DocumentMissing, load_contract
from mockmost.contract.local import operation_kind
from mockmost.contract.runner import OperationResult
from mockmost.openapi import Operation
from mockmost.operations import UNROUTED

EXAMPLES = int(os.environ.get("MOCKMOST_CONTRACT_EXAMPLES", "8"))
# CI runs are reproducible (the same examples every run); `make contract-full` explores new ones each time.
DERANDOMIZE = "MOCKMOST_CONTRACT_EXAMPLES" not in os.environ

# Defects of mockmost itself that the contract found in other areas, by operation: (identities, what and
# where). The test is an expected failure while it fails for those identities and passes once fixed (then
# drop the entry); any other failure of the operation still fails.
KNOWN_MOCK_BUGS: dict[str, tuple[tuple[str, ...], str]] = {}

try:
    CONTRACT: Contract | None = load_contract()
except DocumentMissing:
    CONTRACT = None


def operations() -> list[Any]:
    if CONTRACT is None:
        return [pytest.param(None, marks=pytest.mark.skip(reason="no OpenAPI document (MOCKMOST_OPENAPI)"))]
    return [pytest.param(op, id=f"{op.method} {op.path}") for op in CONTRACT.operations()]


@pytest.fixture(scope="module")
def contract_runner() -> Any:
    from mockmost.contract.local import build_app, inprocess_runner

    assert CONTRACT is not None
    app = build_app()
    runner = inprocess_runner(CONTRACT, app, max_examples=EXAMPLES)
    runner.seed = 0 if DERANDOMIZE else None
    runner.app = app  # type: ignore[attr-defined]
    return runner


def check_operation(runner: Any, op: Operation, identity: str) -> None:
    """Run one operation as one identity; fail with every broken check, its request and response."""
    kind = operation_kind(runner.app, op.method, op.path)
    if kind is None:
        pytest.fail("not in mockmost's route table", pytrace=False)
    if kind == UNROUTED:
        pytest.skip("not routed by a stock 11.2: the router's 404, no documented answer")
    result: OperationResult = runner.run_operation(op, identity)
    if result.outcome in ("not_implemented", "skipped"):
        pytest.skip(result.reason)
    identities, known = KNOWN_MOCK_BUGS.get(f"{op.method} {op.path}", ((), ""))
    if identity in identities and result.outcome == "failed":
        if all(f.check in ("not_a_server_error", "status_code_conformance") for f in result.failures):
            pytest.xfail(f"known mockmost defect: {known}")
    assert result.examples > 0, f"{result.label}: no example was sent"
    if result.failures:
        lines = [f"{result.label}: {len(result.failures)} contract failure(s) in {result.examples} examples"]
        for f in result.failures:
            lines += [f"--- {f.check}", f.message, "request:", f.request, "response:", f.response]
        pytest.fail("\n".join(lines), pytrace=False)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """The errata in force and the checks they skip, in every run's summary (not only in failures)."""
    if CONTRACT is None:
        return
    entries = {e.id for e in CONTRACT.errata}
    operations = {e.operation for e in CONTRACT.errata}
    terminalreporter.write_sep("-", "mockmost contract errata")
    terminalreporter.write_line(f"{len(entries)} errata over {len(operations)} operations")
    for (method, path), checks in sorted(CONTRACT.skips.items()):
        for check, erratum in sorted(checks.items()):
            terminalreporter.write_line(f"check skipped: {check} on {method} {path} (erratum {erratum})")
    for operation, (identities, why) in sorted(KNOWN_MOCK_BUGS.items()):
        terminalreporter.write_line(f"known mockmost defect ({', '.join(identities)}): {operation}: {why}")
