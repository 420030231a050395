"""The document as a consumer's oracle: find the operation a request is for, check the request against it,
and inline the schemas of the responses it documents for generation."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from typing import Any
from urllib.parse import parse_qs, unquote

import jsonschema_rs

_METHODS = ("get", "put", "post", "delete", "patch")


def inline(doc: dict[str, Any], schema: Any, depth: int = 0) -> Any:
    """The schema with $refs replaced by their targets (cut at a depth: the document has cycles) and
    OpenAPI 3.0's `nullable` written as JSON Schema."""
    if isinstance(schema, list):
        return [inline(doc, s, depth) for s in schema]
    if not isinstance(schema, dict):
        return schema
    if "$ref" in schema:
        if depth > 5:
            return {}
        node: Any = doc
        for part in schema["$ref"].lstrip("#/").split("/"):
            node = node[part]
        return inline(doc, node, depth + 1)
    out = {
        k: inline(doc, v, depth)
        for k, v in schema.items()
        if k not in ("example", "examples", "nullable", "format", "description", "xml")
    }
    if schema.get("nullable"):
        return {"anyOf": [out, {"type": "null"}]}
    return out


class Oracle:
    def __init__(self, doc: dict[str, Any]) -> None:
        self.doc = doc
        self.routes: list[tuple[str, re.Pattern[str], str, dict[str, Any]]] = []
        for path, item in doc["paths"].items():
            for method in _METHODS:
                if method in item:
                    rx = re.compile("^" + re.sub(r"\\\{([^}]+)\\\}", r"(?P<\1>[^/]+)", re.escape(path)) + "$")
                    self.routes.append((method.upper(), rx, path, item[method]))
        # Literal segments win over templated ones (/users/me before /users/{user_id}).
        self.routes.sort(key=lambda r: r[2].count("{"))

    def find(self, method: str, path: str) -> tuple[str, dict[str, Any], dict[str, str]]:
        for m, rx, template, op in self.routes:
            if m == method and (match := rx.match(path)):
                return template, op, {k: unquote(v) for k, v in match.groupdict().items()}
        raise AssertionError(f"{method} {path} is not an operation of the document")

    def parameters(self, op: dict[str, Any], where: str) -> dict[str, dict[str, Any]]:
        out = {}
        for p in op.get("parameters", []):
            p = inline(self.doc, p)
            if p.get("in") == where:
                out[p["name"]] = p
        return out

    def check_request(self, method: str, url_path: str, query: bytes, content_type: str, body: bytes) -> str:
        """AssertionError naming what in the request the document does not allow; else the template."""
        template, op, path_params = self.find(method, url_path)
        declared_path = self.parameters(op, "path")
        for name, value in path_params.items():
            assert value, f"{template}: empty path parameter {name}"
            if name in declared_path:
                _validate(declared_path[name].get("schema", {}), value, f"{template} path {name}")
        declared_query = self.parameters(op, "query")
        for name, values in parse_qs(query.decode(), keep_blank_values=True).items():
            assert name in declared_query, f"{template}: query parameter {name!r} is not documented"
            for value in values:
                _validate(
                    declared_query[name].get("schema", {}),
                    _coerce(value, declared_query[name]),
                    f"{template} query {name}",
                )
        for name, p in declared_query.items():
            assert not p.get("required") or name in parse_qs(query.decode()), f"{template}: {name} missing"
        request_body = inline(self.doc, op.get("requestBody") or {})
        media = request_body.get("content") or {}
        if not body:
            assert not request_body.get("required") or method == "GET", f"{template}: the body is required"
            return template
        if content_type.startswith("application/json"):
            assert "application/json" in media, f"{template}: the document takes no JSON body"
            _validate(media["application/json"].get("schema", {}), json.loads(body), f"{template} body")
        elif content_type.startswith("multipart/form-data"):
            assert "multipart/form-data" in media, f"{template}: the document takes no multipart body"
            names = set(re.findall(rb'(?<![a-z])name="([^"]+)"', body))
            props = media["multipart/form-data"].get("schema", {}).get("properties", {})
            undeclared = {n.decode() for n in names} - set(props)
            assert not undeclared, f"{template}: multipart fields {undeclared} are not documented"
        else:
            raise AssertionError(f"{template}: unexpected body type {content_type}")
        return template

    def success_response(self, template: str, method: str) -> tuple[int, dict[str, Any] | None]:
        responses = self.doc["paths"][template][method.lower()]["responses"]
        for status in sorted(responses):
            if status.startswith("2"):
                content = inline(self.doc, responses[status]).get("content") or {}
                schema = (content.get("application/json") or {}).get("schema")
                return int(status), schema
        raise AssertionError(f"{method} {template} documents no success response")


def _coerce(value: str, param: dict[str, Any]) -> Any:
    kind = param.get("schema", {}).get("type")
    if kind == "integer" and re.fullmatch(r"-?\d+", value):
        return int(value)
    if kind == "boolean" and value in ("true", "false"):
        return value == "true"
    return value


@lru_cache(maxsize=512)
def _validator(schema_json: str) -> Any:
    return jsonschema_rs.Draft4Validator(json.loads(schema_json))


def _validate(schema: dict[str, Any], value: Any, where: str) -> None:
    errors = [e.message for e in _validator(json.dumps(schema, sort_keys=True)).iter_errors(value)]
    assert not errors, f"{where}: {value!r} does not fit the document: {errors[:3]}"
