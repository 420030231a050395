"""The contract report: a text summary for people, JUnit XML for CI, and the coverage table per tag."""

from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path
from xml.etree import ElementTree as ET

from mockmost.contract.errata import Erratum
from mockmost.contract.runner import OperationResult
from mockmost.coverage import coverage_table

__all__ = ["coverage_table"]


def summary(results: list[OperationResult]) -> dict[str, int]:
    counts = Counter(r.outcome for r in results)
    return {
        "checked": sum(counts[k] for k in ("passed", "failed")),
        "passed": counts["passed"],
        "failed": counts["failed"],
        "not_implemented": counts["not_implemented"],
        "skipped": counts["skipped"],
        "examples": sum(r.examples for r in results),
        "skipped_checks": sum(len(r.skipped_checks) for r in results if r.outcome in ("passed", "failed")),
    }


def coverage_rows(results: list[OperationResult]) -> list[tuple[str, int, int, int, int]]:
    """Per tag: operations (any identity), answered (not 501), answering 501, contract-clean (every identity
    that ran it passed)."""
    per_op: dict[tuple[str, str], list[OperationResult]] = defaultdict(list)
    for r in results:
        per_op[(r.method, r.path)].append(r)
    tags: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for rs in per_op.values():
        row = tags[rs[0].tag]
        row[0] += 1
        ran = [r for r in rs if r.outcome in ("passed", "failed")]
        if any(r.outcome == "not_implemented" for r in rs):
            row[2] += 1
        elif ran:
            row[1] += 1
            if all(r.outcome == "passed" for r in ran):
                row[3] += 1
    return [(tag, *v) for tag, v in sorted(tags.items())]  # type: ignore[misc]


def text_report(results: list[OperationResult], errata: list[Erratum], cleanup_left: list[str] = ()) -> str:  # type: ignore[assignment]
    s = summary(results)
    out = [
        f"mockmost contract: {s['checked']} operation runs checked ({s['examples']} requests): "
        f"{s['passed']} passed, {s['failed']} failed; {s['not_implemented']} not implemented (501); "
        f"{s['skipped']} skipped; {s['skipped_checks']} checks skipped by errata "
        f"({len({e.id for e in errata})} errata over {len({e.operation for e in errata})} operations)"
    ]
    failed = [r for r in results if r.outcome == "failed"]
    if failed:
        out.append("\nFAILED")
        for r in failed:
            out.append(f"\n  {r.label} ({r.operation_id})")
            for f in r.failures:
                out.append(f"    [{f.check}] " + f.message.replace("\n", "\n      "))
                out.append("      request:  " + f.request.replace("\n", "\n                "))
                out.append("      response: " + f.response.replace("\n", "\n                "))
    skipped = Counter(r.reason for r in results if r.outcome == "skipped")
    if skipped:
        out.append("\nSKIPPED")
        out += [f"  {n:>4}  {reason}" for reason, n in skipped.most_common()]
    checks = Counter(
        (c, eid) for r in results if r.outcome in ("passed", "failed") for c, eid in r.skipped_checks.items()
    )
    if checks:
        out.append("\nCHECKS SKIPPED BY ERRATA")
        out += [f"  {n:>4}  {check} (erratum {eid})" for (check, eid), n in checks.most_common()]
    if cleanup_left:
        out.append("\nNOT CLEANED UP")
        out += [f"  {item}" for item in cleanup_left]
    out.append("\nCOVERAGE")
    out.append(coverage_table(coverage_rows(results)))
    return "\n".join(out)


def junit_xml(results: list[OperationResult], path: Path) -> None:
    s = summary(results)
    suite = ET.Element(
        "testsuite",
        name="mockmost-contract",
        tests=str(len(results)),
        failures=str(s["failed"]),
        skipped=str(s["skipped"] + s["not_implemented"]),
        errors="0",
        time=f"{sum(r.seconds for r in results):.3f}",
    )
    for r in results:
        case = ET.SubElement(
            suite, "testcase", classname=f"contract.{r.tag}", name=r.label, time=f"{r.seconds:.3f}"
        )
        if r.outcome == "failed":
            body = "\n\n".join(
                f"[{f.check}] {f.message}\nrequest: {f.request}\nresponse: {f.response}" for f in r.failures
            )
            ET.SubElement(case, "failure", message=f"{len(r.failures)} contract failure(s)").text = body
        elif r.outcome in ("skipped", "not_implemented"):
            ET.SubElement(case, "skipped", message=r.reason or r.outcome)
    ET.ElementTree(suite).write(path, encoding="utf-8", xml_declaration=True)
