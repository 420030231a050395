"""Slash commands, their response_url hooks, trigger ids, ephemeral posts and command response posts.

Upstream: app/command.go, app/webhook.go (CreateCommandWebhook, HandleCommandWebhook), model/command.go,
model/command_response.go, model/integration_action.go (trigger ids, action cookies), app/post.go
(SendEphemeralPost).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from mockmost import gojson
from mockmost.errors import AppError, invalid_body_param, invalid_param
from mockmost.events import catalog
from mockmost.store import attachments as slack
from mockmost.store import command_autocomplete
from mockmost.store.entities import Channel, Command, CommandWebhook, Post, User
from mockmost.store.webhooks import is_valid_http_url

if TYPE_CHECKING:
    from mockmost.store import Store

COMMAND_WEBHOOK_USES = 5
COMMAND_WEBHOOK_LIFETIME_MS = 30 * 60 * 1000
_STRINGS = (
    "id",
    "token",
    "creator_id",
    "team_id",
    "trigger",
    "method",
    "username",
    "icon_url",
    "auto_complete_desc",
    "auto_complete_hint",
    "display_name",
    "description",
    "url",
    "plugin_id",
)
# Built-in command providers (app/slashcommands): trigger → (description, hint, display name),
# texts from i18n/en.json.
BUILT_INS: dict[str, tuple[str, str, str]] = {
    "away": ("Set your status away", "", "away"),
    "code": ("Display text as a code block", "[text]", "code"),
    "collapse": ("Turn on auto-collapsing of image previews", "", "collapse"),
    "dnd": ("Do not disturb disables desktop and mobile push notifications.", "", "dnd"),
    "echo": ("Echo back text from your account", "'message' [delay in seconds]", "echo"),
    "expand": ("Turn off auto-collapsing of image previews", "", "expand"),
    "groupmsg": (
        "Sends a Group Message to the specified users",
        "@[username1],@[username2] 'message'",
        "message",
    ),
    "header": ("Edit the channel header", "[text]", "header"),
    "help": ("Show Mattermost help message", "", "help"),
    "invite": ("Invite a user to a channel", "@[username]... ~[channel]...", "invite"),
    "invite_people": (
        "Send an email invite to your Mattermost team",
        "[name@domain.com ...]",
        "invite_people",
    ),
    "join": ("Join the open channel", "~[channel]", "join"),
    "kick": ("Remove a member from the channel", "@[username]", "kick"),
    "leave": ("Leave the current channel", "", "leave"),
    "logout": ("Logout of Mattermost", "", "logout"),
    "me": ("Do an action", "[message]", "me"),
    "msg": ("Send Direct Message to a user", "@[username] 'message'", "message"),
    "mute": (
        "Turns off desktop, email and push notifications for the current channel or the [channel] specified.",
        "~[channel]",
        "mute",
    ),
    "offline": ("Set your status offline", "", "offline"),
    "open": ("Join the open channel", "~[channel]", "open"),
    "online": ("Set your status online", "", "online"),
    "purpose": ("Edit the channel purpose", "[text]", "purpose"),
    "remove": ("Remove a member from the channel", "@[username]", "remove"),
    "rename": ("Rename the channel", "[text]", "rename"),
    "search": ("Search text in messages", "[text]", "search"),
    "secure-connection": (
        "Invite secure connections for communication across Mattermost instances.",
        "[action]",
        "secure-connection",
    ),
    "settings": ("Open the Settings dialog", "", "settings"),
    "share-channel": (
        "Shares the current channel with an external Mattermost instance.",
        "[action]",
        "share-channel",
    ),
    "shortcuts": ("Displays a list of keyboard shortcuts", "", "shortcuts"),
    "shrug": ("Adds ¯\\_(ツ)_/¯ to your message", "[message]", "shrug"),
    "status": ("Set or clear your status", "[:emoji_name:] [status_message] or clear", "status"),
}
RESERVED_TRIGGERS = frozenset(BUILT_INS) | {"marketplace", "exportlink", "mobile-logs"}


def decode_command(body: dict[str, Any]) -> dict[str, Any]:
    """json.Decode into model.Command."""
    try:
        out: dict[str, Any] = {name: slack.go_str(body, name) for name in _STRINGS}
        out["auto_complete"] = slack.go_bool(body, "auto_complete")
        out["autocomplete_data"] = command_autocomplete.decode_tree(gojson.field(body, "autocomplete_data"))
        out["autocomplete_icon_data"] = slack.go_str(body, "autocomplete_icon_data")
    except slack.DecodeError:
        raise invalid_body_param("command") from None
    return out


def validate_command(cmd: Command) -> None:
    """model.Command.IsValid in upstream order."""

    def bad(field: str, message: str) -> AppError:
        return AppError(f"model.command.is_valid.{field}.app_error", 400, message=message)

    if len(cmd.token) != 26:
        raise bad("token", "Invalid token.")
    if not cmd.creator_id and not cmd.plugin_id:
        raise bad("plugin_id", "Invalid plugin id.")
    if not re.fullmatch(r"[^\W_]{26}", cmd.team_id):
        raise bad("team_id", "Invalid team ID.")
    if not 1 <= len(cmd.trigger) <= 128 or cmd.trigger.startswith("/") or " " in cmd.trigger:
        raise bad("trigger", "Invalid trigger.")
    if not cmd.url or len(cmd.url) > 1024:
        raise bad("url", "Invalid URL.")
    if not is_valid_http_url(cmd.url):
        raise bad("url_http", "Invalid URL. Must be a valid URL and start with http:// or https://.")
    if cmd.method not in ("P", "G"):
        raise bad("method", "Invalid Method.")
    if len(cmd.display_name) > 64:
        raise bad("display_name", "Invalid title.")
    if len(cmd.description) > 128:
        raise bad("description", "Invalid description.")
    if cmd.autocomplete_data is not None and not command_autocomplete.tree_is_valid(cmd.autocomplete_data):
        raise bad("autocomplete_data", "Invalid AutocompleteData")


# Commands table column sizes (db/migrations/postgres/000012_create_commands.up.sql) that IsValid does not
# check: a longer value fails in the database, a 500 (observed on 11.2.0).
_COLUMNS = (("username", 64), ("icon_url", 1024), ("auto_complete_desc", 1024), ("auto_complete_hint", 1024))


def _check_columns(cmd: Command, error_id: str, message: str) -> None:
    if any(len(getattr(cmd, name)) > size for name, size in _COLUMNS):
        raise AppError(error_id, 500, message=message)


@dataclass(slots=True)
class CommandArgs:
    """model.CommandArgs as the server fills it in for one execution."""

    user: User
    channel_id: str
    team_id: str
    root_id: str
    command: str
    site_url: str


class Commands:
    def __init__(self, store: Store) -> None:
        self.s = store
        self.by_id: dict[str, Command] = {}
        self.webhooks: dict[str, CommandWebhook] = {}
        self._secret = (store.new_id() + store.new_id()).encode()

    def require_enabled(self) -> None:
        if not self.s.settings.get("ServiceSettings.EnableCommands"):
            raise AppError(
                "api.command.disabled.app_error",
                501,
                message="Commands have been disabled by the system admin.",
            )

    # ---- commands ----------------------------------------------------------------------------
    def find(self, command_id: str) -> Command | None:
        cmd = self.by_id.get(command_id)
        return cmd if cmd is not None and not cmd.delete_at else None

    def get(self, command_id: str) -> Command:
        """app/command.go GetCommand."""
        self.require_enabled()
        cmd = self.find(command_id)
        if cmd is None:
            raise AppError("store.sql_command.get.missing.app_error", 404, message="Command does not exist.")
        return cmd

    def for_team(self, team_id: str) -> list[Command]:
        return [c for c in self.by_id.values() if c.team_id == team_id and not c.delete_at]

    def _check_trigger(self, team_id: str, trigger: str, exclude_id: str = "") -> None:
        """app/command.go validateCommandTriggerUniqueness: built-ins and the team's commands."""
        taken = trigger in RESERVED_TRIGGERS or any(
            c.id != exclude_id and c.trigger.lower() == trigger for c in self.for_team(team_id)
        )
        if taken:
            raise AppError(
                "api.command.duplicate_trigger.app_error",
                400,
                message="This trigger word is already in use. Please choose another word.",
            )

    def create(self, fields: dict[str, Any]) -> Command:
        """app/command.go CreateCommand; fields come from decode_command with creator_id set."""
        self.require_enabled()
        trigger = fields["trigger"].lower()
        self._check_trigger(fields["team_id"], trigger)
        if fields["id"]:
            raise AppError(
                "app.command.createcommand.internal_error", 500, message="Unable to save the command."
            )
        now = self.s.now()
        cmd = Command(
            id=self.s.new_id(),
            token=fields["token"] or self.s.new_id(),
            create_at=now,
            update_at=now,
            **{k: fields[k] for k in _EDITABLE},
            trigger=trigger,
            creator_id=fields["creator_id"],
            team_id=fields["team_id"],
            plugin_id=fields["plugin_id"],
            autocomplete_data=fields.get("autocomplete_data"),
            autocomplete_icon_data=fields.get("autocomplete_icon_data", ""),
        )
        validate_command(cmd)
        _check_columns(cmd, "app.command.createcommand.internal_error", "Unable to save the command.")
        with self.s.write():
            self.by_id[cmd.id] = _stored(cmd)
        return cmd

    def update(self, old: Command, fields: dict[str, Any]) -> Command:
        """app/command.go UpdateCommand: id, token, dates, creator, plugin and team stay."""
        self.require_enabled()
        trigger = fields["trigger"].lower()
        self._check_trigger(old.team_id, trigger, exclude_id=old.id)
        cmd = Command(
            id=old.id,
            token=old.token,
            create_at=old.create_at,
            update_at=self.s.now(),
            delete_at=old.delete_at,
            creator_id=old.creator_id,
            plugin_id=old.plugin_id,
            team_id=old.team_id,
            trigger=trigger,
            **{k: fields[k] for k in _EDITABLE},
            autocomplete_data=fields.get("autocomplete_data"),
            autocomplete_icon_data=fields.get("autocomplete_icon_data", ""),
        )
        validate_command(cmd)
        _check_columns(cmd, "app.command.updatecommand.internal_error", "Unable to update the command.")
        with self.s.write():
            self.by_id[old.id] = _stored(cmd)
        return cmd

    def move(self, cmd: Command, team_id: str) -> None:
        self._check_trigger(team_id, cmd.trigger, exclude_id=cmd.id)
        with self.s.write():
            cmd.team_id = team_id
            cmd.update_at = self.s.now()

    def regen_token(self, cmd: Command) -> Command:
        self.require_enabled()
        with self.s.write():
            cmd.token = self.s.new_id()
            cmd.update_at = self.s.now()
        return cmd

    def delete(self, cmd: Command) -> None:
        self.require_enabled()
        with self.s.write():
            cmd.delete_at = cmd.update_at = self.s.now()

    def built_ins(self) -> list[Command]:
        """The built-ins as ListAutocompleteCommands shows them (upstream walks a Go map: any order)."""
        return [
            Command(
                id="",
                token="",
                creator_id="",
                team_id="",
                trigger=trigger,
                url="",
                create_at=0,
                update_at=0,
                method="",
                auto_complete=True,
                auto_complete_desc=desc,
                auto_complete_hint=hint,
                display_name=name,
            )
            for trigger, (desc, hint, name) in sorted(BUILT_INS.items())
        ]

    # ---- response_url hooks ------------------------------------------------------------------
    def create_webhook(self, command: Command, args: CommandArgs) -> CommandWebhook:
        hook = CommandWebhook(
            id=self.s.new_id(),
            create_at=self.s.now(),
            command_id=command.id,
            user_id=args.user.id,
            channel_id=args.channel_id,
            root_id=args.root_id,
        )
        with self.s.write():
            self.webhooks[hook.id] = hook
        return hook

    def use_webhook(self, hook_id: str) -> tuple[CommandWebhook, Command]:
        """app/webhook.go HandleCommandWebhook: 5 uses within 30 minutes."""
        hook = self.webhooks.get(hook_id)
        if hook is None or self.s.now() - hook.create_at > COMMAND_WEBHOOK_LIFETIME_MS:
            raise AppError("app.command_webhook.get.missing", 404, message="Unable to find the webhook.")
        cmd = self.by_id.get(hook.command_id)
        if cmd is None:
            raise AppError("store.sql_command.get.missing.app_error", 404, message="Command does not exist.")
        with self.s.write():
            if hook.use_count >= COMMAND_WEBHOOK_USES:
                raise AppError("app.command_webhook.try_use.invalid", 400, message="Invalid webhook.")
            hook.use_count += 1
        return hook, cmd

    # ---- trigger ids and action cookies ------------------------------------------------------
    def _sign(self, data: bytes) -> str:
        return base64.b64encode(hmac.new(self._secret, data, hashlib.sha256).digest()).decode()

    def new_trigger_id(self, user_id: str) -> tuple[str, str]:
        """model.GenerateTriggerId: the client keeps the 26-char id, the integration gets the signed one."""
        client_id = self.s.new_id()
        data = f"{client_id}:{user_id}:{self.s.now()}:"
        return client_id, base64.b64encode((data + self._sign(data.encode())).encode()).decode()

    def open_dialog(self, user_id: str, dialog_json: str) -> None:
        """app/integration_action.go OpenInteractiveDialog: the dialog goes to the user's connections."""
        with self.s.write():
            self.s.emit(catalog.open_dialog(user_id, dialog_json))

    def verify_trigger_id(self, trigger_id: str, timeout_s: int) -> tuple[str, str]:
        """model.DecodeAndVerifyTriggerId → (client trigger id, user id)."""

        def bad(reason: str, message: str) -> AppError:
            return AppError(f"interactive_message.decode_trigger_id.{reason}", 400, message=message)

        try:
            # Go splits the decoded bytes whatever they are: bytes that are not UTF-8 are missing data, not a
            # decoding failure (observed on 11.2.0 with trigger_id "nope").
            raw = base64.b64decode(trigger_id, validate=True).decode("utf-8", errors="replace")
        except ValueError:
            raise bad(
                "base64_decode_failed", "Failed to decode base64 for trigger ID for interactive dialog."
            ) from None
        parts = raw.split(":")
        if len(parts) != 4:
            raise bad("missing_data", "Trigger ID missing required data for interactive dialog.")
        client_id, user_id, stamp, signature = parts
        if self.s.now() - (int(stamp) if stamp.isdigit() else 0) > timeout_s * 1000:
            raise bad(
                "expired",
                f"Trigger ID for interactive dialog is expired. Maximum time for Trigger ID is {timeout_s}s.",
            )
        if not hmac.compare_digest(signature, self._sign(f"{client_id}:{user_id}:{stamp}:".encode())):
            raise bad(
                "verify_signature_failed",
                "Signature verification failed of trigger ID for interactive dialog.",
            )
        return client_id, user_id

    def seal_cookie(self, cookie: dict[str, Any]) -> str:
        """model.AddPostActionCookies' encrypted cookie; here signed, which keeps it tamper-proof."""
        payload = json.dumps(cookie, separators=(",", ":")).encode()
        return base64.b64encode(payload).decode() + "." + self._sign(payload)

    def open_cookie(self, sealed: str) -> dict[str, Any]:
        try:
            encoded, signature = sealed.rsplit(".", 1)
            payload = base64.b64decode(encoded, validate=True)
            if not hmac.compare_digest(signature, self._sign(payload)):
                raise ValueError("signature")
            cookie = gojson.loads(payload)
            if not isinstance(cookie, dict):
                raise ValueError("shape")
            return cookie
        except ValueError:
            raise AppError(
                "api.post.do_action.action_integration.app_error", 400, message="Action integration error."
            ) from None

    # ---- posts made by commands --------------------------------------------------------------
    def send_ephemeral(
        self,
        user_id: str,
        channel_id: str,
        message: str,
        *,
        root_id: str = "",
        props: dict[str, Any] | None = None,
    ) -> Post:
        """app/post.go SendEphemeralPost: never stored; action buttons carry cookies instead."""
        post = Post(
            id=self.s.new_id(),
            channel_id=channel_id,
            user_id=user_id,
            message=message,
            create_at=self.s.now(),
            update_at=0,
            root_id=root_id,
            type="system_ephemeral",
            props=slack.generate_action_ids(dict(props or {}), self.s.new_id),
            file_ids=None,  # type: ignore[arg-type]  # CreateCommandPost's post has no FileIds: null on the wire, and no remote_id
        )
        self._add_cookies(post)
        with self.s.write():
            self.s.emit(catalog.ephemeral_message(post, user_id))
        return post

    def _add_cookies(self, post: Post) -> None:
        retain = {k: post.props[k] for k in slack.RETAIN_PROP_KEYS if k in post.props}
        remove = [k for k in slack.RETAIN_PROP_KEYS if k not in post.props]
        for attachment in post.props.get("attachments") or []:
            for action in attachment.get("actions", []):
                cookie = {
                    "type": action.get("type", ""),
                    "post_id": post.id,
                    "root_post_id": post.root_id or post.id,
                    "channel_id": post.channel_id,
                    "data_source": action.get("data_source", ""),
                    "integration": action.get("integration"),
                    "retain_props": retain,
                    "remove_props": remove,
                }
                action["cookie"] = self.seal_cookie({k: v for k, v in cookie.items() if v})

    def post_response(
        self, args: CommandArgs, response: dict[str, Any], *, username: str, icon_url: str, built_in: bool
    ) -> None:
        """app/command.go HandleCommandResponsePost + CreateCommandPost."""
        props = dict(response["props"] or {})
        channel_id = args.channel_id
        if response["channel_id"]:
            if self.s.channels.member(response["channel_id"], args.user.id) is None:
                raise AppError(
                    "api.command.command_post.forbidden.app_error",
                    403,
                    message="Specified user is not a member of specified channel.",
                )
            channel_id = response["channel_id"]
        is_bot_post = not built_in
        if self.s.settings.get("ServiceSettings.EnablePostUsernameOverride") and (
            username or response["username"]
        ):
            props["override_username"] = username or response["username"]
            is_bot_post = True
        if self.s.settings.get("ServiceSettings.EnablePostIconOverride") and (
            icon_url or response["icon_url"]
        ):
            props["override_icon_url"] = icon_url or response["icon_url"]
            is_bot_post = True
        if is_bot_post:
            props["from_webhook"] = "true"
        if not response["skip_slack_parsing"]:
            response["text"] = slack.process_slack_text(self.s, response["text"])
            if response["attachments"] is not None:
                response["attachments"] = slack.process_attachments(self.s, response["attachments"]) or None
        self._create_command_post(args, channel_id, props, response)

    def _create_command_post(
        self, args: CommandArgs, channel_id: str, props: dict[str, Any], response: dict[str, Any]
    ) -> None:
        text = (
            response["text"] if response["skip_slack_parsing"] else slack.parse_slack_links(response["text"])
        )
        post_type = response["type"]
        if post_type.startswith("system_"):
            raise invalid_param("post.type")
        if response["attachments"] is not None:
            post_type = slack.parse_slack_attachment(
                props, post_type, [dict(a) for a in response["attachments"]]
            )
        if response["response_type"] == "in_channel":
            channel = self._channel_for_post(channel_id)
            self.s.posts.create(
                args.user,
                channel,
                {"message": text, "type": post_type, "props": props, "root_id": args.root_id},
                from_webhook=props.get("from_webhook") == "true",
            )
        elif response["response_type"] in ("", "ephemeral") and (response["text"] or response["attachments"]):
            self.send_ephemeral(args.user.id, channel_id, text, root_id=args.root_id, props=props)

    def _channel_for_post(self, channel_id: str) -> Channel:
        channel = self.s.channels.find(channel_id)
        if channel is None:
            raise invalid_param("post.channel_id")
        return channel

    def purge_user(self, user_id: str) -> None:
        """Permanent deletion: the slash commands the user created."""
        for command_id in [c.id for c in self.by_id.values() if c.creator_id == user_id]:
            del self.by_id[command_id]


def _stored(cmd: Command) -> Command:
    """What the commands table keeps: the answer to create or update, less the fields it does not store."""
    return replace(cmd, autocomplete_data=None, autocomplete_icon_data="")


_EDITABLE = (
    "method",
    "username",
    "icon_url",
    "auto_complete",
    "auto_complete_desc",
    "auto_complete_hint",
    "display_name",
    "description",
    "url",
)
