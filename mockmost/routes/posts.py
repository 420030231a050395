"""Posts: create, read, edit, delete, threads, pages, pins. Upstream: server/channels/api4/post.go."""

from __future__ import annotations

from mockmost import wire
from mockmost.auth import permissions as perms
from mockmost.errors import AppError, invalid_body_param, invalid_url_param
from mockmost.http.context import Ctx
from mockmost.http.dispatch import Route
from mockmost.http.replies import Reply, created, ok, status_ok
from mockmost.ids import is_valid_id
from mockmost.store.entities import Post


def create_post(ctx: Ctx) -> Reply:
    body = ctx.json_object("post")
    channel_id = body.get("channel_id")
    if not isinstance(channel_id, str) or not channel_id:
        raise invalid_body_param("channel_id")
    assert ctx.session is not None
    channel = ctx.store.channels.find(channel_id)
    perms.require(perms.can_post(ctx.store, ctx.session, channel))
    assert channel is not None
    trusted = perms.is_system_admin(ctx.session)
    fields = dict(body)
    if not trusted:
        fields.pop("create_at", None)
    post = ctx.store.posts.create(ctx.me, channel, fields, set_online=ctx.query_bool("set_online", True),
                                  trusted=False)
    out = wire.post(post, ctx.store)
    out["pending_post_id"] = post.pending_post_id
    return created(out)


def _post_for_edit(ctx: Ctx) -> Post:
    """A missing post answers 403 here, not 404 (SetPermissionError in api4/post.go)."""
    post_id = ctx.path_id("post_id")
    assert ctx.session is not None
    post = ctx.store.posts.find(post_id)
    if post is None:
        raise AppError("api.context.permissions.app_error", 403)
    channel = ctx.store.channels.find(post.channel_id)
    needed = "edit_post" if post.user_id == ctx.session.user_id else "edit_others_posts"
    perms.require_channel(ctx.store, ctx.session, channel, needed)
    return post


def get_post(ctx: Ctx) -> Reply:
    post_id = ctx.path_id("post_id")
    assert ctx.session is not None
    include_deleted = ctx.query_bool("include_deleted")
    if include_deleted:
        perms.require_system(ctx.session, "manage_system")
    post = ctx.store.posts.get(post_id, include_deleted)
    perms.require(perms.can_read_channel(ctx.store, ctx.session, ctx.store.channels.find(post.channel_id)))
    etag = f"11.2.0.{post.id}.{post.update_at}"
    return ok(wire.post(post, ctx.store)).header("etag", etag)


def get_posts_by_ids(ctx: Ctx) -> Reply:
    ids = ctx.json_str_list()
    if len(ids) > 1000:
        raise invalid_body_param("post_ids")
    assert ctx.session is not None
    out = []
    for pid in ids:
        post = ctx.store.posts.find(pid)
        if post is None or post.delete_at:
            continue
        if perms.can_read_channel(ctx.store, ctx.session, ctx.store.channels.find(post.channel_id)):
            out.append(wire.post(post, ctx.store))
    return ok(out)


def update_post(ctx: Ctx) -> Reply:
    body = ctx.json_object("post")
    post = _post_for_edit(ctx)
    if body.get("id") != post.id:
        raise invalid_body_param("id")
    return ok(wire.post(ctx.store.posts.update(post, body, patch=False), ctx.store))


def patch_post(ctx: Ctx) -> Reply:
    body = ctx.json_object("post")
    post = _post_for_edit(ctx)
    return ok(wire.post(ctx.store.posts.update(post, body, patch=True), ctx.store))


def delete_post(ctx: Ctx) -> Reply:
    post_id = ctx.path_id("post_id")
    assert ctx.session is not None
    post = ctx.store.posts.get(post_id)
    channel = ctx.store.channels.find(post.channel_id)
    needed = "delete_post" if post.user_id == ctx.session.user_id else "delete_others_posts"
    perms.require_channel(ctx.store, ctx.session, channel, needed)
    if ctx.query_bool("permanent") and not ctx.settings.get("ServiceSettings.EnableAPIPostDeletion"):
        raise AppError("api.post.delete_post.not_enabled.app_error", 501,
                       message="Cannot delete post, ServiceSettings.EnableAPIPostDeletion is not enabled.")
    ctx.store.posts.delete(post, ctx.session.user_id)
    return status_ok()


def _pin(ctx: Ctx, pinned: bool) -> Reply:
    post_id = ctx.path_id("post_id")
    assert ctx.session is not None
    post = ctx.store.posts.find(post_id)
    channel = ctx.store.channels.find(post.channel_id) if post else None
    perms.require(post is not None and perms.can_read_channel(ctx.store, ctx.session, channel))
    assert post is not None
    ctx.store.posts.set_pinned(post, pinned)
    return status_ok()


def pin_post(ctx: Ctx) -> Reply:
    return _pin(ctx, True)


def unpin_post(ctx: Ctx) -> Reply:
    return _pin(ctx, False)


def get_post_thread(ctx: Ctx) -> Reply:
    post_id = ctx.path_id("post_id")
    assert ctx.session is not None
    per_page = ctx.query_int("perPage", 0)
    if per_page > 200:
        raise invalid_url_param("perPage")
    post = ctx.store.posts.get(post_id)
    perms.require(perms.can_read_channel(ctx.store, ctx.session, ctx.store.channels.find(post.channel_id)))
    ids = ctx.store.posts.thread_ids(post.root_id or post.id)
    order = [post.id, *[i for i in ids if i != post.id]]
    if ctx.query.get("direction") == "down":
        order = ids
    elif ctx.query.get("direction") == "up":
        order = list(reversed(ids))
    has_next = False
    if per_page and len(order) > per_page:
        order, has_next = order[:per_page], True
    return ok(wire.post_list(ctx.store, order, has_next=has_next))


def get_posts_for_channel(ctx: Ctx) -> Reply:
    """Precedence since > after > before > page (api4/post.go getPostsForChannel)."""
    channel_id = ctx.path_id("channel_id")
    q = ctx.query
    for name in ("before", "after"):
        if q.get(name) and not is_valid_id(q[name]):
            raise invalid_url_param(name)
    since = ctx.query_int("since", 0)
    assert ctx.session is not None
    channel = ctx.store.channels.get(channel_id)
    perms.require(perms.can_read_channel(ctx.store, ctx.session, channel))
    if ctx.query_bool("include_deleted"):
        perms.require_system(ctx.session, "manage_system")
    page, per_page = ctx.paging(max_per_page=1000)
    roots_only = ctx.query_bool("collapsedThreads")
    posts = ctx.store.posts
    if since:
        result = posts.since(channel_id, since)
    elif q.get("after"):
        result = posts.after(channel_id, posts.get(q["after"], include_deleted=True), page, per_page, roots_only)
    elif q.get("before"):
        result = posts.before(channel_id, posts.get(q["before"], include_deleted=True), page, per_page, roots_only)
    else:
        result = posts.page(channel_id, page, per_page, roots_only)
    skip_threads = ctx.query_bool("skipFetchThreads")
    extra = [] if (skip_threads or roots_only) else posts.thread_extras(result.order)
    if since:
        extra = [p.root_id for p in (posts.find(i) for i in result.order) if p and p.root_id
                 and p.root_id not in result.order]
    body = wire.post_list(ctx.store, result.order, extra, result.next_post_id, result.prev_post_id,
                          reply_counts=skip_threads or roots_only or bool(since))
    reply = ok(body)
    if not since:
        latest = max((ctx.store.post_by_id[p].update_at for p in result.order), default=0)
        reply.header("etag", f"11.2.0.{latest}")
    return reply


def get_pinned_posts(ctx: Ctx) -> Reply:
    channel_id = ctx.path_id("channel_id")
    assert ctx.session is not None
    channel = ctx.store.channels.get(channel_id)
    perms.require(perms.can_read_channel(ctx.store, ctx.session, channel))
    return ok(wire.post_list(ctx.store, ctx.store.posts.pinned(channel_id)))


def get_posts_around_last_unread(ctx: Ctx) -> Reply:
    user_id, channel_id = ctx.user_id(), ctx.path_id("channel_id")
    assert ctx.session is not None
    perms.require_user(ctx.store, ctx.session, user_id)
    limit_before = min(ctx.query_int("limit_before", 60), 200)
    limit_after = min(ctx.query_int("limit_after", 60), 200)
    if limit_after <= 0:
        raise invalid_url_param("limit_after")
    channel = ctx.store.channels.get(channel_id)
    perms.require(perms.can_read_channel(ctx.store, ctx.session, channel))
    member = ctx.store.channels.get_member(channel_id, user_id)
    index = ctx.store.channel_posts[channel_id]
    newer = index.newer_than(member.last_viewed_at, 0, limit_after) if member.last_viewed_at else []
    if not newer:
        result = ctx.store.posts.page(channel_id, 0, limit_before + limit_after)
        return ok(wire.post_list(ctx.store, result.order, [], result.next_post_id, result.prev_post_id))
    oldest_unread = ctx.store.post_by_id[newer[-1]]
    older = index.older_than(oldest_unread.create_at, 0, limit_before)
    order = newer + older
    first, last = ctx.store.post_by_id[order[0]], ctx.store.post_by_id[order[-1]]
    return ok(wire.post_list(ctx.store, order, ctx.store.posts.thread_extras(order),
                             index.neighbour_newer(first.create_at, first.id),
                             index.neighbour_older(last.create_at, last.id)))


ROUTES = [
    Route("POST", "/api/v4/posts", create_post),
    Route("GET", "/api/v4/posts/{post_id}", get_post),
    Route("PUT", "/api/v4/posts/{post_id}", update_post),
    Route("DELETE", "/api/v4/posts/{post_id}", delete_post),
    Route("PUT", "/api/v4/posts/{post_id}/patch", patch_post),
    Route("GET", "/api/v4/posts/{post_id}/thread", get_post_thread),
    Route("GET", "/api/v4/channels/{channel_id}/posts", get_posts_for_channel),
    Route("GET", "/api/v4/channels/{channel_id}/pinned", get_pinned_posts),
    Route("GET", "/api/v4/users/{user_id}/channels/{channel_id}/posts/unread", get_posts_around_last_unread),
    Route("POST", "/api/v4/posts/{post_id}/pin", pin_post),
    Route("POST", "/api/v4/posts/{post_id}/unpin", unpin_post),
    Route("POST", "/api/v4/posts/ids", get_posts_by_ids),
]
