"""`mockmost contract` (the contract against any Mattermost by URL) and `mockmost coverage` (per tag)."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import Any


def add_subcommands(sub: Any) -> None:
    contract = sub.add_parser(
        "contract", help="check a Mattermost server (or mockmost) against the API document"
    )
    contract.add_argument("--base-url", required=True, help="server root, e.g. https://chat.example.com")
    auth = contract.add_mutually_exclusive_group(required=True)
    auth.add_argument("--token", help="a system admin's session or personal access token")
    auth.add_argument("--login-id", help="a system admin's username or email (with --password)")
    contract.add_argument("--password")
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
    coverage = sub.add_parser("coverage", help="operations per API tag: implemented, 501, contract-clean")
    coverage.add_argument(
        "--max-examples", type=int, default=3, help="examples per operation for contract-clean"
    )
    coverage.add_argument(
        "--no-contract", action="store_true", help="skip the contract run (no clean column)"
    )
    coverage.set_defaults(func=run_coverage)


def _selected(contract: Any, pattern: str | None) -> list[Any]:
    ops: list[Any] = contract.operations()
    if pattern:
        rx = re.compile(pattern)
        ops = [op for op in ops if rx.search(f"{op.method} {op.path}")]
    return ops


def run_contract(args: argparse.Namespace) -> int:
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
    try:
        if args.stateful and not args.read_only:
            stateful_error = run_sequences(args.base_url, token, sandbox.bindings["team_id"], args.stateful)
        for deleting in (False, True):
            for identity in ("user", "admin"):
                for op in ops:
                    if (op.method == "DELETE") == deleting:
                        results.append(runner.run_operation(op, identity, world))
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
    from mockmost.app import state_of
    from mockmost.contract.document import load_contract
    from mockmost.contract.local import build_app, implemented, inprocess_runner
    from mockmost.contract.report import coverage_rows, coverage_table
    from mockmost.contract.runner import OperationResult
    from mockmost.coverage import operation_table

    app = build_app()
    table = operation_table(state_of(app))
    if args.no_contract:
        rows = [
            (tag, v["implemented"] + v["not_implemented"], v["implemented"], v["not_implemented"])
            for tag, v in table.items()
        ]
        print(coverage_table(rows, ("tag", "operations", "implemented", "501")))  # type: ignore[arg-type]
        return 0
    contract = load_contract()
    runner = inprocess_runner(contract, app, max_examples=args.max_examples)
    results = []
    for op in contract.operations():
        for identity in ("admin", "user"):
            if implemented(app, op.method, op.path):
                results.append(runner.run_operation(op, identity))
            else:
                results.append(
                    OperationResult(
                        op.method,
                        op.path,
                        op.operation_id,
                        op.tag,
                        identity,
                        outcome="not_implemented",
                        reason="answers 501",
                    )
                )
    print(coverage_table(coverage_rows(results)))
    return 0
