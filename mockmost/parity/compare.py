"""Comparing two normalised runs of a scenario, and the ledger of tolerated differences."""

from __future__ import annotations

import fnmatch
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

_MISSING = "<absent>"


@dataclass(frozen=True, slots=True)
class Difference:
    scenario: str
    step: str
    path: str
    a: Any
    b: Any

    def render(self, a_name: str = "server", b_name: str = "mock") -> str:
        def show(v: Any) -> str:
            text = v if v == _MISSING else json.dumps(v, ensure_ascii=False, sort_keys=True)
            return text if len(text) <= 400 else text[:400] + "…"

        return (
            f"{self.scenario} / {self.step} / {self.path}\n"
            f"    {a_name}: {show(self.a)}\n    {b_name}: {show(self.b)}"
        )


@dataclass(frozen=True, slots=True)
class Tolerance:
    scenario: str
    step: str
    path: str
    reason: str

    def covers(self, d: Difference) -> bool:
        return (
            fnmatch.fnmatchcase(d.scenario, self.scenario)
            and fnmatch.fnmatchcase(d.step, self.step)
            and fnmatch.fnmatchcase(d.path, self.path)
        )


def load_ledger(path: Path | None) -> list[Tolerance]:
    if path is None or not path.exists():
        return []
    entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    out = []
    for i, e in enumerate(entries):
        if not isinstance(e, dict) or not e.get("reason"):
            raise ValueError(f"{path}: entry {i} needs scenario, step, path and a reason")
        out.append(
            Tolerance(str(e.get("scenario", "*")), str(e.get("step", "*")), str(e["path"]), str(e["reason"]))
        )
    return out


def diff_values(a: Any, b: Any, path: str = "$") -> list[tuple[str, Any, Any]]:
    if isinstance(a, dict) and isinstance(b, dict):
        out = []
        for key in sorted(set(a) | set(b), key=str):
            sub = f"{path}.{key}"
            if key not in a:
                out.append((sub, _MISSING, b[key]))
            elif key not in b:
                out.append((sub, a[key], _MISSING))
            else:
                out.extend(diff_values(a[key], b[key], sub))
        return out
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return [(f"{path}[len]", len(a), len(b)), *_first_list_difference(a, b, path)]
        out = []
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            out.extend(diff_values(x, y, f"{path}[{i}]"))
        return out
    if a != b or type(a) is not type(b):
        return [(path, a, b)]
    return []


def _first_list_difference(a: list[Any], b: list[Any], path: str) -> list[tuple[str, Any, Any]]:
    for i, (x, y) in enumerate(zip(a, b, strict=False)):
        if x != y:
            return diff_values(x, y, f"{path}[{i}]")[:5]
    shorter, longer = (a, b) if len(a) < len(b) else (b, a)
    extra = longer[len(shorter)]
    return [
        (f"{path}[{len(shorter)}]", extra if longer is a else _MISSING, extra if longer is b else _MISSING)
    ]


def compare_runs(
    a: dict[str, Any], b: dict[str, Any], ledger: list[Tolerance] | None = None
) -> tuple[list[Difference], list[Difference]]:
    """Differences between two normalised runs: (counted, tolerated by the ledger)."""
    scenario = a.get("scenario", "?")
    found: list[Difference] = []
    a_steps, b_steps = a.get("steps", []), b.get("steps", [])
    names_a = [s["name"] for s in a_steps]
    names_b = [s["name"] for s in b_steps]
    if names_a != names_b:
        found.append(Difference(scenario, "*", "steps", names_a, names_b))
    for sa, sb in zip(a_steps, b_steps, strict=False):
        for path, x, y in diff_values(sa, sb):
            found.append(Difference(scenario, sa["name"], path, x, y))
    ledger = ledger or []
    counted = [d for d in found if not any(t.covers(d) for t in ledger)]
    tolerated = [d for d in found if any(t.covers(d) for t in ledger)]
    return counted, tolerated


def count_exchanges(snapshot: dict[str, Any]) -> tuple[int, int]:
    """(HTTP exchanges, WebSocket expectations: one per connection per step where sockets watch)."""
    http = sum(1 for s in snapshot["steps"] if "request" in s)
    ws = sum(len(s.get("events", {})) for s in snapshot["steps"])
    return http, ws
