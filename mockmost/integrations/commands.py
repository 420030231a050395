"""Running a slash command: custom commands over HTTP, the built-ins, and posting what they answer.

Upstream: app/command.go (ExecuteCommand, tryExecuteCustomCommand, DoCommandRequest,
HandleCommandResponse), model/command_response.go, app/slashcommands/command_{echo,me,shrug,join,leave}.go.
"""

from __future__ import annotations

import re
import threading
from typing import TYPE_CHECKING, Any

from mockmost import gojson
from mockmost.auth import permissions
from mockmost.errors import AppError
from mockmost.integrations.outbound import Outbound, OutboundError, form_encode, timeout_of
from mockmost.store import attachments as slack
from mockmost.store.commands import CommandArgs
from mockmost.store.entities import Command, Preference
from mockmost.store.webhooks import user_session

if TYPE_CHECKING:
    from mockmost.state import AppState
    from mockmost.store import Store

_AT_MENTION = re.compile(r"\B@[A-Za-z0-9][A-Za-z0-9.\-_:]*")
_CHANNEL_MENTION = re.compile(r"\B~[a-z0-9\-_]+", re.IGNORECASE)
_SHRUG = r"¯\\\_(ツ)\_/¯"
_RESPONSE_STRINGS = (
    "response_type",
    "text",
    "username",
    "channel_id",
    "icon_url",
    "type",
    "goto_location",
    "trigger_id",
)


def empty_response(**fields: Any) -> dict[str, Any]:
    out: dict[str, Any] = {name: "" for name in _RESPONSE_STRINGS}
    out.update(props=None, skip_slack_parsing=False, attachments=None, extra_responses=None)
    out.update(fields)
    return out


def decode_response(obj: Any) -> dict[str, Any]:
    """json.Unmarshal into model.CommandResponse (+ StringifySlackFieldValue); DecodeError on a bad type."""
    if obj is None:
        return empty_response()
    if not isinstance(obj, dict):
        raise slack.DecodeError("response")
    out = empty_response(**{name: slack.go_str(obj, name) for name in _RESPONSE_STRINGS})
    out["props"] = slack.go_object(obj, "props")
    out["skip_slack_parsing"] = slack.go_bool(obj, "skip_slack_parsing")
    raw = gojson.field(obj, "attachments")
    out["attachments"] = None if raw is None else slack.stringify_field_values(slack.decode_attachments(raw))
    extra = slack.go_list(obj, "extra_responses")
    out["extra_responses"] = None if extra is None else [decode_response(x) for x in extra if x is not None]
    return out


def response_from_http(content_type: str, body: bytes) -> dict[str, Any]:
    """model.CommandResponseFromHTTPBody: JSON when the media type says so, else the body is the text."""
    if content_type.split(";")[0].strip() == "application/json":
        return decode_response(gojson.loads(body))
    return empty_response(text=body.decode("utf-8", "replace"))


# ---- the outbound request ------------------------------------------------------------------------
def _mentions(store: Store, message: str, team_id: str) -> list[tuple[str, str]]:
    """MentionsToTeamMembers and MentionsToPublicChannels as url.Values."""
    values: list[tuple[str, str]] = []
    seen: set[str] = set()
    for match in _AT_MENTION.findall(message):
        name = match[1:].lower()
        while name and name not in seen:
            seen.add(name)
            user = store.users.find_by_username(name)
            if user is not None:
                if store.teams.member(team_id, user.id) is not None:
                    values += [("user_mentions", name), ("user_mentions_ids", user.id)]
                break
            if name[-1] not in ".-_":
                break
            name = name[:-1]
    for match in dict.fromkeys(_CHANNEL_MENTION.findall(message)):
        channel = store.channels.find_by_name(team_id, match[1:])
        if channel is not None and channel.type == "O" and not channel.delete_at:
            values += [("channel_mentions", match[1:]), ("channel_mentions_ids", channel.id)]
    return values


def command_values(
    store: Store,
    cmd: Command,
    args: CommandArgs,
    trigger: str,
    message: str,
    trigger_id: str,
    response_url: str,
) -> list[tuple[str, str]]:
    team = store.teams.get(args.team_id)
    channel = store.channels.get(args.channel_id)
    values = [
        ("token", cmd.token),
        ("team_id", cmd.team_id),
        ("team_domain", team.name),
        ("channel_id", args.channel_id),
        ("channel_name", channel.name),
        ("user_id", args.user.id),
        ("user_name", args.user.username),
        ("command", "/" + trigger),
        ("text", message),
        ("trigger_id", trigger_id),
        ("root_id", args.root_id),
    ]
    return values + _mentions(store, message, team.id) + [("response_url", response_url)]


def do_command_request(
    outbound: Outbound, store: Store, cmd: Command, values: list[tuple[str, str]]
) -> dict[str, Any]:
    """app/command.go DoCommandRequest (runs on the outbound pool)."""

    def failed(**extra: Any) -> AppError:
        return AppError(
            "api.command.execute_command.failed.app_error",
            500,
            message=f"Command with a trigger of '{cmd.trigger}' failed.",
            **extra,
        )

    encoded = form_encode(values)
    headers = {"Accept": "application/json", "Authorization": "Token " + cmd.token}
    try:
        if cmd.method == "G":
            url = cmd.url + ("&" if "?" in cmd.url else "?") + encoded
            resp = outbound.request("GET", url, timeout=timeout_of(store), headers=headers)
        else:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            resp = outbound.request(
                "POST", cmd.url, timeout=timeout_of(store), headers=headers, content=encoded
            )
    except OutboundError as exc:
        raise failed(detailed_error=str(exc)) from None
    if resp.status != 200:
        raise AppError(
            "api.command.execute_command.failed_resp.app_error",
            500,
            message=f"Command with a trigger of '{cmd.trigger}' returned response {resp.status}.",
            detailed_error=resp.body.decode("utf-8", "replace"),
        )
    try:
        return response_from_http(resp.headers.get("content-type", ""), resp.body)
    except (ValueError, slack.DecodeError) as exc:
        raise failed(detailed_error=str(exc)) from None


# ---- execution -----------------------------------------------------------------------------------
async def execute(state: AppState, args: CommandArgs) -> dict[str, Any]:
    """app/command.go ExecuteCommand: custom team commands, then built-ins, else 404."""
    store = state.store
    head = re.split(r"\s", args.command, maxsplit=1)
    trigger, message = head[0].lower(), head[1] if len(head) > 1 else ""
    if not trigger.startswith("/"):
        raise AppError(
            "api.command.execute_command.format.app_error",
            400,
            message="Command trigger word is missing the leading slash character",
        )
    trigger = trigger[1:]
    client_trigger_id, trigger_id = store.commands.new_trigger_id(args.user.id)
    store.commands.require_enabled()
    team = store.teams.get(args.team_id)
    store.channels.get(args.channel_id)
    custom = next((c for c in store.commands.for_team(team.id) if c.trigger == trigger), None)
    if custom is not None:
        hook = store.commands.create_webhook(custom, args)
        values = command_values(
            store, custom, args, trigger, message, trigger_id, f"{args.site_url}/hooks/commands/{hook.id}"
        )
        outbound = state.outbound_pool()
        response = await outbound.call(do_command_request, outbound, store, custom, values)
        response["trigger_id"] = client_trigger_id
        return handle_response(store, custom, args, response, built_in=False)
    built_in = run_built_in(store, trigger, message, args)
    if built_in is not None:
        return handle_response(store, None, args, built_in, built_in=True)
    shown = trigger if len(trigger) <= 512 else trigger[:512] + "..."
    raise AppError(
        "api.command.execute_command.not_found.app_error",
        404,
        message=f"Command with a trigger of '{shown}' not found. To send a message beginning with "
        f'"/", try adding an empty space at the beginning of the message.',
    )


def handle_response(
    store: Store, cmd: Command | None, args: CommandArgs, response: dict[str, Any], *, built_in: bool
) -> dict[str, Any]:
    """app/command.go HandleCommandResponse: the response and each extra response become posts."""
    failed = False
    for each in [response, *(response["extra_responses"] or [])]:
        try:
            store.commands.post_response(
                args,
                each,
                username=cmd.username if cmd else "",
                icon_url=cmd.icon_url if cmd else "",
                built_in=built_in,
            )
        except AppError:
            failed = True
    if failed:
        trigger = args.command.split(" ")[0][1:].lower()
        raise AppError(
            "api.command.execute_command.create_post_failed.app_error",
            500,
            message=f"Command '{trigger}' failed to post response. Please contact your System Administrator.",
        )
    return response


# ---- built-ins -----------------------------------------------------------------------------------
def run_built_in(store: Store, trigger: str, message: str, args: CommandArgs) -> dict[str, Any] | None:
    handler = _BUILT_INS.get(trigger)
    return handler(store, message, args) if handler is not None else None


def _ephemeral(text: str) -> dict[str, Any]:
    return empty_response(text=text, response_type="ephemeral")


def _echo(store: Store, message: str, args: CommandArgs) -> dict[str, Any]:
    if not message:
        return _ephemeral("A message must be provided with the /echo command.")
    delay = 0
    end = message.rfind('"')
    if message.startswith('"') and end > 1:
        tail = message[end:].strip(' "')
        delay = int(tail) if re.fullmatch(r"[+-]?\d+", tail) else 0
        message = message[1:end]
    elif " " in message:
        index = message.rfind(" ")
        tail = message[index:].strip(" ")
        if re.fullmatch(r"[+-]?\d+", tail):
            delay, message = int(tail), message[:index]
    if delay > 10000:
        return _ephemeral("Delays must be under 10000 seconds.")

    def post() -> None:
        channel = store.channels.find(args.channel_id)
        if channel is not None:
            try:
                store.posts.create(args.user, channel, {"message": message, "root_id": args.root_id})
            except AppError:
                pass  # "Unable to create /echo post." is only logged upstream

    if delay > 0:
        timer = threading.Timer(delay, post)
        timer.daemon = True
        timer.start()
    else:
        post()
    return empty_response()


def _me(store: Store, message: str, args: CommandArgs) -> dict[str, Any]:
    return empty_response(response_type="in_channel", type="me", text=f"*{message}*")


def _shrug(store: Store, message: str, args: CommandArgs) -> dict[str, Any]:
    return empty_response(response_type="in_channel", text=f"{message} {_SHRUG}" if message else _SHRUG)


def _join(store: Store, message: str, args: CommandArgs) -> dict[str, Any]:
    name = message[1:] if message.startswith("~") else message.lower()
    channel = store.channels.find_by_name(args.team_id, name)
    if channel is None:
        return _ephemeral("An error occurred while listing channels.")
    if channel.name != name:
        return _ephemeral("Unable to find the channel.")
    needed = {"O": "join_public_channels", "P": "read_channel"}.get(channel.type)
    if needed is None or not permissions.has_channel(store, user_session(args.user), channel, needed):
        return _ephemeral("An error occurred while joining the channel.")
    try:
        store.channels.add_member(channel, args.user, args.user)
    except AppError:
        return _ephemeral("An error occurred while joining the channel.")
    team = store.teams.get(channel.team_id)
    return empty_response(goto_location=f"{args.site_url}/{team.name}/channels/{channel.name}")


def _leave(store: Store, message: str, args: CommandArgs) -> dict[str, Any]:
    channel = store.channels.find(args.channel_id)
    team = store.teams.find(args.team_id)
    if channel is None or team is None:
        return _ephemeral("An error occurred while leaving the channel.")
    try:
        store.channels.remove_member(channel, args.user, args.user)
    except AppError:
        if channel.name == "town-square":
            return _ephemeral("Unable to leave the default channel town-square.")
        return _ephemeral("An error occurred while leaving the channel.")
    if store.teams.member(team.id, args.user.id) is None:
        return empty_response(goto_location=args.site_url + "/")
    return empty_response(goto_location=f"{args.site_url}/{team.name}/channels/town-square")


def _status(wanted: str, text: str) -> Any:
    def run(store: Store, message: str, args: CommandArgs) -> dict[str, Any]:
        statuses = store.statuses
        if wanted == "online":
            statuses.set_online(args.user.id, manual=True)
        elif wanted == "offline":
            statuses.set_offline(args.user.id, manual=True)
        elif wanted == "away":
            statuses.set_away_if_needed(args.user.id, manual=True)
        else:
            statuses.set_dnd_timed(args.user.id, 0)
        return _ephemeral(text)

    return run


def _code(store: Store, message: str, args: CommandArgs) -> dict[str, Any]:
    if not message:
        return _ephemeral("A message must be provided with the /code command.")
    text = "\n".join("    " + line for line in message.split("\n"))
    return empty_response(response_type="in_channel", text=text, skip_slack_parsing=True)


def _previews(collapse: bool) -> Any:
    def run(store: Store, message: str, args: CommandArgs) -> dict[str, Any]:
        store.preferences.set_one(
            Preference(args.user.id, "display_settings", "collapse_previews", "true" if collapse else "false")
        )
        return _ephemeral(
            "Image links now collapse by default" if collapse else "Image links now expand by default"
        )

    return run


def _channel_text(field: str) -> Any:
    def run(store: Store, message: str, args: CommandArgs) -> dict[str, Any]:
        if not message:
            return _ephemeral(f"Text must be provided with the /{field} command.")
        channel = store.channels.find(args.channel_id)
        if channel is None:
            return _ephemeral("Unable to retrieve the current channel.")
        try:
            store.channels.patch(channel, args.user, {field: message})
        except AppError:
            return _ephemeral(f"Unable to update the channel {field}.")
        return empty_response()

    return run


def _mute(store: Store, message: str, args: CommandArgs) -> dict[str, Any]:
    channel = store.channels.find(args.channel_id)
    member = store.channels.member(args.channel_id, args.user.id) if channel is not None else None
    if channel is None or member is None:
        return _ephemeral("Unable to mute the channel.")
    muted = member.notify_props.get("mark_unread") == "mention"
    store.channels.update_member_notify_props(member, {"mark_unread": "all" if muted else "mention"})
    if muted:
        return _ephemeral(f"{channel.display_name} is no longer muted.")
    return _ephemeral(
        f"You will not receive notifications for {channel.display_name} until channel mute is turned off."
    )


def _not_here(trigger: str) -> Any:
    def run(store: Store, message: str, args: CommandArgs) -> dict[str, Any]:
        return _ephemeral(f"The {trigger} command is not supported on your device.")

    return run


_HELP = (
    "Mattermost is an open source platform for secure communication, collaboration, and orchestration of "
    "work "
    "across tools and teams.\r\nMattermost contains two key tools:\r\n\r\n**Channels** - Stay connected with "
    "your team via 1:1 and group messaging.\r\n**[Playbooks](/playbooks)** - Build and configure repeatable "
    "processes to achieve specific and predictable outcomes.\r\n\r\n"
    "[View documentation and guides](https://mattermost.com/pl/help/)"
)


def _help(store: Store, message: str, args: CommandArgs) -> dict[str, Any]:
    return _ephemeral(_HELP)


def _logout(store: Store, message: str, args: CommandArgs) -> dict[str, Any]:
    return empty_response(goto_location="/login")


# Texts and effects of app/slashcommands (command_away.go, command_code.go, ...), as 11.2.0 answers them
# (parity snapshot commands_builtins).
_BUILT_INS = {
    "echo": _echo,
    "me": _me,
    "shrug": _shrug,
    "join": _join,
    "open": _join,
    "leave": _leave,
    "away": _status("away", "You are now away"),
    "offline": _status("offline", "You are now offline"),
    "online": _status("online", "You are now online"),
    "dnd": _status(
        "dnd",
        "Do Not Disturb is enabled. You will not receive desktop or mobile push notifications "
        "until Do Not Disturb is turned off.",
    ),
    "code": _code,
    "collapse": _previews(True),
    "expand": _previews(False),
    "header": _channel_text("header"),
    "purpose": _channel_text("purpose"),
    "mute": _mute,
    "settings": _not_here("settings"),
    "shortcuts": _not_here("shortcuts"),
    "search": _not_here("search"),
    "help": _help,
    "logout": _logout,
}


def handle_command_webhook(store: Store, hook_id: str, response: dict[str, Any], site_url: str) -> None:
    """app/webhook.go HandleCommandWebhook: a response_url call posts like the command's own response."""
    hook, cmd = store.commands.use_webhook(hook_id)
    args = CommandArgs(
        user=store.users.get(hook.user_id),
        channel_id=hook.channel_id,
        team_id=cmd.team_id,
        root_id=hook.root_id,
        command="",
        site_url=site_url,
    )
    handle_response(store, cmd, args, response, built_in=False)
