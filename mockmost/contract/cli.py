"""`mockmost contract` (the contract against any Mattermost by URL) and `mockmost coverage` (per tag)."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import Any

EXTRA_MISSING = (
    "mockmost {command}: needs the contract extra (schemathesis and hypothesis), which is not installed: "
    "pip install 'mockmost[contract]'"
)


def extra_missing(command: str) -> str | None:
    """The one-line message when the `contract` extra is absent, else None (the import is the check)."""
    try:
        import hypothesis  # noqa: F401
        import schemathesis  # noqa: F401
    except ImportError:
        return EXTRA_MISSING.format(command=command)
    return None


class Progress:
    """Progress on stderr: a line every 5% (every run on a terminal, rewritten in place)."""

    def __init__(self, command: str, total: int) -> None:
        self.command, self.total, self.done = command, max(total, 1), 0
        self.tty = sys.stderr.isatty()
        self.step = 1 if self.tty else max(1, self.total // 20)

    def tick(self, what: str) -> None:
        self.done += 1
        if self.done % self.step and self.done != self.total:
            return
        line = f"mockmost {self.command}: {self.done}/{self.total} ({100 * self.done // self.total}%) {what}"
        if self.tty:
            print("\r" + line[:150].ljust(150), end="" if self.done < self.total else "\n", file=sys.stderr)
        else:
            print(line, file=sys.stderr)
        sys.stderr.flush()


def add_subcommands(sub: Any, formatter: Any = argparse.HelpFormatter) -> None:
    contract = sub.add_parser(
        "contract",
        help="check a Mattermost server (or mockmost) against the API document",
        description="Check a Mattermost server (or mockmost) against Mattermost's OpenAPI document "
        "(MOCKMOST_OPENAPI) with the errata applied. Needs the contract extra: "
        "pip install 'mockmost[contract]'.",
        formatter_class=formatter,
    )
    contract.add_argument("--base-url", required=True, help="server root, e.g. https://chat.example.com")
    auth = contract.add_mutually_exclusive_group(required=True)
    auth.add_argument("--token", help="a system admin's session or personal access token")
    auth.add_argument("--login-id", help="a system admin's username or email (with --password)")
    contract.add_argument("--password", help="the password for --login-id")
    contract.add_argument(
        "--read-only", action="store_true", help="send only GET requests (no sandbox writes)"
    )
    contract.add_argument("--junit", type=Path, help="write a JUnit XML report here")
    contract.add_argument("--max-examples", type=int, default=5, help="examples per operation and identity")
    contract.add_argument(
        "--stateful",
        type=int,
        default=3,
        help="stateful sequences to run in the sandbox team (0: none; never in --read-only)",
    )
    contract.add_argument("--operations", help="only operations whose 'METHOD /path' matches this regex")
    contract.set_defaults(func=run_contract)
    coverage = sub.add_parser(
        "coverage",
        help="operations per API tag by kind (stateful, answered, unrouted), contract-clean",
        description="The route table's operations per API tag by kind: stateful, answered as the stock "
        "unlicensed server answers them, unrouted (the real router's 404), and the OpenAPI document's "
        "operations missing from the table (not implemented); with the document at hand, a check that both "
        "list the same operations. Then contract-clean, from an in-process contract run: needs the document "
        "and the contract extra unless --no-contract.",
        formatter_class=formatter,
    )
    coverage.add_argument(
        "--max-examples", type=int, default=3, help="examples per operation for contract-clean"
    )
    coverage.add_argument(
        "--no-contract",
        action="store_true",
        help="skip the contract run (no contract-clean column; neither the extra nor the document needed)",
    )
    coverage.set_defaults(func=run_coverage)


def _selected(contract: Any, pattern: str | None) -> list[Any]:
    ops: list[Any] = contract.operations()
    if pattern:
        rx = re.compile(pattern)
        ops = [op for op in ops if rx.search(f"{op.method} {op.path}")]
    return ops


def run_contract(args: argparse.Namespace) -> int:
    missing = extra_missing("contract")
    if missing:
        print(missing, file=sys.stderr)
        return 2
    from mockmost.contract.document import DocumentMissing, load_contract
    from mockmost.contract.report import junit_xml, text_report
    from mockmost.contract.runner import Runner, World
    from mockmost.contract.target import (
        SandboxError,
        build_sandbox,
        cleanup,
        new_sandbox,
        password_login,
        url_clients,
    )

    if args.login_id and not args.password:
        print("mockmost contract: --login-id needs --password", file=sys.stderr)
        return 2
    try:
        contract = load_contract()
    except DocumentMissing as err:
        print(f"mockmost contract: {err}", file=sys.stderr)
        return 2
    clients = url_clients(args.base_url)
    sandbox = new_sandbox()
    try:
        token = args.token or password_login(clients, args.login_id, args.password)
    except (SandboxError, OSError, ValueError) as err:
        print(f"mockmost contract: cannot log in: {err}", file=sys.stderr)
        return 2
    try:
        sandbox, admin, user = build_sandbox(clients, token, sandbox)
    except (SandboxError, OSError, ValueError) as err:
        remains = cleanup(clients, token, sandbox)
        print(
            f"mockmost contract: cannot prepare the run: {err}"
            + (f" (left behind: {remains})" if remains else ""),
            file=sys.stderr,
        )
        return 2
    world = World(sandbox, {"admin": admin, "user": user})
    runner = Runner(
        contract, clients, lambda: world, real=True, read_only=args.read_only, max_examples=args.max_examples
    )
    ops = _selected(contract, args.operations)
    # Deletions last, so the sandbox lives until the end; the plain user first in each phase.
    results = []
    left: list[str] = []
    stateful_error = ""
    progress = Progress("contract", 2 * len(ops))
    try:
        if args.stateful and not args.read_only:
            print(f"mockmost contract: {args.stateful} stateful sequences", file=sys.stderr)
            stateful_error = run_sequences(args.base_url, token, sandbox.bindings["team_id"], args.stateful)
        for deleting in (False, True):
            for identity in ("user", "admin"):
                for op in ops:
                    if (op.method == "DELETE") == deleting:
                        results.append(runner.run_operation(op, identity, world))
                        progress.tick(f"{op.method} {op.path} [{identity}]")
    finally:
        left = cleanup(clients, token, sandbox)
    print(text_report(results, contract.errata, left))
    if args.stateful and not args.read_only:
        print(
            f"\nSTATEFUL ({args.stateful} sequences): "
            + (f"FAILED\n{stateful_error}" if stateful_error else "passed")
        )
    if args.junit:
        junit_xml(results, args.junit)
    return 1 if stateful_error or any(r.outcome == "failed" for r in results) else 0


def run_sequences(base_url: str, token: str, team_id: str, examples: int) -> str:
    """Run the stateful sequences in the sandbox team; answer the failure, or "" when they held."""
    from hypothesis import HealthCheck, Phase, settings
    from hypothesis.stateful import run_state_machine_as_test

    from mockmost.client import Client
    from mockmost.contract.stateful import machine

    sequences = machine(lambda t: Client(base_url, t), token, team_id)
    try:
        run_state_machine_as_test(
            sequences,
            settings=settings(
                max_examples=examples,
                stateful_step_count=20,
                deadline=None,
                database=None,
                suppress_health_check=list(HealthCheck),
                phases=[p for p in Phase if p is not Phase.shrink],
            ),
        )
    except Exception as err:  # the failing step and its assertion, for the report
        return f"{type(err).__name__}: {err}"[:3000]
    return ""


def run_coverage(args: argparse.Namespace) -> int:
    from mockmost import openapi
    from mockmost.coverage import COLUMNS, coverage, coverage_table
    from mockmost.routes import ROUTES
    from mockmost.settings import default_openapi_path

    if not args.no_contract and (missing := extra_missing("coverage")):
        print(missing + " (or use --no-contract)", file=sys.stderr)
        return 2
    path = default_openapi_path()
    try:
        doc = openapi.load_document(path)
    except openapi.OpenAPIError as err:
        print(f"mockmost coverage: {err}", file=sys.stderr)
        return 2
    if doc is None and not args.no_contract:
        print(
            f"mockmost coverage: {openapi.missing_message(path)}; the contract run needs it "
            "(--no-contract counts the route table alone)",
            file=sys.stderr,
        )
        return 2
    result = coverage([route.info() for route in ROUTES], openapi.list_operations(doc) if doc else None)
    headers: tuple[str, ...] = ("tag", *COLUMNS)
    rows = result.rows
    if not args.no_contract:
        clean = _contract_clean(args.max_examples)
        headers += ("contract-clean",)
        rows = [(*row, clean.get(row[0], 0)) for row in rows]
    print(coverage_table(rows, headers))
    if not result.compared:
        print(
            f"mockmost coverage: {openapi.missing_message(path)}; the route table alone, not compared",
            file=sys.stderr,
        )
        return 0
    if result.complete:
        total = sum(row[1] for row in result.rows)
        print(f"\nThe route table and the OpenAPI document list the same {total} operations.")
        return 0
    for title, items in (
        ("IN THE DOCUMENT, NOT IN THE ROUTE TABLE (not implemented)", result.missing),
        ("IN THE ROUTE TABLE, NOT IN THE DOCUMENT", result.extra),
        ("ANOTHER OPERATIONID OR TAG THAN THE DOCUMENT'S", result.renamed),
    ):
        if items:
            print(f"\n{title}")
            print("\n".join(f"  {item}" for item in items))
    return 1


def _contract_clean(max_examples: int) -> dict[str, int]:
    """Per tag, the operations every identity passes in an in-process contract run (unrouted ones are not
    run: the router's 404 is no documented answer)."""
    from mockmost.contract import build_seeded_app
    from mockmost.contract.document import load_contract
    from mockmost.contract.local import inprocess_runner, operation_kind
    from mockmost.contract.report import coverage_rows
    from mockmost.contract.runner import OperationResult
    from mockmost.operations import UNROUTED

    app = build_seeded_app()
    contract = load_contract()
    runner = inprocess_runner(contract, app, max_examples=max_examples)
    results = []
    progress = Progress("coverage", 2 * len(contract.operations()))
    for op in contract.operations():
        kind = operation_kind(app, op.method, op.path)
        for identity in ("admin", "user"):
            progress.tick(f"{op.method} {op.path} [{identity}]")
            if kind is not None and kind != UNROUTED:
                results.append(runner.run_operation(op, identity))
            else:
                reason = "not routed by a stock 11.2" if kind else "not in the route table"
                results.append(
                    OperationResult(
                        op.method,
                        op.path,
                        op.operation_id,
                        op.tag,
                        identity,
                        outcome="skipped",
                        reason=reason,
                    )
                )
    return {row[0]: row[4] for row in coverage_rows(results)}
