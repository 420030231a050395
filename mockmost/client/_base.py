"""What the sync and async clients share: URL and token handling, turning a Request into httpx arguments,
reading an answer (JSON, bytes or a MattermostError), and the typed helpers built from client.requests."""

from __future__ import annotations

import json
from typing import Any

import httpx

from mockmost.client import requests as rq
from mockmost.client.errors import MattermostError


def api_url(url: str) -> str:
    url = url.rstrip("/")
    return url if url.endswith(rq.API) else url + rq.API


def httpx_kwargs(req: rq.Request) -> dict[str, Any]:
    kwargs: dict[str, Any] = {"params": {k: _query_value(v) for k, v in req.query.items()} or None}
    if req.files is not None:
        kwargs["files"] = req.files
        kwargs["data"] = req.data
    elif req.body is not None:
        kwargs["content"] = json.dumps(req.body).encode()
        kwargs["headers"] = {"Content-Type": "application/json"}
    return kwargs


def _query_value(value: Any) -> Any:
    return ("true" if value else "false") if isinstance(value, bool) else value


def read_answer(req: rq.Request, response: httpx.Response) -> Any:
    if response.status_code >= 400:
        raise MattermostError.from_response(response.status_code, response.headers, response.content)
    if req.raw:
        return response.content
    if not response.content:
        return None
    try:
        return response.json()
    except ValueError:
        return response.text


class Helpers:
    """Typed helpers (users, teams, channels, posts, files, reactions): each builds its request with
    client.requests and sends it with `_send`, which the sync client runs and the async one awaits."""

    def _send(self, req: rq.Request) -> Any:  # pragma: no cover - overridden
        raise NotImplementedError

    def get_me(self) -> Any:
        return self._send(rq.get_me())

    def get_user(self, user_id: str) -> Any:
        return self._send(rq.get_user(user_id))

    def get_user_by_username(self, username: str) -> Any:
        return self._send(rq.get_user_by_username(username))

    def get_users(
        self, page: int = 0, per_page: int = 60, in_team: str | None = None, in_channel: str | None = None
    ) -> Any:
        return self._send(rq.get_users(page, per_page, in_team, in_channel))

    def create_user(self, username: str, email: str, password: str, **fields: Any) -> Any:
        return self._send(rq.create_user(username, email, password, **fields))

    def patch_user(self, user_id: str, **patch: Any) -> Any:
        return self._send(rq.patch_user(user_id, **patch))

    def create_team(self, name: str, display_name: str, type: str = "O", **fields: Any) -> Any:
        return self._send(rq.create_team(name, display_name, type, **fields))

    def get_team(self, team_id: str) -> Any:
        return self._send(rq.get_team(team_id))

    def get_team_by_name(self, name: str) -> Any:
        return self._send(rq.get_team_by_name(name))

    def get_teams_for_user(self, user_id: str) -> Any:
        return self._send(rq.get_teams_for_user(user_id))

    def add_team_member(self, team_id: str, user_id: str) -> Any:
        return self._send(rq.add_team_member(team_id, user_id))

    def create_channel(
        self, team_id: str, name: str, display_name: str, type: str = "O", **fields: Any
    ) -> Any:
        return self._send(rq.create_channel(team_id, name, display_name, type, **fields))

    def get_channel(self, channel_id: str) -> Any:
        return self._send(rq.get_channel(channel_id))

    def get_channel_by_name(self, team_id: str, name: str) -> Any:
        return self._send(rq.get_channel_by_name(team_id, name))

    def add_channel_member(self, channel_id: str, user_id: str) -> Any:
        return self._send(rq.add_channel_member(channel_id, user_id))

    def get_channel_members(self, channel_id: str, page: int = 0, per_page: int = 60) -> Any:
        return self._send(rq.get_channel_members(channel_id, page, per_page))

    def delete_channel(self, channel_id: str) -> Any:
        return self._send(rq.delete_channel(channel_id))

    def create_post(
        self,
        channel_id: str,
        message: str,
        root_id: str = "",
        file_ids: list[str] | None = None,
        props: dict[str, Any] | None = None,
    ) -> Any:
        return self._send(rq.create_post(channel_id, message, root_id, file_ids, props))

    def get_post(self, post_id: str) -> Any:
        return self._send(rq.get_post(post_id))

    def patch_post(
        self,
        post_id: str,
        message: str | None = None,
        is_pinned: bool | None = None,
        props: dict[str, Any] | None = None,
    ) -> Any:
        return self._send(rq.patch_post(post_id, message, is_pinned, props))

    def delete_post(self, post_id: str) -> Any:
        return self._send(rq.delete_post(post_id))

    def get_posts_for_channel(
        self,
        channel_id: str,
        page: int = 0,
        per_page: int = 60,
        since: int | None = None,
        before: str | None = None,
        after: str | None = None,
    ) -> Any:
        return self._send(rq.get_posts_for_channel(channel_id, page, per_page, since, before, after))

    def get_post_thread(self, post_id: str) -> Any:
        return self._send(rq.get_post_thread(post_id))

    def upload_file(
        self, channel_id: str, filename: str, content: bytes, content_type: str = "application/octet-stream"
    ) -> Any:
        return self._send(rq.upload_file(channel_id, filename, content, content_type))

    def get_file_info(self, file_id: str) -> Any:
        return self._send(rq.get_file_info(file_id))

    def get_file(self, file_id: str) -> Any:
        return self._send(rq.get_file(file_id))

    def add_reaction(self, user_id: str, post_id: str, emoji_name: str) -> Any:
        return self._send(rq.add_reaction(user_id, post_id, emoji_name))

    def get_reactions(self, post_id: str) -> Any:
        return self._send(rq.get_reactions(post_id))

    def remove_reaction(self, user_id: str, post_id: str, emoji_name: str) -> Any:
        return self._send(rq.remove_reaction(user_id, post_id, emoji_name))
