"""Sans-IO request building: every call of the client is first a `Request` value (method, path, query,
body, files), so the sync and async clients only send it, and tests can check it against the document."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

API = "/api/v4"


@dataclass(frozen=True)
class Request:
    method: str
    path: str  # below /api/v4, already formatted
    query: dict[str, Any] = field(default_factory=dict)
    body: Any = None
    files: dict[str, tuple[str, bytes, str]] | None = None
    data: dict[str, str] | None = None
    raw: bool = False  # the answer is bytes, not JSON


class UnknownOperation(KeyError):
    pass


@lru_cache(maxsize=4)
def _operations(document_path: str | None) -> dict[str, tuple[str, str]]:
    from pathlib import Path

    from mockmost.openapi import list_operations, load_document
    from mockmost.settings import default_openapi_path

    doc = load_document(Path(document_path) if document_path else default_openapi_path())
    if doc is None:
        raise UnknownOperation("no OpenAPI document (set MOCKMOST_OPENAPI) to look operations up in")
    ops: dict[str, tuple[str, str]] = {}
    for op in list_operations(doc):
        ops.setdefault(op.operation_id, (op.method, op.path))
    return ops


def for_operation(
    operation_id: str,
    path_params: dict[str, str] | None = None,
    query: dict[str, Any] | None = None,
    body: Any = None,
    document: str | None = None,
) -> Request:
    """The request of any documented operation, by operationId (method and path from the document)."""
    try:
        method, template = _operations(document)[operation_id]
    except KeyError:
        raise UnknownOperation(f"no operation {operation_id!r} in the document") from None
    params = path_params or {}
    missing = [n for n in re.findall(r"\{([^}]+)\}", template) if n not in params]
    if missing:
        raise ValueError(f"{operation_id} needs path parameters {missing}")
    path = re.sub(r"\{([^}]+)\}", lambda m: _segment(str(params[m.group(1)])), template)
    return Request(method, path.removeprefix(API), dict(query or {}), body)


def _segment(value: str) -> str:
    from urllib.parse import quote

    return quote(value, safe="")


def _page(page: int, per_page: int) -> dict[str, Any]:
    return {"page": page, "per_page": per_page}


def _drop_none(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if v is not None}


# ---- users (Upstream: server/channels/api4/user.go) --------------------------------------------------------
def login(login_id: str, password: str, token: str = "") -> Request:
    return Request(
        "POST",
        "/users/login",
        body=_drop_none({"login_id": login_id, "password": password, "token": token or None}),
    )


def logout() -> Request:
    return Request("POST", "/users/logout")


def get_me() -> Request:
    return Request("GET", "/users/me")


def get_user(user_id: str) -> Request:
    return Request("GET", f"/users/{_segment(user_id)}")


def get_user_by_username(username: str) -> Request:
    return Request("GET", f"/users/username/{_segment(username)}")


def get_users(
    page: int = 0, per_page: int = 60, in_team: str | None = None, in_channel: str | None = None
) -> Request:
    return Request(
        "GET", "/users", _drop_none({**_page(page, per_page), "in_team": in_team, "in_channel": in_channel})
    )


def create_user(username: str, email: str, password: str, **fields: Any) -> Request:
    return Request(
        "POST", "/users", body={"username": username, "email": email, "password": password, **fields}
    )


def patch_user(user_id: str, **patch: Any) -> Request:
    return Request("PUT", f"/users/{_segment(user_id)}/patch", body=patch)


# ---- teams (Upstream: server/channels/api4/team.go) --------------------------------------------------------
def create_team(name: str, display_name: str, type: str = "O", **fields: Any) -> Request:
    return Request(
        "POST", "/teams", body={"name": name, "display_name": display_name, "type": type, **fields}
    )


def get_team(team_id: str) -> Request:
    return Request("GET", f"/teams/{_segment(team_id)}")


def get_team_by_name(name: str) -> Request:
    return Request("GET", f"/teams/name/{_segment(name)}")


def get_teams_for_user(user_id: str) -> Request:
    return Request("GET", f"/users/{_segment(user_id)}/teams")


def add_team_member(team_id: str, user_id: str) -> Request:
    return Request(
        "POST", f"/teams/{_segment(team_id)}/members", body={"team_id": team_id, "user_id": user_id}
    )


# ---- channels (Upstream: server/channels/api4/channel.go) --------------------------------------------------
def create_channel(team_id: str, name: str, display_name: str, type: str = "O", **fields: Any) -> Request:
    return Request(
        "POST",
        "/channels",
        body={"team_id": team_id, "name": name, "display_name": display_name, "type": type, **fields},
    )


def get_channel(channel_id: str) -> Request:
    return Request("GET", f"/channels/{_segment(channel_id)}")


def get_channel_by_name(team_id: str, name: str) -> Request:
    return Request("GET", f"/teams/{_segment(team_id)}/channels/name/{_segment(name)}")


def add_channel_member(channel_id: str, user_id: str) -> Request:
    return Request("POST", f"/channels/{_segment(channel_id)}/members", body={"user_id": user_id})


def get_channel_members(channel_id: str, page: int = 0, per_page: int = 60) -> Request:
    return Request("GET", f"/channels/{_segment(channel_id)}/members", _page(page, per_page))


def delete_channel(channel_id: str) -> Request:
    return Request("DELETE", f"/channels/{_segment(channel_id)}")


# ---- posts (Upstream: server/channels/api4/post.go) --------------------------------------------------------
def create_post(
    channel_id: str,
    message: str,
    root_id: str = "",
    file_ids: list[str] | None = None,
    props: dict[str, Any] | None = None,
) -> Request:
    body: dict[str, Any] = {"channel_id": channel_id, "message": message}
    if root_id:
        body["root_id"] = root_id
    if file_ids:
        body["file_ids"] = list(file_ids)
    if props:
        body["props"] = props
    return Request("POST", "/posts", body=body)


def get_post(post_id: str) -> Request:
    return Request("GET", f"/posts/{_segment(post_id)}")


def patch_post(
    post_id: str,
    message: str | None = None,
    is_pinned: bool | None = None,
    props: dict[str, Any] | None = None,
) -> Request:
    return Request(
        "PUT",
        f"/posts/{_segment(post_id)}/patch",
        body=_drop_none({"message": message, "is_pinned": is_pinned, "props": props}),
    )


def delete_post(post_id: str) -> Request:
    return Request("DELETE", f"/posts/{_segment(post_id)}")


def get_posts_for_channel(
    channel_id: str,
    page: int = 0,
    per_page: int = 60,
    since: int | None = None,
    before: str | None = None,
    after: str | None = None,
) -> Request:
    return Request(
        "GET",
        f"/channels/{_segment(channel_id)}/posts",
        _drop_none({**_page(page, per_page), "since": since, "before": before, "after": after}),
    )


def get_post_thread(post_id: str) -> Request:
    return Request("GET", f"/posts/{_segment(post_id)}/thread")


# ---- files (Upstream: server/channels/api4/file.go) --------------------------------------------------------
def upload_file(
    channel_id: str, filename: str, content: bytes, content_type: str = "application/octet-stream"
) -> Request:
    return Request(
        "POST", "/files", data={"channel_id": channel_id}, files={"files": (filename, content, content_type)}
    )


def get_file_info(file_id: str) -> Request:
    return Request("GET", f"/files/{_segment(file_id)}/info")


def get_file(file_id: str) -> Request:
    return Request("GET", f"/files/{_segment(file_id)}", raw=True)


# ---- reactions (Upstream: server/channels/api4/reaction.go) ------------------------------------------------
def add_reaction(user_id: str, post_id: str, emoji_name: str) -> Request:
    return Request(
        "POST", "/reactions", body={"user_id": user_id, "post_id": post_id, "emoji_name": emoji_name}
    )


def get_reactions(post_id: str) -> Request:
    return Request("GET", f"/posts/{_segment(post_id)}/reactions")


def remove_reaction(user_id: str, post_id: str, emoji_name: str) -> Request:
    return Request(
        "DELETE", f"/users/{_segment(user_id)}/posts/{_segment(post_id)}/reactions/{_segment(emoji_name)}"
    )


HELPERS = (
    "get_me",
    "get_user",
    "get_user_by_username",
    "get_users",
    "create_user",
    "patch_user",
    "create_team",
    "get_team",
    "get_team_by_name",
    "get_teams_for_user",
    "add_team_member",
    "create_channel",
    "get_channel",
    "get_channel_by_name",
    "add_channel_member",
    "get_channel_members",
    "delete_channel",
    "create_post",
    "get_post",
    "patch_post",
    "delete_post",
    "get_posts_for_channel",
    "get_post_thread",
    "upload_file",
    "get_file_info",
    "get_file",
    "add_reaction",
    "get_reactions",
    "remove_reaction",
)
