"""Which operations of the OpenAPI document are implemented and which answer 501, per tag."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mockmost.state import AppState


def operation_table(state: AppState) -> dict[str, Any]:
    per_tag: dict[str, dict[str, list[str]]] = defaultdict(lambda: {"implemented": [], "not_implemented": []})
    for op in state.operations:
        implemented = op.operation_id in state.implemented
        per_tag[op.tag]["implemented" if implemented else "not_implemented"].append(op.operation_id)
    return {
        tag: {
            "implemented": len(v["implemented"]),
            "not_implemented": len(v["not_implemented"]),
            "operations": v,
        }
        for tag, v in sorted(per_tag.items())
    }


def coverage_table(
    rows: list[tuple[str, int, int, int, int]],
    headers: tuple[str, ...] = ("tag", "operations", "implemented", "501", "contract-clean"),
) -> str:
    width = max([len(headers[0])] + [len(r[0]) for r in rows])
    lines = [f"{headers[0]:<{width}}  " + "  ".join(f"{h:>14}" for h in headers[1:])]
    total = [0] * (len(headers) - 1)
    for tag, *nums in rows:
        lines.append(f"{tag:<{width}}  " + "  ".join(f"{n:>14}" for n in nums))
        total = [a + b for a, b in zip(total, nums, strict=True)]
    lines.append(f"{'total':<{width}}  " + "  ".join(f"{n:>14}" for n in total))
    return "\n".join(lines)
