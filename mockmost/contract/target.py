"""Where the contract runs: an httpx client per identity, and a sandbox of its own uniquely named objects.

The sandbox (a team, a channel, two users, a root post with a reply and a reaction, a file, an incoming
webhook, a slash command, a bot) is created through the API by the admin, so the same code runs against
mockmost and against a real Mattermost; `cleanup` removes it (soft deletes, as the real server allows).
"""

from __future__ import annotations

import json
import secrets
import struct
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

ClientFactory = Callable[[str | None], httpx.Client]


class SandboxError(RuntimeError):
    pass


def url_clients(base_url: str, timeout: float = 30.0) -> ClientFactory:
    """Clients of a server by URL (…/api/v4 is added)."""
    api = base_url.rstrip("/").removesuffix("/api/v4") + "/api/v4"

    def make(token: str | None) -> httpx.Client:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return httpx.Client(base_url=api, headers=headers, timeout=timeout)

    return make


def app_clients(app: Any) -> ClientFactory:
    """Clients of an ASGI app in this process (no socket)."""
    from mockmost.inprocess import InProcessTransport

    transport = InProcessTransport(app)

    def make(token: str | None) -> httpx.Client:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return httpx.Client(
            base_url="http://mockmost.local/api/v4", headers=headers, transport=Shared(transport)
        )

    return make


class Shared(httpx.BaseTransport):
    """A transport many clients use: closing one client leaves it open."""

    def __init__(self, inner: httpx.BaseTransport) -> None:
        self.inner = inner

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        return self.inner.handle_request(request)


def password_login(clients: ClientFactory, login_id: str, password: str) -> str:
    with clients(None) as c:
        r = c.post("/users/login", json={"login_id": login_id, "password": password})
    if r.status_code != 200 or not r.headers.get("Token"):
        raise SandboxError(f"login as {login_id} failed: {r.status_code} {r.text[:200]}")
    return r.headers["Token"]


@dataclass
class Identity:
    name: str
    token: str
    user_id: str


@dataclass
class Sandbox:
    """The objects the contract made for itself; `bindings` maps path parameter names to their ids."""

    prefix: str
    bindings: dict[str, str] = field(default_factory=dict)
    user_password: str = ""
    created: list[tuple[str, str]] = field(default_factory=list)  # (kind, id) for cleanup, in creation order

    def own(self, value: object) -> bool:
        return isinstance(value, str) and (value in self.bindings.values() or value.startswith(self.prefix))


def _ok(r: httpx.Response, what: str) -> dict[str, Any]:
    if r.status_code >= 300:
        raise SandboxError(f"creating the sandbox: {what} answered {r.status_code}: {r.text[:300]}")
    body = r.json()
    return body[0] if isinstance(body, list) else body  # type: ignore[no-any-return]


def _optional(r: httpx.Response) -> dict[str, Any] | None:
    return r.json() if r.status_code < 300 else None


def new_sandbox() -> Sandbox:
    return Sandbox(prefix=f"mmc{secrets.token_hex(4)}", user_password=f"Pw-{secrets.token_hex(8)}!")


def build_sandbox(
    clients: ClientFactory, admin_token: str, sb: Sandbox | None = None
) -> tuple[Sandbox, Identity, Identity]:
    """Create the sandbox as the admin; answer it with the admin and plain-user identities. What was made
    before a failure is in `sb.created`, for cleanup."""
    sb = sb or new_sandbox()
    prefix, suffix = sb.prefix, sb.prefix.removeprefix("mmc")
    with clients(admin_token) as admin:
        me = _ok(admin.get("/users/me"), "GET /users/me")
        team = _ok(
            admin.post(
                "/teams", json={"name": f"{prefix}-team", "display_name": f"Contract {suffix}", "type": "O"}
            ),
            "POST /teams",
        )
        sb.created.append(("team", team["id"]))
        users = []
        for n in (1, 2):
            u = _ok(
                admin.post(
                    "/users",
                    json={
                        "username": f"{prefix}-u{n}",
                        "email": f"{prefix}-u{n}@example.com",
                        "password": sb.user_password,
                    },
                ),
                "POST /users",
            )
            sb.created.append(("user", u["id"]))
            _ok(
                admin.post(f"/teams/{team['id']}/members", json={"team_id": team["id"], "user_id": u["id"]}),
                "POST /teams/{team_id}/members",
            )
            users.append(u)
        channel = _ok(
            admin.post(
                "/channels",
                json={
                    "team_id": team["id"],
                    "name": f"{prefix}-channel",
                    "display_name": f"Contract {suffix}",
                    "type": "O",
                },
            ),
            "POST /channels",
        )
        sb.created.append(("channel", channel["id"]))
        for u in users:
            _ok(
                admin.post(f"/channels/{channel['id']}/members", json={"user_id": u["id"]}),
                "POST /channels/{channel_id}/members",
            )
        sb.bindings.update(
            team_id=team["id"],
            teamId=team["id"],
            team_name=team["name"],
            channel_id=channel["id"],
            channel_name=channel["name"],
            user_id=users[0]["id"],
            other_user_id=users[1]["id"],
            username=users[0]["username"],
            email=users[0]["email"],
        )
        _optional_objects(admin, sb, team["id"], channel["id"])
    user_token = password_login(clients, users[0]["username"], sb.user_password)
    with clients(user_token) as user:
        root = _ok(
            user.post("/posts", json={"channel_id": channel["id"], "message": f"{prefix} root"}),
            "POST /posts",
        )
        _ok(
            user.post(
                "/posts", json={"channel_id": channel["id"], "message": "reply", "root_id": root["id"]}
            ),
            "POST /posts (reply)",
        )
        user.post(
            "/reactions", json={"user_id": users[0]["id"], "post_id": root["id"], "emoji_name": "smile"}
        )
        up = user.post(
            "/files",
            params={"channel_id": channel["id"]},
            files={"files": (f"{prefix}.txt", b"contract file\n", "text/plain")},
        )
        if up.status_code < 300 and up.json().get("file_infos"):
            sb.bindings["file_id"] = up.json()["file_infos"][0]["id"]
        _user_objects(user, sb)
    sb.bindings.update(post_id=root["id"], thread_id=root["id"])
    admin_identity = Identity("admin", admin_token, me["id"])
    return sb, admin_identity, Identity("user", user_token, users[0]["id"])


def _optional_objects(admin: httpx.Client, sb: Sandbox, team_id: str, channel_id: str) -> None:
    """Objects some servers refuse by config (integrations off): bound when they could be made."""
    hook = _optional(
        admin.post("/hooks/incoming", json={"channel_id": channel_id, "display_name": sb.prefix})
    )
    if hook:
        sb.bindings["hook_id"] = hook["id"]
        sb.created.append(("incoming_hook", hook["id"]))
    command = _optional(
        admin.post(
            "/commands",
            json={
                "team_id": team_id,
                "trigger": sb.prefix,
                "method": "P",
                "url": "http://127.0.0.1:9/contract",
            },
        )
    )
    if command:
        sb.bindings["command_id"] = command["id"]
        sb.created.append(("command", command["id"]))
    bot = _optional(admin.post("/bots", json={"username": f"{sb.prefix}-bot", "display_name": sb.prefix}))
    if bot:
        sb.bindings["bot_user_id"] = bot["user_id"]
        sb.created.append(("bot", bot["user_id"]))
    # Tokens of a sandbox user go when the user is deactivated at cleanup (app/user.go UpdateActive).
    token = _optional(admin.post(f"/users/{sb.bindings['user_id']}/tokens", json={"description": sb.prefix}))
    if token:
        sb.bindings["token_id"] = token["id"]
    me = _optional(admin.get("/users/me")) or {}
    emoji = _optional(
        admin.post(
            "/emoji",
            files={"image": ("e.png", _PNG, "image/png")},
            data={"emoji": json.dumps({"name": f"{sb.prefix}e", "creator_id": me.get("id")})},
        )
    )
    if emoji:
        sb.bindings.update(emoji_id=emoji["id"], emoji_name=emoji["name"])
        sb.created.append(("emoji", emoji["id"]))


def _user_objects(user: httpx.Client, sb: Sandbox) -> None:
    """The plain user's own objects: an upload session and a sidebar category to name in paths."""
    b = sb.bindings
    upload = _optional(
        user.post(
            "/uploads", json={"channel_id": b["channel_id"], "filename": f"{sb.prefix}.bin", "file_size": 16}
        )
    )
    if upload:
        b["upload_id"] = upload["id"]
    categories = _optional(user.get(f"/users/{b['user_id']}/teams/{b['team_id']}/channels/categories"))
    if categories and categories.get("categories"):
        b["category_id"] = categories["categories"][0]["id"]


def _png() -> bytes:
    """A 1x1 PNG, the smallest image the emoji upload decodes."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 6, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(b"\x00\x00\x00\x00\x00"))
        + chunk(b"IEND", b"")
    )


_PNG = _png()


_CLEANUP = {
    "channel": ("DELETE", "/channels/{}"),
    "team": ("DELETE", "/teams/{}"),
    "user": ("DELETE", "/users/{}"),
    "incoming_hook": ("DELETE", "/hooks/incoming/{}"),
    "outgoing_hook": ("DELETE", "/hooks/outgoing/{}"),
    "command": ("DELETE", "/commands/{}"),
    "bot": ("POST", "/bots/{}/disable"),
    "post": ("DELETE", "/posts/{}"),
    "emoji": ("DELETE", "/emoji/{}"),
}


def cleanup(clients: ClientFactory, admin_token: str, sb: Sandbox) -> list[str]:
    """Remove what the run made, newest first; answer what could not be removed."""
    left: list[str] = []
    with clients(admin_token) as admin:
        for kind, obj_id in reversed(sb.created):
            method, path = _CLEANUP[kind]
            r = admin.request(method, path.format(obj_id))
            if r.status_code >= 300 and r.status_code != 404 and not _already_gone(r):
                left.append(f"{kind} {obj_id}: {r.status_code} {r.text[:200]}")
    return left


def _already_gone(r: httpx.Response) -> bool:
    """A channel the run archived already answers 400 api.channel.delete_channel.deleted.app_error; a post in
    a
    channel the run archived cannot be deleted any more (400 ...can_not_delete_post_in_deleted.error, seen on
    11.2.0) and is archived with its channel."""
    try:
        error_id = str(r.json().get("id", ""))
    except (ValueError, AttributeError):
        return False
    return ".deleted." in error_id or "can_not_delete_post_in_deleted" in error_id
