"""Every recorded snapshot of the real Mattermost 11.2, replayed against a fresh mockmost: 0 differences.

The snapshots are facts observed on a running server (`mockmost parity record`); differences the
mock cannot avoid are tolerated only through tests/parity/tolerances.yaml, each with its reason.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from mockmost.parity.cli import check_scenario, fresh_mock, snapshot_path
from mockmost.parity.compare import load_ledger
from mockmost.parity.scenario import load_scenarios

HERE = Path(__file__).parent
SCENARIOS = load_scenarios(HERE / "scenarios")
LEDGER = load_ledger(HERE / "tolerances.yaml")
# Scenarios recorded but whose differences are not fixed yet: expected to fail, and strict, so a fixed one
# must leave this list (an XPASS fails the run). The list is empty when the work is done.
PENDING = {line.split("#")[0].strip() for line in (HERE / "pending.txt").read_text().splitlines()} - {""}


@pytest.fixture(scope="module")
def mock_target():
    with fresh_mock() as target:
        yield target


def _snapshot(scenario):
    path = snapshot_path(HERE / "snapshots", scenario)
    assert path.exists(), f"{scenario.name}: no snapshot recorded at {path}"
    return json.loads(path.read_text(encoding="utf-8"))


def _param(scenario):
    marks = (
        [pytest.mark.xfail(strict=True, reason="recorded, differences not fixed yet")]
        if scenario.name in PENDING
        else []
    )
    return pytest.param(scenario, id=scenario.name, marks=marks)


@pytest.mark.parametrize("scenario", [_param(s) for s in SCENARIOS])
def test_scenario_matches_the_real_server(mock_target, scenario):
    snapshot = _snapshot(scenario)
    differences, _ = check_scenario(mock_target, scenario, snapshot, LEDGER)
    assert not differences, "\n".join(d.render() for d in differences[:40]) + (
        f"\n... and {len(differences) - 40} more" if len(differences) > 40 else ""
    )


def test_a_changed_response_is_a_difference(mock_target):
    """The replay is not vacuous: one field of a recorded response changed is reported."""
    scenario = next(s for s in SCENARIOS if s.name == "posts_basic")
    snapshot = _snapshot(scenario)
    baseline, _ = check_scenario(mock_target, scenario, snapshot, LEDGER)
    changed = copy.deepcopy(snapshot)
    step = next(s for s in changed["steps"] if s["name"] == "owner posts")
    step["response"]["message"] = "not what the server said"
    differences, _ = check_scenario(mock_target, scenario, changed, LEDGER)
    new = {(d.step, d.path) for d in differences} - {(d.step, d.path) for d in baseline}
    assert new == {("owner posts", "$.response.message")}
