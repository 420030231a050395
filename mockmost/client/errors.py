"""Mattermost's error answers as one exception type. Upstream: server/public/model/utils.go (AppError)."""

from __future__ import annotations

from typing import Any


class MattermostError(Exception):
    """An error answer from the server, with the AppError fields it carried."""

    def __init__(
        self,
        status_code: int,
        id: str = "",
        message: str = "",
        detailed_error: str = "",
        request_id: str = "",
        body: Any = None,
    ) -> None:
        super().__init__(f"{status_code} {id}: {message}" if id else f"{status_code}: {message}")
        self.status_code = status_code
        self.id = id
        self.message = message
        self.detailed_error = detailed_error
        self.request_id = request_id
        self.body = body

    @classmethod
    def from_response(cls, status_code: int, headers: Any, content: bytes) -> MattermostError:
        import json

        try:
            data = json.loads(content)
        except ValueError:
            data = None
        if not isinstance(data, dict):
            text = content.decode("utf-8", "replace")[:500]
            return cls(status_code, message=text, request_id=headers.get("X-Request-Id", ""), body=text)

        def field(key: str) -> str:
            value = data.get(key)
            return value if isinstance(value, str) else ""

        return cls(
            status_code,
            field("id"),
            field("message"),
            field("detailed_error"),
            field("request_id") or headers.get("X-Request-Id", ""),
            data,
        )
