"""Which operations of the OpenAPI document are implemented and which answer 501, per tag."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mockmost.app import AppState


def operation_table(state: AppState) -> dict[str, Any]:
    dispatcher = state.extensions["dispatcher"]
    ops = state.extensions["openapi_operations"]
    per_tag: dict[str, dict[str, list[str]]] = defaultdict(lambda: {"implemented": [], "not_implemented": []})
    for op in ops:
        found = dispatcher.index.lookup(op.method, _sample_path(op.path))
        implemented = found is not None and found[0].handler.__name__ != "not_implemented_yet"
        per_tag[op.tag]["implemented" if implemented else "not_implemented"].append(op.operation_id)
    return {tag: {"implemented": len(v["implemented"]), "not_implemented": len(v["not_implemented"]),
                  "operations": v} for tag, v in sorted(per_tag.items())}


def _sample_path(path: str) -> str:
    import re

    return re.sub(r"\{[^}]+\}", "abcdefghijklmnopqrstuvwxyz", path)
