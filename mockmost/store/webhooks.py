"""Incoming and outgoing webhooks: the hooks, the posts they make, and which hooks a post triggers.

Upstream: app/webhook.go, model/incoming_webhook.go, model/outgoing_webhook.go, sqlstore/webhook_store.go.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from mockmost import gojson
from mockmost.errors import AppError, invalid_body_param, invalid_param
from mockmost.store import attachments as slack
from mockmost.store.entities import Channel, IncomingWebhook, OutgoingWebhook, Post, Session, User

if TYPE_CHECKING:
    from mockmost.store import Store

MAX_POST_RUNES = 16383
DEFAULT_WEBHOOK_USERNAME = "webhook"
_USERNAME = re.compile(r"^[a-z0-9.\-_]+$")
_RESERVED_USERNAMES = {"all", "channel", "matterbot", "system"}
_HTTP_URL = re.compile(r"^https?://[^\s/?#]+[^\s]*$")
_RESERVED_PROPS = ("override_icon_url", "override_username", "from_webhook")
# model/incoming_webhook.go escapeControlCharsFromPayload: raw newlines/tabs tolerated in these values.
_LOOSE_STRINGS = re.compile(r'(?s)"(text|fallback|pretext|author_name|title|value)"\s*:\s*"(\\"|[^"])*"')


def is_valid_username(name: str) -> bool:
    """model.IsValidUsername."""
    return 1 <= len(name) <= 64 and bool(_USERNAME.match(name)) and name not in _RESERVED_USERNAMES


def is_valid_http_url(url: str) -> bool:
    """model.IsValidHTTPURL: http(s) scheme and a host."""
    return bool(_HTTP_URL.match(url))


def user_session(user: User) -> Session:
    """The permission checks take a session; HasPermissionToChannel(userId) uses the user's own roles."""
    return Session(
        id="", token="", user_id=user.id, create_at=0, expires_at=0, last_activity_at=0, roles=user.roles
    )


def decode_incoming(body: dict[str, Any]) -> dict[str, Any]:
    """json.Decode into model.IncomingWebhook; a wrong JSON type is a bad body."""
    try:
        out: dict[str, Any] = {
            name: slack.go_str(body, name)
            for name in (
                "id",
                "user_id",
                "channel_id",
                "team_id",
                "display_name",
                "description",
                "username",
                "icon_url",
            )
        }
        out["channel_locked"] = slack.go_bool(body, "channel_locked")
    except slack.DecodeError:
        raise invalid_body_param("incoming_webhook") from None
    return out


def decode_outgoing(body: dict[str, Any]) -> dict[str, Any]:
    """json.Decode into model.OutgoingWebhook."""
    try:
        out: dict[str, Any] = {
            name: slack.go_str(body, name)
            for name in (
                "id",
                "token",
                "creator_id",
                "channel_id",
                "team_id",
                "display_name",
                "description",
                "content_type",
                "username",
                "icon_url",
            )
        }
        for name in ("trigger_words", "callback_urls"):
            values = slack.go_list(body, name) or []
            if not all(isinstance(v, str) for v in values):
                raise slack.DecodeError(name)
            out[name] = list(values)
        when = gojson.field(body, "trigger_when")
        if when is not None and type(when) is not int:
            raise slack.DecodeError("trigger_when")
        out["trigger_when"] = when or 0
    except slack.DecodeError:
        raise invalid_body_param("outgoing_webhook") from None
    return out


def decode_incoming_request(data: bytes) -> dict[str, Any]:
    """model.IncomingWebhookRequestFromJSON; ValueError/DecodeError when the body does not decode."""
    try:
        value = gojson.decode(data)
    except ValueError:
        text = data.decode("utf-8", "surrogateescape")
        loose = _LOOSE_STRINGS.sub(lambda m: m.group(0).replace("\n", "\\n").replace("\t", "\\t"), text)
        value = gojson.decode(loose.encode("utf-8", "surrogateescape"))
    return incoming_request_fields(value)


def incoming_request_fields(value: Any) -> dict[str, Any]:
    """json.Unmarshal into model.IncomingWebhookRequest."""
    if value is None:
        value = {}
    if not isinstance(value, dict):
        raise slack.DecodeError("payload")
    out: dict[str, Any] = {
        name: slack.go_str(value, name)
        for name in ("text", "username", "icon_url", "channel", "type", "icon_emoji")
    }
    out["props"] = slack.go_object(value, "props")
    raw = gojson.field(value, "attachments")
    out["attachments"] = None if raw is None else slack.decode_attachments(raw)
    out["priority"] = slack.go_object(value, "priority")
    return out


def _validate_incoming(hook: IncomingWebhook) -> None:
    """model.IncomingWebhook.IsValid (the lengths a client can get wrong)."""
    for name, limit, message in (
        ("display_name", 64, "Invalid title."),
        ("description", 500, "Invalid description."),
        ("username", 64, "Invalid username."),
        ("icon_url", 1024, "Invalid post icon."),
    ):
        if len(getattr(hook, name)) > limit:
            raise AppError(f"model.incoming_hook.{name}.app_error", 400, message=message)


def _validate_outgoing(hook: OutgoingWebhook) -> None:
    """model.OutgoingWebhook.IsValid in upstream order."""

    def bad(field: str, message: str) -> AppError:
        return AppError(f"model.outgoing_hook.is_valid.{field}.app_error", 400, message=message)

    if len(hook.token) != 26:
        raise bad("token", "Invalid token.")
    if len(str(hook.trigger_words)) > 1024:
        raise bad("words", "Invalid trigger words.")
    if any(word == "" for word in hook.trigger_words):
        raise bad("trigger_words", "Invalid trigger words.")
    if not hook.callback_urls or len(str(hook.callback_urls)) > 1024:
        raise bad("callback", "Invalid callback URLs.")
    if not all(is_valid_http_url(url) for url in hook.callback_urls):
        raise bad(
            "url", "Invalid callback URLs. Each must be a valid URL and start with http:// or https://."
        )
    for name, limit, message in (
        ("display_name", 64, "Invalid title."),
        ("description", 500, "Invalid description."),
        ("content_type", 128, "Invalid value for content_type."),
    ):
        if len(getattr(hook, name)) > limit:
            raise bad(name, message)
    if hook.trigger_when > 1:  # model/outgoing_webhook.go checks only the upper bound
        raise bad("content_type", "Invalid value for content_type.")
    if len(hook.username) > 64:
        raise AppError("model.outgoing_hook.username.app_error", 400, message="Invalid username.")
    if len(hook.icon_url) > 1024:
        raise AppError("model.outgoing_hook.icon_url.app_error", 400, message="Invalid icon.")


class Webhooks:
    def __init__(self, store: Store) -> None:
        self.s = store
        self.incoming: dict[str, IncomingWebhook] = {}
        self.outgoing: dict[str, OutgoingWebhook] = {}
        # Posts made by CreateWebhookPost: app/post.go creates them without TriggerWebhooks.
        self.no_trigger: set[str] = set()

    def _setting(self, key: str) -> Any:
        return self.s.settings.get("ServiceSettings." + key)

    def require_incoming_enabled(self) -> None:
        if not self._setting("EnableIncomingWebhooks"):
            raise AppError(
                "api.incoming_webhook.disabled.app_error",
                501,
                message="Incoming webhooks have been disabled by the system admin.",
            )

    def require_outgoing_enabled(self) -> None:
        if not self._setting("EnableOutgoingWebhooks"):
            raise AppError(
                "api.outgoing_webhook.disabled.app_error",
                501,
                message="Outgoing webhooks have been disabled by the system admin.",
            )

    def follow_channel(self, channel_id: str, old_team_id: str, new_team_id: str) -> None:
        """app/channel.go MoveChannel: the old team's live hooks of the channel move with it (UpdateIncoming,
        UpdateOutgoing stamp update_at)."""
        with self.s.write():
            hooks: list[IncomingWebhook | OutgoingWebhook] = [
                *self.incoming.values(),
                *self.outgoing.values(),
            ]
            for hook in hooks:
                if hook.channel_id == channel_id and hook.team_id == old_team_id and not hook.delete_at:
                    hook.team_id = new_team_id
                    hook.update_at = self.s.now()

    # ---- incoming hooks ----------------------------------------------------------------------
    def find_incoming(self, hook_id: str) -> IncomingWebhook | None:
        hook = self.incoming.get(hook_id)
        return hook if hook is not None and not hook.delete_at else None

    def get_incoming(self, hook_id: str) -> IncomingWebhook:
        self.require_incoming_enabled()
        hook = self.find_incoming(hook_id)
        if hook is None:
            raise AppError("app.webhooks.get_incoming.app_error", 404, message="Unable to get the webhook.")
        return hook

    def create_incoming(
        self, creator_id: str, channel: Channel, fields: dict[str, Any], hook_id: str | None = None
    ) -> IncomingWebhook:
        """app/webhook.go CreateIncomingWebhookForChannel."""
        self.require_incoming_enabled()
        username = fields.get("username", "") if self._setting("EnablePostUsernameOverride") else ""
        icon_url = fields.get("icon_url", "") if self._setting("EnablePostIconOverride") else ""
        if username and not is_valid_username(username):
            raise AppError(
                "api.incoming_webhook.invalid_username.app_error", 400, message="Invalid username."
            )
        if fields.get("id"):
            raise AppError(
                "app.webhooks.save_incoming.existing.app_error",
                400,
                message="You cannot overwrite an existing IncomingWebhook.",
            )
        now = self.s.now()
        hook = IncomingWebhook(
            id=hook_id or self.s.new_id(),
            user_id=creator_id,
            channel_id=channel.id,
            team_id=channel.team_id,
            create_at=now,
            update_at=now,
            display_name=fields.get("display_name", ""),
            description=fields.get("description", ""),
            username=username,
            icon_url=icon_url,
            channel_locked=bool(fields.get("channel_locked")),
        )
        _validate_incoming(hook)
        with self.s.write():
            self.incoming[hook.id] = hook
        return hook

    def list_incoming(self, team_id: str, user_id: str, page: int, per_page: int) -> list[IncomingWebhook]:
        self.require_incoming_enabled()
        hooks = [
            h
            for h in self.incoming.values()
            if not h.delete_at
            and (not team_id or h.team_id == team_id)
            and (not user_id or h.user_id == user_id)
        ]
        return hooks[page * per_page : (page + 1) * per_page]

    def update_incoming(self, old: IncomingWebhook, fields: dict[str, Any]) -> IncomingWebhook:
        """app/webhook.go UpdateIncomingWebhook: the body replaces the editable fields."""
        self.require_incoming_enabled()
        username = fields.get("username", "") if self._setting("EnablePostUsernameOverride") else old.username
        icon_url = fields.get("icon_url", "") if self._setting("EnablePostIconOverride") else old.icon_url
        if username and not is_valid_username(username):
            raise AppError(
                "api.incoming_webhook.invalid_username.app_error", 400, message="Invalid username."
            )
        candidate = IncomingWebhook(
            id=old.id,
            user_id=old.user_id,
            channel_id=fields["channel_id"],
            team_id=old.team_id,
            create_at=old.create_at,
            update_at=self.s.now(),
            delete_at=old.delete_at,
            display_name=fields.get("display_name", ""),
            description=fields.get("description", ""),
            username=username,
            icon_url=icon_url,
            channel_locked=bool(fields.get("channel_locked")),
        )
        try:
            _validate_incoming(candidate)
        except AppError:
            raise AppError(
                "app.webhooks.update_incoming.app_error", 500, message="Unable to update the IncomingWebhook."
            ) from None
        with self.s.write():
            self.incoming[old.id] = candidate
        return candidate

    def delete_incoming(self, hook: IncomingWebhook) -> None:
        self.require_incoming_enabled()
        with self.s.write():
            hook.delete_at = hook.update_at = self.s.now()

    # ---- outgoing hooks ----------------------------------------------------------------------
    def find_outgoing(self, hook_id: str) -> OutgoingWebhook | None:
        hook = self.outgoing.get(hook_id)
        return hook if hook is not None and not hook.delete_at else None

    def get_outgoing(self, hook_id: str) -> OutgoingWebhook:
        self.require_outgoing_enabled()
        hook = self.find_outgoing(hook_id)
        if hook is None:
            raise AppError("app.webhooks.get_outgoing.app_error", 404, message="Unable to get the webhook.")
        return hook

    def team_outgoing(self, team_id: str) -> list[OutgoingWebhook]:
        return [h for h in self.outgoing.values() if h.team_id == team_id and not h.delete_at]

    def _check_outgoing_channel(self, fields: dict[str, Any], team_id: str, *, updating: bool) -> None:
        if fields["channel_id"]:
            channel = self.s.channels.get(fields["channel_id"])
            if channel.type != "O":
                if updating:
                    raise AppError(
                        "api.webhook.create_outgoing.not_open.app_error",
                        403,
                        message="Outgoing webhooks can only be created for public channels.",
                    )
                raise AppError(
                    "api.outgoing_webhook.disabled.app_error",
                    403,
                    message="Outgoing webhooks have been disabled by the system admin.",
                )
            if channel.team_id != team_id:
                raise AppError(
                    "api.webhook.create_outgoing.permissions.app_error",
                    403,
                    message="Invalid permissions to create outgoing webhook.",
                )
        elif not fields["trigger_words"]:
            raise AppError(
                "api.webhook.create_outgoing.triggers.app_error",
                500 if updating else 400,
                message="Either trigger_words or channel_id must be set.",
            )

    def _intersects(self, fields: dict[str, Any], team_id: str, exclude_id: str = "") -> bool:
        for hook in self.team_outgoing(team_id):
            if hook.id == exclude_id or hook.channel_id != fields["channel_id"]:
                continue
            if set(hook.callback_urls) & set(fields["callback_urls"]) and set(hook.trigger_words) & set(
                fields["trigger_words"]
            ):
                return True
        return False

    def create_outgoing(self, fields: dict[str, Any]) -> OutgoingWebhook:
        """app/webhook.go CreateOutgoingWebhook; fields come from decode_outgoing with creator_id set."""
        self.require_outgoing_enabled()
        self._check_outgoing_channel(fields, fields["team_id"], updating=False)
        if self._intersects(fields, fields["team_id"]):
            raise AppError(
                "api.webhook.create_outgoing.intersect.app_error",
                500,
                message="Outgoing webhooks from the same channel cannot have the same trigger words/"
                "callback URLs.",
            )
        if fields["id"]:
            raise AppError(
                "app.webhooks.save_outgoing.override.app_error",
                400,
                message="You cannot overwrite an existing OutgoingWebhook.",
            )
        now = self.s.now()
        hook = OutgoingWebhook(
            id=self.s.new_id(),
            token=fields["token"] or self.s.new_id(),
            create_at=now,
            update_at=now,
            **{k: fields[k] for k in _OUTGOING_EDITABLE},
            creator_id=fields["creator_id"],
            team_id=fields["team_id"],
        )
        _validate_outgoing(hook)
        with self.s.write():
            self.outgoing[hook.id] = hook
        return hook

    def list_outgoing(
        self, *, team_id: str = "", channel_id: str = "", user_id: str = "", page: int = 0, per_page: int = 60
    ) -> list[OutgoingWebhook]:
        self.require_outgoing_enabled()
        hooks = [
            h
            for h in self.outgoing.values()
            if not h.delete_at
            and (not team_id or h.team_id == team_id)
            and (not channel_id or h.channel_id == channel_id)
            and (not user_id or h.creator_id == user_id)
        ]
        return hooks[page * per_page : (page + 1) * per_page]

    def update_outgoing(self, old: OutgoingWebhook, fields: dict[str, Any]) -> OutgoingWebhook:
        """app/webhook.go UpdateOutgoingWebhook: creator, team and dates stay; the rest is replaced."""
        self.require_outgoing_enabled()
        self._check_outgoing_channel(fields, old.team_id, updating=True)
        if self._intersects(fields, old.team_id, exclude_id=old.id):
            raise AppError(
                "api.webhook.update_outgoing.intersect.app_error",
                400,
                message="Outgoing webhooks from the same channel cannot have the same trigger words/"
                "callback URLs.",
            )
        candidate = OutgoingWebhook(
            id=old.id,
            token=fields["token"],  # the body's, even empty: UpdateOutgoing stores what it is given
            creator_id=old.creator_id,
            team_id=old.team_id,
            create_at=old.create_at,
            update_at=self.s.now(),
            delete_at=old.delete_at,
            **{k: fields[k] for k in _OUTGOING_EDITABLE},
        )
        # No IsValid here: the SQL store's UpdateOutgoing saves the hook unchecked (observed on 11.2.0: an
        # empty callback_urls list is accepted).
        with self.s.write():
            self.outgoing[old.id] = candidate
        return candidate

    def regen_outgoing_token(self, hook: OutgoingWebhook) -> OutgoingWebhook:
        self.require_outgoing_enabled()
        with self.s.write():
            hook.token = self.s.new_id()
            hook.update_at = self.s.now()
        return hook

    def delete_outgoing(self, hook: OutgoingWebhook) -> None:
        self.require_outgoing_enabled()
        with self.s.write():
            hook.delete_at = hook.update_at = self.s.now()

    def match_outgoing(self, post: Post, channel: Channel) -> tuple[list[OutgoingWebhook], str]:
        """app/webhook.go handleWebhookEvents: the hooks a post fires and the trigger word sent to all of them
        (upstream keeps one trigger-word variable across its loop, so the last match wins for every hook)."""
        words = post.message.split()
        first = words[0] if words else ""
        fired: list[OutgoingWebhook] = []
        trigger_word = ""
        for hook in self.team_outgoing(channel.team_id):
            if hook.channel_id not in (post.channel_id, ""):
                continue
            if hook.channel_id == post.channel_id and not hook.trigger_words:
                fired.append(hook)
                trigger_word = ""
            elif hook.trigger_when == 0 and first and first in hook.trigger_words:
                fired.append(hook)
                trigger_word = first
            elif hook.trigger_when == 1 and first and any(first.startswith(w) for w in hook.trigger_words):
                fired.append(hook)
                trigger_word = next(w for w in hook.trigger_words if first.startswith(w))
        return fired, trigger_word

    def triggers_webhooks(self, post: Post) -> bool:
        return not post.type.startswith("system_") and post.id not in self.no_trigger

    # ---- posting -----------------------------------------------------------------------------
    def handle_incoming(self, hook_id: str, req: dict[str, Any]) -> None:
        """app/webhook.go HandleIncomingWebhook; errors are the inner ones (the route wraps them)."""
        if not self._setting("EnableIncomingWebhooks"):
            raise AppError(
                "web.incoming_webhook.disabled.app_error",
                501,
                message="Incoming webhooks have been disabled by the system admin.",
            )
        attachments = (
            slack.stringify_field_values(req["attachments"]) if req["attachments"] is not None else None
        )
        if not req["text"] and not attachments:
            raise AppError("web.incoming_webhook.text.app_error", 400, message="No text specified.")
        hook = self.find_incoming(hook_id)
        if hook is None:
            raise AppError("web.incoming_webhook.invalid.app_error", 400, message="Invalid webhook.")
        props = dict(req["props"] or {})
        props["webhook_display_name"] = hook.display_name
        text = slack.process_slack_text(self.s, req["text"])
        post_type = req["type"]
        if attachments:
            attachments = slack.process_attachments(self.s, attachments)
            post_type = "slack_attachment"
        channel = self._incoming_channel(hook, req["channel"])
        if hook.channel_locked and hook.channel_id != channel.id:
            raise AppError(
                "web.incoming_webhook.channel_locked.app_error",
                403,
                message=f"This webhook is not permitted to post to the requested channel {hook.channel_id}",
            )
        owner = self.s.users.find(hook.user_id)
        if owner is None:
            raise AppError(
                "web.incoming_webhook.user.app_error", 403, message=f"Couldn't find the user {hook.user_id}"
            )
        if channel.type != "O" and not self._can_read(owner, channel):
            raise AppError(
                "web.incoming_webhook.permissions.app_error",
                403,
                message=f"User {owner.id} does not have appropriate permissions to channel {channel.id}",
            )
        self.create_webhook_post(
            owner.id,
            channel,
            text,
            username=req["username"] or hook.username,
            icon_url=req["icon_url"] or hook.icon_url,
            icon_emoji=req["icon_emoji"],
            props=props,
            attachments=attachments or None,
            post_type=post_type,
            priority=req["priority"],
        )

    def _can_read(self, user: User, channel: Channel) -> bool:
        """HasPermissionToChannel(read_channel_content): every channel role has it, team roles do not."""
        return user.is_system_admin or self.s.channels.member(channel.id, user.id) is not None

    def _incoming_channel(self, hook: IncomingWebhook, name: str) -> Channel:
        if name.startswith("@"):
            target = self.s.users.find_by_username(name[1:])
            if target is None:
                raise AppError(
                    "web.incoming_webhook.user.app_error", 400, message=f"Couldn't find the user {name}"
                )
            return self.s.channels.get_or_create_direct(self.s.users.get(hook.user_id), target, hook.user_id)
        if name:
            channel = self.s.channels.find_by_name(hook.team_id, name[1:] if name.startswith("#") else name)
            if channel is None:
                raise AppError(
                    "web.incoming_webhook.channel.app_error", 404, message="Couldn't find the channel."
                )
            return channel
        return self.s.channels.get(hook.channel_id)

    def create_webhook_post(
        self,
        user_id: str,
        channel: Channel,
        text: str,
        *,
        username: str = "",
        icon_url: str = "",
        icon_emoji: str = "",
        props: dict[str, Any] | None = None,
        attachments: list[dict[str, Any]] | None = None,
        post_type: str = "",
        root_id: str = "",
        priority: Any = None,
    ) -> Post:
        """app/webhook.go CreateWebhookPost: a from_webhook post by the hook owner, split when too long."""
        text = slack.webhook_links(text)
        if priority is not None and (not isinstance(priority, dict) or priority.get("priority") is None):
            raise invalid_param("webhook.priority.priority")
        if post_type.startswith("system_"):
            raise invalid_param("post.type")
        out_props: dict[str, Any] = {"from_webhook": "true"}
        if self._setting("EnablePostUsernameOverride"):
            out_props["override_username"] = username or DEFAULT_WEBHOOK_USERNAME
        if self._setting("EnablePostIconOverride"):
            if icon_url:
                out_props["override_icon_url"] = icon_url
            if icon_emoji:
                out_props["override_icon_emoji"] = icon_emoji
        for key, value in (props or {}).items():
            if key != "attachments" and key not in _RESERVED_PROPS:
                out_props[key] = value
        if attachments is not None:
            post_type = slack.parse_slack_attachment(out_props, post_type, attachments)
        return self._create_splits(self.s.users.get(user_id), channel, text, out_props, post_type, root_id)

    def _create_splits(
        self, author: User, channel: Channel, text: str, props: dict[str, Any], post_type: str, root_id: str
    ) -> Post:
        chunks = [text[i : i + MAX_POST_RUNES] for i in range(0, len(text), MAX_POST_RUNES)] or [""]
        base = {k: v for k, v in props.items() if k != "attachments"}
        created: list[Post] = []
        with self.s.write():
            for index, chunk in enumerate(chunks):
                last = index == len(chunks) - 1
                post_id = self.s.new_id()
                self.no_trigger.add(post_id)
                fields = {
                    "message": chunk,
                    "type": post_type,
                    "root_id": root_id,
                    "props": props if last else dict(base),
                }
                try:
                    created.append(
                        self.s.posts.create(
                            author, channel, fields, from_webhook=True, set_online=False, post_id=post_id
                        )
                    )
                except AppError as err:
                    raise AppError(
                        "api.post.create_webhook_post.creating.app_error",
                        500,
                        message="Error creating post.",
                        detailed_error="err=" + err.message,
                    ) from None
        return created[0]

    def purge_user(self, user_id: str) -> None:
        """Permanent deletion: the incoming hooks the user owns and the outgoing hooks they created."""
        for hook_id in [h.id for h in self.incoming.values() if h.user_id == user_id]:
            del self.incoming[hook_id]
        for hook_id in [h.id for h in self.outgoing.values() if h.creator_id == user_id]:
            del self.outgoing[hook_id]


_OUTGOING_EDITABLE = (
    "channel_id",
    "trigger_words",
    "trigger_when",
    "callback_urls",
    "display_name",
    "description",
    "content_type",
    "username",
    "icon_url",
)
