"""The bundled thin client: `Client` and `AsyncClient` on httpx, a generic `call(operation_id, ...)` driven
by the OpenAPI document, typed helpers for users, teams, channels, posts, files and reactions, and
`MattermostError` carrying the AppError fields (id, message, detailed_error, request_id, status_code)."""

from mockmost.client.async_ import AsyncClient
from mockmost.client.errors import MattermostError
from mockmost.client.sync import Client

__all__ = ["AsyncClient", "Client", "MattermostError"]
