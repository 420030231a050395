"""Seed workspaces from YAML or JSON: validated first, then applied through the store's own methods.

A bad seed stops with a SeedError naming the file, the entry and what is wrong.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from mockmost.errors import AppError
from mockmost.ids import is_valid_id
from mockmost.store import Store

_TOP_KEYS = {"users", "bots", "teams", "settings"}
_USER_KEYS = {
    "id",
    "username",
    "email",
    "password",
    "roles",
    "first_name",
    "last_name",
    "nickname",
    "position",
    "locale",
    "tokens",
    "props",
    "notify_props",
}
_BOT_KEYS = {"user_id", "username", "display_name", "description", "owner", "tokens"}
_TEAM_KEYS = {
    "id",
    "name",
    "display_name",
    "type",
    "description",
    "allow_open_invite",
    "members",
    "admins",
    "channels",
    "creator",
}
_CHANNEL_KEYS = {"id", "name", "display_name", "type", "header", "purpose", "members", "posts", "creator"}
_POST_KEYS = {"id", "user", "message", "replies", "props", "is_pinned"}
_TOKEN_KEYS = {"id", "token", "description"}


# The seed `mockmost serve` starts with, shipped as package data.
DEFAULT_SEED = Path(__file__).resolve().parent / "fixtures" / "default.yaml"


class SeedError(ValueError):
    pass


def parse_seed(text: str, source: str) -> dict[str, Any]:
    try:
        data = json.loads(text) if text.lstrip().startswith("{") else yaml.safe_load(text)
    except (ValueError, yaml.YAMLError) as err:
        raise SeedError(f"{source}: not valid YAML or JSON: {err}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise SeedError(f"{source}: the top level must be a mapping with users, bots, teams")
    return data


def load_seed_file(path: str | Path) -> dict[str, Any]:
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as err:
        raise SeedError(f"{p}: cannot read: {err.strerror}") from None
    return parse_seed(text, str(p))


class _Checker:
    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, where: str, problem: str) -> SeedError:
        return SeedError(f"{self.source}: {where}: {problem}")

    def mapping(self, value: Any, where: str, allowed: set[str]) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(where, "must be a mapping")
        unknown = sorted(set(value) - allowed)
        if unknown:
            raise self.fail(
                where, f"unknown key(s) {', '.join(unknown)} (allowed: {', '.join(sorted(allowed))})"
            )
        return value

    def seq(self, value: Any, where: str) -> list[Any]:
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.fail(where, "must be a list")
        return value

    def text(self, entry: dict[str, Any], key: str, where: str, required: bool = True) -> str:
        value = entry.get(key)
        if value is None and not required:
            return ""
        if not isinstance(value, str) or (required and not value):
            raise self.fail(where, f"{key} is missing or not a string")
        return value

    def ident(
        self, entry: dict[str, Any], key: str, where: str, taken: dict[str, Any] | None = None
    ) -> str | None:
        value = entry.get(key)
        if value is None:
            return None
        if not is_valid_id(value):
            raise self.fail(where, f"{key} {value!r} is not a 26-character Mattermost id")
        value = str(value).lower()
        if taken is not None and value in taken:
            raise self.fail(where, f"{key} {value} is used twice")
        return value

    def refused(self, where: str, err: AppError) -> SeedError:
        """The store's refusal in words: the message, or what the error id names when there is none."""
        problem = err.message
        if problem == err.id and ".is_valid." in err.id:
            problem = f"{err.id.split('.is_valid.')[1].split('.')[0]} is not valid"
        return self.fail(where, f"{problem} ({err.id})")


def apply_seed(store: Store, data: dict[str, Any], source: str = "<seed>") -> dict[str, Any]:
    """Creates everything the seed names; returns {'logins': [...], 'tokens': [...]} for printing."""
    check = _Checker(source)
    check.mapping(data, "top level", _TOP_KEYS)
    summary: dict[str, Any] = {"logins": [], "tokens": []}
    try:
        for key, value in (data.get("settings") or {}).items():
            try:
                store.settings.set(key, value)
            except (KeyError, ValueError) as err:
                raise check.fail(f"settings.{key}", str(err)) from None
        for i, entry in enumerate(check.seq(data.get("users"), "users")):
            _seed_user(store, check, entry, f"users[{i}]", summary)
        for i, entry in enumerate(check.seq(data.get("bots"), "bots")):
            _seed_bot(store, check, entry, f"bots[{i}]", summary)
        for i, entry in enumerate(check.seq(data.get("teams"), "teams")):
            _seed_team(store, check, entry, f"teams[{i}]")
    except AppError as err:
        raise SeedError(f"{source}: {err.message} ({err.id})") from None
    return summary


def _user_by_name(store: Store, check: _Checker, name: Any, where: str) -> Any:
    user = store.users.find_by_username(name) if isinstance(name, str) else None
    if user is None:
        raise check.fail(where, f"no user named {name!r} (list users before the teams that use them)")
    return user


def _seed_tokens(
    store: Store, check: _Checker, user: Any, tokens: Any, where: str, summary: dict[str, Any]
) -> None:
    for j, tok in enumerate(check.seq(tokens, f"{where}.tokens")):
        twhere = f"{where}.tokens[{j}]"
        tok = check.mapping(tok, twhere, _TOKEN_KEYS)
        value = check.ident(tok, "token", twhere)
        if value and value in store.token_id_by_value:
            raise check.fail(twhere, f"token {value} is used twice")
        try:
            pat = store.sessions.create_token(
                user,
                tok.get("description") or "seeded token",
                token=value,
                token_id=check.ident(tok, "id", twhere, store.token_by_id),
            )
        except AppError as err:
            raise check.refused(twhere, err) from None
        summary["tokens"].append({"username": user.username, "token": pat.token})


def _seed_user(store: Store, check: _Checker, entry: Any, where: str, summary: dict[str, Any]) -> None:
    entry = check.mapping(entry, where, _USER_KEYS)
    username = check.text(entry, "username", where)
    where = f"{where} ({username})"
    check.text(entry, "email", where)
    password = check.text(entry, "password", where)
    fields = {k: v for k, v in entry.items() if k != "tokens"}
    fields["id"] = check.ident(entry, "id", where, store.user_by_id)
    try:
        user = store.users.create(fields, keep_id=bool(fields["id"]), trusted=True)
    except AppError as err:
        raise check.refused(where, err) from None
    summary["logins"].append({"username": user.username, "password": password, "roles": user.roles})
    _seed_tokens(store, check, user, entry.get("tokens"), where, summary)


def _seed_bot(store: Store, check: _Checker, entry: Any, where: str, summary: dict[str, Any]) -> None:
    entry = check.mapping(entry, where, _BOT_KEYS)
    username = check.text(entry, "username", where)
    where = f"{where} ({username})"
    owner = _user_by_name(store, check, entry.get("owner"), f"{where}.owner") if entry.get("owner") else None
    try:
        bot = store.bots.create(
            owner.id if owner else "", entry, user_id=check.ident(entry, "user_id", where, store.user_by_id)
        )
    except AppError as err:
        raise check.refused(where, err) from None
    _seed_tokens(store, check, store.users.get(bot.user_id), entry.get("tokens"), where, summary)


def _seed_team(store: Store, check: _Checker, entry: Any, where: str) -> None:
    entry = check.mapping(entry, where, _TEAM_KEYS)
    name = check.text(entry, "name", where)
    where = f"{where} ({name})"
    fields = {
        "name": name,
        "display_name": entry.get("display_name") or name,
        "type": entry.get("type") or "O",
        "description": entry.get("description") or "",
        "allow_open_invite": bool(entry.get("allow_open_invite", True)),
    }
    creator = (
        _user_by_name(store, check, entry["creator"], f"{where}.creator") if entry.get("creator") else None
    )
    try:
        team = store.teams.create(creator, fields, team_id=check.ident(entry, "id", where, store.team_by_id))
    except AppError as err:
        raise check.refused(where, err) from None
    for role_key, as_admin in (("admins", True), ("members", False)):
        for j, uname in enumerate(check.seq(entry.get(role_key), f"{where}.{role_key}")):
            user = _user_by_name(store, check, uname, f"{where}.{role_key}[{j}]")
            try:
                member = store.teams.join(team, user, as_admin=as_admin)
            except AppError as err:
                raise check.refused(f"{where}.{role_key}[{j}]", err) from None
            if as_admin:
                member.scheme_admin = True
    for j, channel in enumerate(check.seq(entry.get("channels"), f"{where}.channels")):
        _seed_channel(store, check, team, channel, f"{where}.channels[{j}]")


def _seed_channel(store: Store, check: _Checker, team: Any, entry: Any, where: str) -> None:
    entry = check.mapping(entry, where, _CHANNEL_KEYS)
    name = check.text(entry, "name", where)
    where = f"{where} ({name})"
    channel = store.channels.find_by_name(team.id, name)
    if channel is None:
        creator = (
            _user_by_name(store, check, entry["creator"], f"{where}.creator")
            if entry.get("creator")
            else None
        )
        fields = {k: entry[k] for k in ("name", "display_name", "type", "header", "purpose") if k in entry}
        fields.setdefault("display_name", name)
        try:
            channel = store.channels.create(
                team, creator, fields, channel_id=check.ident(entry, "id", where, store.channel_by_id)
            )
        except AppError as err:
            raise check.refused(where, err) from None
    for j, uname in enumerate(check.seq(entry.get("members"), f"{where}.members")):
        user = _user_by_name(store, check, uname, f"{where}.members[{j}]")
        if store.teams.member(team.id, user.id) is None:
            raise check.fail(f"{where}.members[{j}]", f"{uname} is not a member of team {team.name}")
        try:
            store.channels.add_member(channel, user, user)
        except AppError as err:
            raise check.refused(f"{where}.members[{j}]", err) from None
    for j, post in enumerate(check.seq(entry.get("posts"), f"{where}.posts")):
        _seed_post(store, check, channel, post, f"{where}.posts[{j}]", root_id="")


def _seed_post(store: Store, check: _Checker, channel: Any, entry: Any, where: str, root_id: str) -> None:
    entry = check.mapping(entry, where, _POST_KEYS)
    author = _user_by_name(store, check, entry.get("user"), f"{where}.user")
    message = check.text(entry, "message", where, required=False)
    fields = {
        "message": message,
        "root_id": root_id,
        "props": entry.get("props") or {},
        "is_pinned": bool(entry.get("is_pinned")),
    }
    try:
        post = store.posts.create(
            author, channel, fields, trusted=True, post_id=check.ident(entry, "id", where, store.post_by_id)
        )
    except AppError as err:
        raise check.refused(where, err) from None
    if not root_id:
        for k, reply in enumerate(check.seq(entry.get("replies"), f"{where}.replies")):
            _seed_post(store, check, channel, reply, f"{where}.replies[{k}]", root_id=post.id)
    elif entry.get("replies"):
        raise check.fail(where, "a reply cannot have replies")


def seed_loader(data: dict[str, Any], source: str):  # type: ignore[no-untyped-def]
    def load(store: Store) -> None:
        apply_seed(store, data, source)

    return load
