"""Finds and loads Mattermost's OpenAPI document by path; lists its operations. Absent → empty."""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

_METHODS = ("get", "put", "post", "delete", "patch", "head", "options")


@dataclass(frozen=True, slots=True)
class Operation:
    method: str
    path: str
    operation_id: str
    tag: str


def _cache_file(path: Path) -> Path:
    digest = hashlib.sha256(str(path.resolve()).encode() + str(path.stat().st_mtime_ns).encode()).hexdigest()[
        :16
    ]
    base = Path(os.environ.get("MOCKMOST_CACHE_DIR", Path(tempfile.gettempdir()) / "mockmost-cache"))
    return base / f"openapi-{digest}.json"


class OpenAPIError(ValueError):
    """The document exists but cannot be used; the message is one line naming the path."""


def missing_message(path: Path | None) -> str:
    return f"no OpenAPI document at {path} (set MOCKMOST_OPENAPI to Mattermost's openapi.yaml)"


def load_document(path: Path | None) -> dict[str, Any] | None:
    """The parsed document, cached as JSON outside the repository (YAML parsing takes ~1 s).

    None when there is no file at `path`; OpenAPIError (one line naming the path) when it cannot be read or
    is not an OpenAPI document."""
    if path is None or not path.is_file():
        return None
    cache = _cache_file(path)
    if cache.is_file():
        try:
            cached = json.loads(cache.read_text())
            if isinstance(cached, dict):
                return cached
        except (OSError, ValueError):
            pass
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        doc = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
    except (OSError, UnicodeDecodeError) as err:
        raise OpenAPIError(f"cannot read the OpenAPI document {path}: {err}") from None
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark is not None else ""
        problem = getattr(err, "problem", None) or str(err).splitlines()[0]
        raise OpenAPIError(f"the OpenAPI document {path} is not valid YAML{where}: {problem}") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("paths"), dict):
        raise OpenAPIError(f"{path} is not an OpenAPI document (no `paths` mapping)")
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_suffix(".tmp" + str(os.getpid()))
        tmp.write_text(json.dumps(doc, default=str))
        tmp.replace(cache)
    except OSError:
        pass
    return doc


def list_operations(doc: dict[str, Any] | None) -> list[Operation]:
    if not doc:
        return []
    ops: list[Operation] = []
    for path, item in (doc.get("paths") or {}).items():
        for method in _METHODS:
            op = item.get(method) if isinstance(item, dict) else None
            if isinstance(op, dict):
                tags = op.get("tags") or ["untagged"]
                ops.append(Operation(method.upper(), path, op.get("operationId", ""), tags[0]))
    return ops


def snake_case(operation_id: str) -> str:
    s = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", operation_id)
    s = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", s)
    return s.lower()
