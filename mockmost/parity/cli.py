"""`mockmost parity record | check | diff`: the real server as the oracle, recorded and replayed."""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from mockmost.parity.compare import Difference, compare_runs, count_exchanges, load_ledger
from mockmost.parity.runner import RunError, Settle, Target, expected_counts, run_scenario
from mockmost.parity.scenario import Scenario, ScenarioError, load_scenarios

DEFAULT_DIR = Path("tests/parity")


def add_subcommand(sub: Any) -> None:
    parity = sub.add_parser("parity", help="compare mockmost with a running Mattermost (record, check, diff)")
    actions = parity.add_subparsers(dest="parity_command", required=True)

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--scenarios",
            type=Path,
            default=DEFAULT_DIR / "scenarios",
            help="folder of scenario YAML files (default: %(default)s)",
        )
        p.add_argument("--only", metavar="REGEX", help="run only the scenarios whose name matches")

    record = actions.add_parser("record", help="run the scenarios on a live server and write its snapshots")
    common(record)
    record.add_argument(
        "--real", required=True, metavar="URL", help="the server to record, e.g. http://127.0.0.1:8065"
    )
    _credentials(record, "")
    record.add_argument(
        "--snapshots",
        type=Path,
        default=DEFAULT_DIR / "snapshots",
        help="where snapshots are written (default: %(default)s)",
    )
    record.set_defaults(func=_record)

    check = actions.add_parser("check", help="replay every snapshot against a fresh in-process mockmost")
    common(check)
    check.add_argument(
        "--snapshots",
        type=Path,
        default=DEFAULT_DIR / "snapshots",
        help="recorded snapshots (default: %(default)s)",
    )
    check.add_argument(
        "--ledger",
        type=Path,
        default=DEFAULT_DIR / "tolerances.yaml",
        help="tolerated differences, each with its reason (default: %(default)s)",
    )
    check.set_defaults(func=_check)

    diff = actions.add_parser("diff", help="run the scenarios live on two servers and compare them")
    common(diff)
    diff.add_argument("--a", required=True, metavar="URL", help="the first server (e.g. your Mattermost)")
    diff.add_argument(
        "--b", required=True, metavar="URL", help="the second server (e.g. mockmost serve --empty)"
    )
    _credentials(diff, "a-")
    _credentials(diff, "b-")
    diff.add_argument(
        "--ledger",
        type=Path,
        default=DEFAULT_DIR / "tolerances.yaml",
        help="tolerated differences, each with its reason (default: %(default)s)",
    )
    diff.set_defaults(func=_diff)


def _credentials(p: argparse.ArgumentParser, prefix: str) -> None:
    who = f"server {prefix[0]}" if prefix else "the server"
    p.add_argument(f"--{prefix}token", help=f"a system admin's token on {who}")
    p.add_argument(f"--{prefix}login-id", help=f"a system admin's username or email on {who}")
    p.add_argument(f"--{prefix}password", help=f"that admin's password on {who}")


def _target(url: str, args: argparse.Namespace, prefix: str) -> Target:
    key = prefix.replace("-", "_")
    token, login, password = (
        getattr(args, f"{key}token"),
        getattr(args, f"{key}login_id"),
        getattr(args, f"{key}password"),
    )
    # Neither token nor login: an empty server (mockmost serve --empty) gets its first user as admin.
    return Target(url, token=token, login_id=login, password=password, bootstrap=not token and not login)


def _scenarios(args: argparse.Namespace) -> list[Scenario]:
    return load_scenarios(args.scenarios, args.only)


def snapshot_path(directory: Path, scenario: Scenario) -> Path:
    return directory / f"{scenario.name}.json"


def write_snapshot(path: Path, snapshot: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        json.dumps(snapshot, indent=1, ensure_ascii=False, sort_keys=False) + "\n", encoding="utf-8"
    )


def server_version(target: Target) -> str:
    response = target.client.get("/api/v4/system/ping")
    return str(response.headers.get("X-Version-Id", "unknown"))


def _record(args: argparse.Namespace) -> int:
    target = _target(args.real, args, "")
    try:
        version = server_version(target)
        scenarios = _scenarios(args)
        total_http = total_ws = 0
        for scenario in scenarios:
            started = time.monotonic()
            snapshot = run_scenario(target, scenario)
            snapshot = {"scenario": scenario.name, "server_version": version, "steps": snapshot["steps"]}
            write_snapshot(snapshot_path(args.snapshots, scenario), snapshot)
            http, ws = count_exchanges(snapshot)
            total_http += http
            total_ws += ws
            print(
                f"recorded {scenario.name}: {http} exchanges, {ws} socket expectations "
                f"({time.monotonic() - started:.1f} s)",
                file=sys.stderr,
            )
        print(
            f"{len(scenarios)} scenarios, {total_http} HTTP exchanges, {total_ws} WebSocket expectations "
            f"recorded from {version}"
        )
        return 0
    except (RunError, ScenarioError) as err:
        print(f"mockmost parity: {err}", file=sys.stderr)
        return 2
    finally:
        target.close()


@contextmanager
def fresh_mock() -> Iterator[Target]:
    """An in-process mockmost on 127.0.0.1 (empty, its first user the admin), with its own URL as SiteURL."""
    from mockmost.app import create_app
    from mockmost.server import ThreadedServer, listening_socket
    from mockmost.settings import Settings

    probe = listening_socket("127.0.0.1", 0)
    port = probe.getsockname()[1]
    probe.close()
    url = f"http://127.0.0.1:{port}"
    server = ThreadedServer(
        create_app(Settings(host="127.0.0.1", port=port, site_url=url)), port=port
    ).start()
    target = Target(url, bootstrap=True)
    try:
        yield target
    finally:
        target.close()
        server.stop()


def reset_mock(target: Target) -> None:
    target.client.post("/__mockmost__/reset")
    target.admin = None
    target.login_id = target.password = None


def check_scenario(
    target: Target, scenario: Scenario, snapshot: dict[str, Any], ledger: Any = None
) -> tuple[list[Difference], list[Difference]]:
    """Replay one scenario on a (reset) mock and compare it with the recorded snapshot."""
    reset_mock(target)
    settle = Settle(expected=expected_counts(snapshot), max_ms=2000)
    run = run_scenario(target, scenario, settle, cleanup=False)
    return compare_runs(snapshot, run, ledger)


def _check(args: argparse.Namespace) -> int:
    try:
        scenarios = _scenarios(args)
        ledger = load_ledger(args.ledger)
    except (ScenarioError, ValueError) as err:
        print(f"mockmost parity: {err}", file=sys.stderr)
        return 2
    failed = tolerated = exchanges = 0
    with fresh_mock() as target:
        for scenario in scenarios:
            path = snapshot_path(args.snapshots, scenario)
            if not path.exists():
                print(f"{scenario.name}: no snapshot at {path} (record it first)")
                failed += 1
                continue
            snapshot = json.loads(path.read_text(encoding="utf-8"))
            exchanges += count_exchanges(snapshot)[0]
            try:
                differences, allowed = check_scenario(target, scenario, snapshot, ledger)
            except RunError as err:
                print(f"{scenario.name}: could not run: {err}")
                failed += 1
                continue
            tolerated += len(allowed)
            for d in differences:
                print(d.render())
            failed += bool(differences)
    print(
        f"{len(scenarios)} scenarios, {exchanges} exchanges: {failed} with differences, "
        f"{tolerated} tolerated differences (ledger)"
    )
    return 1 if failed else 0


def identical_exchanges(run: dict[str, Any], differences: list[Difference]) -> tuple[int, int]:
    """(exchanges of a run, how many of them no counted difference names)."""
    differing = {d.step for d in differences}
    total = len(run["steps"])
    if any(d.step == "*" for d in differences):
        return total, 0
    return total, sum(1 for step in run["steps"] if step["name"] not in differing)


def _diff(args: argparse.Namespace) -> int:
    try:
        ledger = load_ledger(args.ledger)
    except ValueError as err:
        print(f"mockmost parity: {err}", file=sys.stderr)
        return 2
    a, b = _target(args.a, args, "a-"), _target(args.b, args, "b-")
    differing = exchanges = identical = tolerated = 0
    try:
        scenarios = _scenarios(args)
        for scenario in scenarios:
            run_a = run_scenario(a, scenario)
            run_b = run_scenario(b, scenario)
            differences, allowed = compare_runs(run_a, run_b, ledger)
            for d in differences:
                print(d.render("a", "b"))
            total, same = identical_exchanges(run_a, differences)
            exchanges, identical, tolerated = exchanges + total, identical + same, tolerated + len(allowed)
            differing += bool(differences)
            print(
                f"{scenario.name}: {len(differences)} differences, {same}/{total} exchanges identical",
                file=sys.stderr,
            )
        print(
            f"{len(scenarios)} scenarios, {exchanges} exchanges ({identical} identical), "
            f"{differing} scenarios with differences, {tolerated} tolerated differences (ledger)"
        )
        return 1 if differing else 0
    except (RunError, ScenarioError) as err:
        print(f"mockmost parity: {err}", file=sys.stderr)
        return 2
    finally:
        a.close()
        b.close()
