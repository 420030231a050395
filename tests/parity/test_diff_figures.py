"""`mockmost parity diff` reports how many exchanges of a live run are identical on both servers."""

from __future__ import annotations

from mockmost.parity.cli import identical_exchanges
from mockmost.parity.compare import Difference, compare_runs, load_ledger

RUN = {"scenario": "s", "steps": [{"name": "one", "status": 200}, {"name": "two", "status": 200}]}


def test_an_exchange_with_differences_is_not_identical():
    other = {"scenario": "s", "steps": [{"name": "one", "status": 200}, {"name": "two", "status": 404}]}
    differences, _ = compare_runs(RUN, other)
    assert identical_exchanges(RUN, differences) == (2, 1)


def test_two_differences_in_one_exchange_count_it_once():
    differences = [Difference("s", "two", "$.status", 1, 2), Difference("s", "two", "$.response", 1, 2)]
    assert identical_exchanges(RUN, differences) == (2, 1)


def test_runs_whose_steps_differ_have_no_identical_exchange():
    differences, _ = compare_runs(RUN, {"scenario": "s", "steps": [{"name": "one", "status": 200}]})
    assert identical_exchanges(RUN, differences) == (2, 0)


def test_a_tolerated_difference_leaves_the_exchange_identical(tmp_path):
    ledger_file = tmp_path / "tolerances.yaml"
    ledger_file.write_text('- {scenario: s, step: two, path: "$.status", reason: a known difference}\n')
    other = {"scenario": "s", "steps": [{"name": "one", "status": 200}, {"name": "two", "status": 404}]}
    differences, tolerated = compare_runs(RUN, other, load_ledger(ledger_file))
    assert len(tolerated) == 1
    assert identical_exchanges(RUN, differences) == (2, 2)
