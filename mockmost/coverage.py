"""`mockmost coverage`: the route table's operations per tag by kind, compared with the OpenAPI document when
it is at hand (an operation of the document missing from the table is `not implemented`)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from mockmost.openapi import Operation
from mockmost.operations import KINDS, OperationInfo

COLUMNS = ("operations", *KINDS, "not implemented")


@dataclass
class Coverage:
    rows: list[tuple[Any, ...]]  # (tag, operations, stateful, answered, unrouted, not implemented)
    compared: bool  # False without the document: the table alone
    missing: list[str] = field(default_factory=list)  # in the document, not in the table
    extra: list[str] = field(default_factory=list)  # in the table as documented, not in the document
    renamed: list[str] = field(default_factory=list)  # same method and path, another operationId or tag

    @property
    def complete(self) -> bool:
        return not (self.missing or self.extra or self.renamed)


def coverage(table: Iterable[OperationInfo], document: Sequence[Operation] | None) -> Coverage:
    """Per tag: the table's documented operations by kind and, with the document, its operations that the
    table lacks. Tags are the document's when it is given, the table's otherwise."""
    listed = {(op.method, op.path): op for op in table if op.documented}
    if document is None:
        rows = _rows((op.tag, op.kind) for op in listed.values())
        return Coverage(rows, compared=False)
    documented = {(op.method, op.path): op for op in document}
    result = Coverage(
        _rows((op.tag, listed[key].kind if key in listed else "") for key, op in documented.items()),
        compared=True,
    )
    for key, op in documented.items():
        mine = listed.get(key)
        if mine is None:
            result.missing.append(f"{op.method} {op.path} ({op.operation_id or 'no operationId'})")
        elif (op.operation_id and mine.operation_id != op.operation_id) or mine.tag != op.tag:
            result.renamed.append(
                f"{op.method} {op.path}: {mine.operation_id} [{mine.tag}], "
                f"the document {op.operation_id} [{op.tag}]"
            )
    result.extra = [
        f"{op.method} {op.path} ({op.operation_id})" for k, op in listed.items() if k not in documented
    ]
    return result


def _rows(tag_kinds: Iterable[tuple[str, str]]) -> list[tuple[Any, ...]]:
    """(tag, kind) pairs, kind "" for not implemented → one row of counts per tag, sorted by tag."""
    counts: dict[str, list[int]] = {}
    for tag, kind in tag_kinds:
        row = counts.setdefault(tag, [0] * len(COLUMNS))
        row[0] += 1
        row[1 + KINDS.index(kind) if kind else len(COLUMNS) - 1] += 1
    return [(tag, *counts[tag]) for tag in sorted(counts, key=str.lower)]


def coverage_table(
    rows: Sequence[Sequence[Any]],
    headers: Sequence[str] = ("tag", "operations", "implemented", "501", "contract-clean"),
) -> str:
    """A fixed-width text table: rows of (tag, counts...), then a total line."""
    width = max([len(headers[0]), len("total")] + [len(row[0]) for row in rows])
    cols = [max(14, len(h)) for h in headers[1:]]

    def line(first: str, cells: Sequence[object]) -> str:
        return f"{first:<{width}}  " + "  ".join(f"{c!s:>{w}}" for c, w in zip(cells, cols, strict=True))

    total = [sum(row[i] for row in rows) for i in range(1, len(headers))]
    return "\n".join(
        [line(headers[0], headers[1:]), *(line(row[0], row[1:]) for row in rows), line("total", total)]
    )
