"""The contract: Mattermost's OpenAPI document with the errata applied, as a schemathesis schema."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import schemathesis

from mockmost import openapi
from mockmost.contract.errata import Erratum, apply_errata, load_errata, skipped_checks
from mockmost.settings import default_openapi_path


class DocumentMissing(RuntimeError):
    pass


@dataclass
class Contract:
    raw: dict[str, Any]
    patched: dict[str, Any]
    errata: list[Erratum]
    schema: Any
    skips: dict[tuple[str, str], dict[str, str]] = field(default_factory=dict)

    def operations(self) -> list[openapi.Operation]:
        return openapi.list_operations(self.patched)

    def operation(self, method: str, path: str) -> Any:
        return self.schema[path][method.upper()]


def load_contract(document: Path | None = None, errata: Path | None = None) -> Contract:
    """Load the document (env MOCKMOST_OPENAPI or the default path) and apply the errata to a copy."""
    path = document or default_openapi_path()
    try:
        raw = openapi.load_document(path)
    except openapi.OpenAPIError as err:
        raise DocumentMissing(str(err)) from None
    if raw is None:
        raise DocumentMissing(openapi.missing_message(path))
    entries = load_errata(errata)
    patched = apply_errata(raw, entries)
    schema = schemathesis.openapi.from_dict(patched)
    return Contract(raw, patched, entries, schema, skipped_checks(entries))
