"""Threads (collapsed reply threads) of a user in a team: list, get, follow, read state.
Upstream: server/channels/api4/user.go (thread handlers), app/user.go, sqlstore/thread_store.go."""

from __future__ import annotations

import re

from mockmost import wire
from mockmost.auth import permissions as perms
from mockmost.errors import AppError, invalid_body_param, invalid_url_param, not_found_route
from mockmost.http.context import Ctx
from mockmost.http.dispatch import Route
from mockmost.http.replies import Reply, ok, status_ok
from mockmost.store.threads import ThreadQuery

_DIGITS = re.compile(r"^[0-9]+$")


def _user_and_team(ctx: Ctx) -> tuple[str, str]:
    """RequireUserId, RequireTeamId, then SessionHasPermissionToUser."""
    user_id, team_id = ctx.user_id(), ctx.path_id("team_id")
    perms.require_user(ctx.store, ctx.session, user_id)
    return user_id, team_id


def _thread_ids(ctx: Ctx) -> tuple[str, str, str]:
    """RequireUserId, RequireThreadId, RequireTeamId, the user, then read_channel_content on the root."""
    user_id = ctx.user_id()
    thread_id = ctx.path_id("thread_id")
    team_id = ctx.path_id("team_id")
    perms.require_user(ctx.store, ctx.session, user_id)
    perms.require(perms.has_channel_by_post(ctx.store, ctx.session, thread_id, "read_channel_content"))
    return user_id, team_id, thread_id


def get_user_threads(ctx: Ctx) -> Reply:
    user_id, team_id = _user_and_team(ctx)
    perms.require_team(ctx.store, ctx.session, team_id, "view_team")
    _, per_page = ctx.paging()
    query = ThreadQuery(page_size=per_page)
    since = ctx.query.get("since", "")
    if since:
        if not _DIGITS.match(since) or int(since) >= 2**64:
            raise invalid_body_param("since")
        query.since = int(since)
    query.before, query.after = ctx.query.get("before", ""), ctx.query.get("after", "")
    query.totals_only = ctx.query_bool("totalsOnly")
    query.threads_only = ctx.query_bool("threadsOnly")
    query.exclude_direct = ctx.query_bool("excludeDirect")
    if query.before and query.after:
        raise AppError(
            "api.getThreadsForUser.bad_params",
            400,
            message="Before and After parameters to getThreadsForUser are mutually exclusive",
        )
    if query.totals_only and query.threads_only:
        raise AppError(
            "api.getThreadsForUser.bad_only_params",
            400,
            message="OnlyThreads and OnlyTotals parameters to getThreadsForUser are mutually exclusive",
        )
    query.deleted = ctx.query_bool("deleted")
    query.unread = ctx.query_bool("unread")
    query.extended = ctx.query_bool("extended")
    totals, threads = ctx.store.threads.list_for_user(user_id, team_id, query)
    return ok(wire.user_threads(ctx.store, totals, threads))


def get_user_thread(ctx: Ctx) -> Reply:
    user_id = ctx.user_id()
    ctx.path_id("team_id")
    thread_id = ctx.path_id("thread_id")
    perms.require_user(ctx.store, ctx.session, user_id)
    perms.require(perms.has_channel_by_post(ctx.store, ctx.session, thread_id, "read_channel_content"))
    membership = ctx.store.threads.get_membership(user_id, thread_id)
    view = ctx.store.threads.view(membership, extended=ctx.query_bool("extended"))
    return ok(wire.user_thread(ctx.store, view))


def start_following_thread(ctx: Ctx) -> Reply:
    user_id, team_id, thread_id = _thread_ids(ctx)
    ctx.store.threads.set_following(user_id, team_id, thread_id, True)
    return status_ok()


def stop_following_thread(ctx: Ctx) -> Reply:
    user_id, team_id, thread_id = _thread_ids(ctx)
    ctx.store.threads.set_following(user_id, team_id, thread_id, False)
    return status_ok()


def update_thread_read_for_user(ctx: Ctx) -> Reply:
    """The route only takes digits; 0 (or a value out of range) is a 400 invalid url param."""
    raw = ctx.params.get("timestamp", "")
    if not _DIGITS.match(raw):
        raise not_found_route(ctx.path)
    user_id, thread_id = ctx.user_id(), ctx.path_id("thread_id")
    timestamp = int(raw) if int(raw) < 2**63 else 0
    if timestamp == 0:
        raise invalid_url_param("timestamp")
    team_id = ctx.path_id("team_id")
    perms.require_user(ctx.store, ctx.session, user_id)
    perms.require(perms.has_channel_by_post(ctx.store, ctx.session, thread_id, "read_channel_content"))
    user = ctx.store.users.get(user_id)
    return ok(wire.user_thread(ctx.store, ctx.store.threads.mark_read(user, team_id, thread_id, timestamp)))


def set_thread_unread_by_post_id(ctx: Ctx) -> Reply:
    user_id, thread_id, post_id = ctx.user_id(), ctx.path_id("thread_id"), ctx.path_id("post_id")
    team_id = ctx.path_id("team_id")
    perms.require_user(ctx.store, ctx.session, user_id)
    perms.require(perms.has_channel_by_post(ctx.store, ctx.session, thread_id, "read_channel_content"))
    user = ctx.store.users.get(user_id)
    return ok(
        wire.user_thread(ctx.store, ctx.store.threads.mark_unread_from(user, team_id, thread_id, post_id))
    )


def update_threads_read_for_user(ctx: Ctx) -> Reply:
    user_id, team_id = _user_and_team(ctx)
    perms.require_team(ctx.store, ctx.session, team_id, "view_team")
    ctx.store.threads.mark_all_read(user_id, team_id)
    return status_ok()


def get_thread_mention_counts_by_channel(ctx: Ctx) -> Reply:
    """Documented, but 11.2 has no such route; `mention_counts` is not an id either: the router's 404."""
    raise not_found_route(ctx.path)


_BASE = "/api/v4/users/{user_id}/teams/{team_id}/threads"
ROUTES = [
    Route("GET", _BASE, get_user_threads),
    Route("PUT", _BASE + "/read", update_threads_read_for_user),
    Route("GET", _BASE + "/mention_counts", get_thread_mention_counts_by_channel),
    Route("GET", _BASE + "/{thread_id}", get_user_thread),
    Route("PUT", _BASE + "/{thread_id}/following", start_following_thread),
    Route("DELETE", _BASE + "/{thread_id}/following", stop_following_thread),
    Route("PUT", _BASE + "/{thread_id}/read/{timestamp}", update_thread_read_for_user),
    Route("POST", _BASE + "/{thread_id}/set_unread/{post_id}", set_thread_unread_by_post_id),
]
