"""Slash commands: management, autocomplete and execution. Upstream: server/channels/api4/command.go."""

from __future__ import annotations

import functools
from typing import Any

from mockmost.auth import permissions as perms
from mockmost.errors import AppError, invalid_body_param
from mockmost.http.bodies import decode_body
from mockmost.http.context import Ctx
from mockmost.http.dispatch import Route
from mockmost.http.replies import Reply, created, ok, status_ok
from mockmost.ids import is_valid_id
from mockmost.integrations import commands as slash_commands
from mockmost.store import attachments as slack
from mockmost.store import command_autocomplete as autocomplete
from mockmost.store.commands import CommandArgs, decode_command
from mockmost.store.entities import Command
from mockmost.store.webhooks import user_session
from mockmost.wire import integrations as wire

_TRUE = ("1", "t", "T", "TRUE", "true", "True")  # strconv.ParseBool


def _has_team(ctx: Ctx, team_id: str, permission: str) -> bool:
    return perms.has_team(ctx.store, ctx.session, team_id, permission)


def _not_found() -> AppError:
    """web/context.go SetCommandNotFoundError: also hides commands the caller may not manage."""
    return AppError("store.sql_command.save.get.app_error", 404, message="Unable to get the command.")


def _managed_command(ctx: Ctx, command_id: str) -> Command:
    """The command if the caller may manage it: missing or foreign team → 404, someone else's → 403; each
    refusal but the missing command audited first."""
    try:
        cmd = ctx.store.commands.get(command_id)
    except AppError:
        raise _not_found() from None
    if not _has_team(ctx, cmd.team_id, "manage_slash_commands"):
        ctx.audit("fail - inappropriate permissions")
        raise _not_found()
    others = _has_team(ctx, cmd.team_id, "manage_others_slash_commands")
    if ctx.session.user_id != cmd.creator_id and not others:
        ctx.audit("fail - inappropriate permissions")
        perms.require(False)
    return cmd


def create_command(ctx: Ctx) -> Reply:
    fields = decode_command(decode_body(ctx, "command"))
    ctx.audit("attempt")
    perms.require(_has_team(ctx, fields["team_id"], "manage_slash_commands"))
    fields["creator_id"] = ctx.session.user_id  # api4/command.go: always the caller, whatever the body says
    cmd = ctx.store.commands.create(fields)
    ctx.audit("success")
    return created(wire.command(cmd))


def list_commands(ctx: Ctx) -> Reply:
    custom_only = ctx.query.get("custom_only", "") in _TRUE
    team_id = ctx.query.get("team_id", "")
    if not team_id:
        raise invalid_body_param("team_id")
    perms.require(_has_team(ctx, team_id, "view_team"))
    manages = _has_team(ctx, team_id, "manage_slash_commands")
    owner = "" if _has_team(ctx, team_id, "manage_others_slash_commands") else ctx.session.user_id
    commands = ctx.store.commands
    if custom_only:
        perms.require(manages)
        commands.require_enabled()
        return ok([wire.command(c) for c in commands.for_team(team_id) if not owner or c.creator_id == owner])
    if not manages:
        return ok(_autocomplete(ctx, team_id))
    out = [wire.command(c, sanitized=True) for c in commands.built_ins()]
    if ctx.settings.get("ServiceSettings.EnableCommands"):
        seen = {c.trigger for c in commands.built_ins()}
        out += [
            wire.command(c, sanitized=True)
            for c in commands.for_team(team_id)
            if c.trigger not in seen and (not owner or c.creator_id == owner)
        ]
    return ok(out)


def _autocomplete_commands(ctx: Ctx, team_id: str) -> list[Command]:
    """app/command.go ListAutocompleteCommands: team commands with auto_complete, then the built-ins, each
    trigger once."""
    out: list[Command] = []
    seen: set[str] = set()
    team_commands = (
        ctx.store.commands.for_team(team_id) if ctx.settings.get("ServiceSettings.EnableCommands") else []
    )
    for cmd in [*team_commands, *ctx.store.commands.built_ins()]:
        if cmd.auto_complete and cmd.trigger not in seen:
            seen.add(cmd.trigger)
            out.append(cmd)
    return out


def _autocomplete(ctx: Ctx, team_id: str) -> list[dict[str, Any]]:
    return [wire.command(cmd, sanitized=True) for cmd in _autocomplete_commands(ctx, team_id)]


def list_autocomplete_commands(ctx: Ctx) -> Reply:
    team_id = ctx.path_id("team_id")
    perms.require(_has_team(ctx, team_id, "view_team"))
    return ok(_autocomplete(ctx, team_id))


def list_command_autocomplete_suggestions(ctx: Ctx) -> Reply:
    """listCommandAutocompleteSuggestions: view_team, then user_input; the listed commands' autocomplete
    trees walked as app/command_autocomplete.go GetSuggestions does (store/command_autocomplete.py), with the
    system admin role seeing every branch."""
    team_id = ctx.path_id("team_id")
    perms.require(_has_team(ctx, team_id, "view_team"))
    user_input = ctx.query.get("user_input", "")
    if not user_input:
        raise invalid_body_param("userInput")
    admin = perms.has_system(ctx.store, ctx.session, "manage_system")
    lists = functools.partial(
        autocomplete.builtin_dynamic_list,
        manages_secure_connections=perms.has_system(ctx.store, ctx.session, "manage_secure_connections"),
    )
    suggestions = autocomplete.suggest(
        [autocomplete.command_tree(c) for c in _autocomplete_commands(ctx, team_id)],
        user_input.removeprefix("/"),
        autocomplete.SYSTEM_ADMIN_ROLE if admin else autocomplete.SYSTEM_USER_ROLE,
        lists,
    )
    return ok([wire.autocomplete_suggestion(s) for s in suggestions])


def get_command_by_id(ctx: Ctx) -> Reply:
    command_id = ctx.path_id("command_id")
    try:
        cmd = ctx.store.commands.get(command_id)
    except AppError:
        raise _not_found() from None
    allowed = (
        _has_team(ctx, cmd.team_id, "view_team")
        and _has_team(ctx, cmd.team_id, "manage_slash_commands")
        and (
            ctx.session.user_id == cmd.creator_id
            or _has_team(ctx, cmd.team_id, "manage_others_slash_commands")
        )
    )
    if not allowed:
        raise _not_found()
    return ok(wire.command(cmd))


def update_command(ctx: Ctx) -> Reply:
    command_id = ctx.path_id("command_id")
    fields = decode_command(decode_body(ctx, "command"))
    if fields["id"] != command_id:
        raise invalid_body_param("command")
    ctx.audit("attempt")
    try:
        old = ctx.store.commands.get(command_id)
    except AppError:
        raise _not_found() from None
    if fields["team_id"] != old.team_id:
        raise AppError(
            "api.command.team_mismatch.app_error", 400, message="Unable to update commands across teams."
        )
    cmd = _managed_command(ctx, command_id)
    updated = ctx.store.commands.update(cmd, fields)
    ctx.audit("success")
    return ok(wire.command(updated))


def move_command(ctx: Ctx) -> Reply:
    command_id = ctx.path_id("command_id")
    try:
        team_id = slack.go_str(decode_body(ctx, "team_id"), "team_id")
    except slack.DecodeError:
        raise invalid_body_param("team_id") from None
    ctx.audit("attempt")
    team = ctx.store.teams.get(team_id)
    if not _has_team(ctx, team.id, "manage_slash_commands"):
        ctx.audit("fail - inappropriate permissions")
        perms.require(False)
    cmd = _managed_command(ctx, command_id)
    creator = ctx.store.users.find(cmd.creator_id)
    if creator is None or not perms.has_team(
        ctx.store, user_session(creator), team.id, "manage_slash_commands"
    ):
        raise AppError(
            "api.command.move_command.creator_no_permission.app_error",
            400,
            message="No permission to move command",
        )
    ctx.store.commands.move(cmd, team.id)
    ctx.audit("success")
    return status_ok()


def delete_command(ctx: Ctx) -> Reply:
    command_id = ctx.path_id("command_id")
    ctx.audit("attempt")
    cmd = _managed_command(ctx, command_id)
    ctx.store.commands.delete(cmd)
    ctx.audit("success")
    return status_ok()


def regen_command_token(ctx: Ctx) -> Reply:
    command_id = ctx.path_id("command_id")
    ctx.audit("attempt")
    cmd = _managed_command(ctx, command_id)
    token = ctx.store.commands.regen_token(cmd).token
    ctx.audit("success")
    return ok({"token": token})


def _command_args(ctx: Ctx) -> CommandArgs:
    """api4/command.go executeCommand: validation, the create_post check, and the team the command runs in."""
    body = decode_body(ctx, "command_args")
    try:
        values = {name: slack.go_str(body, name) for name in ("channel_id", "team_id", "root_id", "command")}
    except slack.DecodeError:
        raise invalid_body_param("command_args") from None
    command = values["command"]
    if len(command) <= 1 or not command.startswith("/") or not is_valid_id(values["channel_id"]):
        raise AppError(
            "api.command.execute_command.start.app_error", 400, message="No command trigger found."
        )
    channel = ctx.store.channels.find(values["channel_id"])
    perms.require_channel(ctx.store, ctx.session, channel, "create_post")
    channel = ctx.store.channels.get(values["channel_id"])
    if channel.delete_at:
        raise AppError(
            "api.command.execute_command.deleted.error",
            400,
            message="Can not run command in deleted channel.",
        )
    team_id = values["team_id"]
    if channel.type not in ("D", "G"):
        team_id = channel.team_id
    elif ctx.store.teams.member(team_id, ctx.session.user_id) is None:
        perms.require_system(ctx.store, ctx.session, "create_post")
    return CommandArgs(
        user=ctx.me,
        channel_id=channel.id,
        team_id=team_id,
        root_id=values["root_id"],
        command=command,
        site_url=ctx.site_url,
    )


async def execute_command(ctx: Ctx) -> Reply:
    response = await slash_commands.execute(ctx.state, _command_args(ctx))
    return ok(wire.command_response(response))


ROUTES = [
    Route("POST", "/api/v4/commands", create_command),
    Route("GET", "/api/v4/commands", list_commands),
    Route("POST", "/api/v4/commands/execute", execute_command),
    Route("GET", "/api/v4/commands/{command_id}", get_command_by_id),
    Route("PUT", "/api/v4/commands/{command_id}", update_command),
    Route("DELETE", "/api/v4/commands/{command_id}", delete_command),
    Route("PUT", "/api/v4/commands/{command_id}/move", move_command),
    Route("PUT", "/api/v4/commands/{command_id}/regen_token", regen_command_token),
    Route("GET", "/api/v4/teams/{team_id}/commands/autocomplete", list_autocomplete_commands),
    Route(
        "GET",
        "/api/v4/teams/{team_id}/commands/autocomplete_suggestions",
        list_command_autocomplete_suggestions,
    ),
]
