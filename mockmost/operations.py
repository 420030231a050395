"""The operations the route table answers, as plain data: method, path, operationId, tag and kind.

No HTTP and no OpenAPI document here: `create_app` lists the route table into `AppState.operations`, the
control API (`GET /__mockmost__/operations`) and `mockmost coverage` read that list.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

STATEFUL = "stateful"  # a handler working on the store
ANSWERED = "answered"  # the unlicensed stock server's fixed refusal or fixed answer (http/checks.py)
UNROUTED = "unrouted"  # not routed by the real server: its router's 404 (routes/unrouted.py)
KINDS = (STATEFUL, ANSWERED, UNROUTED)


@dataclass(frozen=True, slots=True)
class OperationInfo:
    method: str
    path: str
    operation_id: str
    tag: str
    kind: str
    # False for routes the real server has and the OpenAPI document leaves out (/hooks/{id}, drafts, ...).
    documented: bool = True

    def as_json(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "path": self.path,
            "operation_id": self.operation_id,
            "tag": self.tag,
            "kind": self.kind,
        }


def count_kinds(operations: Iterable[OperationInfo]) -> dict[str, dict[str, int]]:
    """Per tag (sorted): {"operations": n, "stateful": n, "answered": n, "unrouted": n}."""
    tags: dict[str, dict[str, int]] = {}
    for op in operations:
        row = tags.setdefault(op.tag, {"operations": 0, **dict.fromkeys(KINDS, 0)})
        row["operations"] += 1
        row[op.kind] += 1
    return dict(sorted(tags.items()))


def listing(operations: Iterable[OperationInfo]) -> dict[str, Any]:
    """The body of GET /__mockmost__/operations: the document's operations (with per-tag and total counts)
    and, apart, the routes the document leaves out."""
    documented = sorted((op for op in operations if op.documented), key=_order)
    undocumented = sorted((op for op in operations if not op.documented), key=_order)
    tags = count_kinds(documented)
    total = {key: sum(row[key] for row in tags.values()) for key in ("operations", *KINDS)}
    return {
        "total": total,
        "tags": tags,
        "operations": [op.as_json() for op in documented],
        "undocumented": [op.as_json() for op in undocumented],
    }


def _order(op: OperationInfo) -> tuple[str, str, str]:
    return op.tag.lower(), op.path, op.method
