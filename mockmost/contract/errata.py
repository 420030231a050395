"""The OpenAPI document's known defects (contracts/errata.yaml) and the per-operation workarounds they apply.

Each entry names one operation, what the document says, what the real server does (with its source file)
and one workaround: a patch to the document (applied to a private copy, never to the file) or a check
skipped for that operation only. Nothing is loosened for the whole document.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

REQUIRED_KEYS = ("id", "operation", "document", "server", "source", "workaround")
# contracts/errata.yaml, reached through the package's link so that an installed mockmost carries it.
_PACKAGE_ERRATA = Path(__file__).parent / "errata.yaml"


class ErrataError(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class Erratum:
    id: str
    method: str
    path: str
    document: str
    server: str
    source: str
    workaround: str
    patch: dict[str, Any] = field(default_factory=dict)

    @property
    def operation(self) -> str:
        return f"{self.method} {self.path}"

    @property
    def skipped_check(self) -> str | None:
        return self.patch.get("skip_check")


def errata_path() -> Path:
    return Path(os.environ.get("MOCKMOST_ERRATA", _PACKAGE_ERRATA))


def load_errata(path: Path | None = None) -> list[Erratum]:
    """The entries of the errata file; a malformed entry stops with the entry's id and the problem."""
    path = path or errata_path()
    if not path.is_file():
        return []
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    out: list[Erratum] = []
    for n, entry in enumerate(raw):
        missing = [k for k in REQUIRED_KEYS if not entry.get(k)]
        if missing:
            raise ErrataError(f"{path}: entry {n} ({entry.get('id')}): missing {', '.join(missing)}")
        patch = dict(entry.get("patch") or {})
        if len(patch) != 1 or next(iter(patch)) not in PATCHES:
            raise ErrataError(f"{path}: {entry['id']}: patch must be one of {sorted(PATCHES)}")
        operations = entry["operation"] if isinstance(entry["operation"], list) else [entry["operation"]]
        for operation in operations:
            method, _, op_path = str(operation).partition(" ")
            out.append(
                Erratum(
                    entry["id"],
                    method.upper(),
                    op_path,
                    entry["document"],
                    entry["server"],
                    entry["source"],
                    entry["workaround"],
                    patch,
                )
            )
    return out


def _operation(doc: dict[str, Any], e: Erratum) -> dict[str, Any]:
    try:
        return doc["paths"][e.path][e.method.lower()]  # type: ignore[no-any-return]
    except KeyError:
        raise ErrataError(f"{e.id}: {e.operation} is not in the document") from None


def _drop_key(doc: dict[str, Any], e: Erratum, key: str) -> None:
    op = _operation(doc, e)
    if key not in op:
        raise ErrataError(f"{e.id}: {e.operation} has no key {key!r} (fixed upstream? drop the entry)")
    del op[key]


def _move_response_schema(doc: dict[str, Any], e: Erratum, status: str) -> None:
    resp = _operation(doc, e)["responses"][str(status)]
    content = resp.get("content") or {}
    if "schema" not in content:
        raise ErrataError(f"{e.id}: response {status} has no misplaced schema")
    resp["content"] = {"application/json": {"schema": content.pop("schema")}}


def _lift_properties(doc: dict[str, Any], e: Erratum, spec: dict[str, str]) -> None:
    schema = doc["components"]["schemas"][spec["schema"]]
    inner = schema["properties"][spec["from"]]
    nested = {k: inner.pop(k) for k in list(inner) if isinstance(inner[k], dict) and "$ref" in inner[k]}
    if not nested:
        raise ErrataError(f"{e.id}: {spec['schema']}.{spec['from']} holds no nested properties")
    schema["properties"].update(nested)


def _add_path_parameter(doc: dict[str, Any], e: Erratum, name: str) -> None:
    op = _operation(doc, e)
    params = op.setdefault("parameters", [])
    if any(p.get("name") == name and p.get("in") == "path" for p in params if isinstance(p, dict)):
        raise ErrataError(f"{e.id}: {e.operation} already declares {name}")
    params.append({"name": name, "in": "path", "required": True, "schema": {"type": "string"}})


def _rename_operation(doc: dict[str, Any], e: Erratum, new_id: str) -> None:
    _operation(doc, e)["operationId"] = new_id


def _set_parameter_default(doc: dict[str, Any], e: Erratum, spec: dict[str, Any]) -> None:
    for p in _operation(doc, e).get("parameters", []):
        if p.get("name") == spec["name"]:
            p["schema"]["default"] = spec["value"]
            return
    raise ErrataError(f"{e.id}: no parameter {spec['name']}")


def _add_status(doc: dict[str, Any], e: Erratum, spec: dict[str, Any]) -> None:
    """`from`: a status of the same operation, a components/responses name, or absent (no body)."""
    responses = _operation(doc, e)["responses"]
    if str(spec["to"]) in responses:
        raise ErrataError(f"{e.id}: {e.operation} already documents {spec['to']}")
    source = str(spec.get("from", ""))
    if not source:
        responses[str(spec["to"])] = {"description": f"erratum {e.id}"}
    elif source in responses:
        responses[str(spec["to"])] = copy.deepcopy(responses[source])
    elif source in doc["components"]["responses"]:
        responses[str(spec["to"])] = {"$ref": f"#/components/responses/{source}"}
    else:
        raise ErrataError(f"{e.id}: no response {source!r} to copy")


def _set_at(doc: dict[str, Any], e: Erratum, spec: dict[str, Any]) -> None:
    """Set one value by JSON pointer (a component schema the server serialises differently)."""
    _operation(doc, e)
    *parents, last = [p.replace("~1", "/").replace("~0", "~") for p in spec["pointer"].lstrip("/").split("/")]
    node: Any = doc
    for part in parents:
        node = node[int(part)] if isinstance(node, list) else node[part]
    node[last] = copy.deepcopy(spec["value"])


def _set_response_schema(doc: dict[str, Any], e: Erratum, spec: dict[str, Any]) -> None:
    responses = _operation(doc, e)["responses"]
    resp = responses.setdefault(str(spec["status"]), {"description": f"erratum {e.id}"})
    resp.setdefault("content", {})["application/json"] = {"schema": spec["schema"]}


def _skip_check(doc: dict[str, Any], e: Erratum, check: str) -> None:
    _operation(doc, e)


PATCHES: dict[str, Callable[[dict[str, Any], Erratum, Any], None]] = {
    "drop_key": _drop_key,
    "move_response_schema": _move_response_schema,
    "lift_properties": _lift_properties,
    "add_path_parameter": _add_path_parameter,
    "rename_operation": _rename_operation,
    "set_parameter_default": _set_parameter_default,
    "add_status": _add_status,
    "set_response_schema": _set_response_schema,
    "skip_check": _skip_check,
    "set_at": _set_at,
}


def apply_errata(doc: dict[str, Any], errata: list[Erratum]) -> dict[str, Any]:
    """A patched deep copy of the document; the original stays as read."""
    patched = copy.deepcopy(doc)
    for e in errata:
        ((kind, arg),) = e.patch.items()
        PATCHES[kind](patched, e, arg)
    return patched


def skipped_checks(errata: list[Erratum]) -> dict[tuple[str, str], dict[str, str]]:
    """(method, path) → {check name: erratum id} for checks an erratum turns off on one operation."""
    out: dict[tuple[str, str], dict[str, str]] = {}
    for e in errata:
        if e.skipped_check:
            out.setdefault((e.method, e.path), {})[e.skipped_check] = e.id
    return out
