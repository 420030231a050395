"""Posts: create, read, edit, delete, threads, pages, pins. Upstream: server/channels/api4/post.go."""

from __future__ import annotations

from mockmost import wire
from mockmost.auth import permissions as perms
from mockmost.errors import AppError, invalid_body_param, invalid_url_param
from mockmost.http.context import Ctx
from mockmost.http.dispatch import Route
from mockmost.http.replies import Reply, created, encode, ok, raw, status_ok
from mockmost.ids import is_valid_id
from mockmost.store.entities import Post
from mockmost.store.posts import ThreadPaging


def create_post(ctx: Ctx) -> Reply:
    """A missing or unknown channel answers 403: the permission check runs on the channel id first."""
    body = ctx.json_object("post")
    ctx.store.posts.check_fields(body)
    channel = ctx.store.channels.find(body.get("channel_id") or "")
    perms.require(perms.can_post(ctx.store, ctx.session, channel))
    assert channel is not None
    if body.get("file_ids"):
        perms.require_channel(ctx.store, ctx.session, channel, "upload_file")
    fields = dict(body)
    keep_create_at = perms.has_system(ctx.store, ctx.session, "manage_system")
    set_online = ctx.query_bool("set_online", True)
    pending = body.get("pending_post_id") or ""
    seen = ctx.store.recent_pending_posts.get((ctx.session.user_id, pending)) if pending else None
    post = ctx.store.posts.create(
        ctx.me, channel, fields, set_online=set_online, keep_create_at=keep_create_at, client_input=True
    )
    if set_online:  # api4/post.go createPost: the poster comes online (status_change to its sockets)
        ctx.store.statuses.set_online(ctx.session.user_id, manual=False)
    if seen is not None and seen[1] == post.id:
        # a repeated pending_post_id answers the post as cached: no metadata, no pending id (observed on 11.2)
        return created(wire.post(post, ctx.store, with_metadata=False, read=True))
    out = wire.post(post, ctx.store)
    out["pending_post_id"] = post.pending_post_id
    return created(out)


def _post_for_edit(ctx: Ctx, message_changes: bool) -> Post:
    """A missing post answers 403 here, not 404 (SetPermissionError in api4/post.go)."""
    post_id = ctx.path_id("post_id")
    post = ctx.store.posts.find(post_id)
    if post is None or post.delete_at:
        raise AppError("api.context.permissions.app_error", 403)
    channel = ctx.store.channels.find(post.channel_id)
    needed = "edit_post" if post.user_id == ctx.session.user_id else "edit_others_posts"
    perms.require_channel(ctx.store, ctx.session, channel, needed)
    limit = ctx.settings.get("ServiceSettings.PostEditTimeLimit")
    if limit != -1 and message_changes and ctx.store.now() > post.create_at + limit * 1000:
        raise AppError(
            "api.post.update_post.permissions_time_limit.app_error",
            400,
            message=f"Post edit is only allowed for {limit} seconds. Please ask your System Administrator "
            "for details.",
        )
    return post


def get_post(ctx: Ctx) -> Reply:
    post_id = ctx.path_id("post_id")
    include_deleted = ctx.query_bool("include_deleted")
    if include_deleted:
        perms.require_system(ctx.store, ctx.session, "manage_system")
    post = ctx.store.posts.get(post_id, include_deleted)
    perms.require(perms.can_read_channel(ctx.store, ctx.session, ctx.store.channels.find(post.channel_id)))
    return ok(wire.post(post, ctx.store, read=True)).header("etag", wire.etags.post(post))


def get_posts_by_ids(ctx: Ctx) -> Reply:
    ids = sorted(set(ctx.json_str_list()))
    if not ids:
        raise invalid_body_param("post_ids")
    if len(ids) > 1000:
        raise AppError(
            "api.post.posts_by_ids.invalid_body.request_error",
            400,
            message="The number of post ids requested exceeds the maximum of 1000.",
        )
    if not any(ctx.store.posts.find(pid) is not None for pid in ids):  # sqlstore GetPostsByIds: no row
        raise AppError("app.post.get.app_error", 404, message="Unable to get the post.")
    out = []
    for pid in ids:
        post = ctx.store.posts.find(pid)
        if post is None or post.delete_at:
            continue
        if perms.can_read_channel(ctx.store, ctx.session, ctx.store.channels.find(post.channel_id)):
            out.append(wire.post(post, ctx.store, read=True))
    return ok(out)


def update_post(ctx: Ctx) -> Reply:
    post_id = ctx.path_id("post_id")
    body = ctx.json_object("post")
    ctx.store.posts.check_update_fields(body)
    if body.get("id") != post_id:
        raise invalid_body_param("id")
    existing = ctx.store.posts.find(post_id)
    post = _post_for_edit(ctx, existing is not None and body.get("message", "") != existing.message)
    return ok(wire.post(ctx.store.posts.update(post, body, patch=False), ctx.store, read=True))


def patch_post(ctx: Ctx) -> Reply:
    ctx.path_id("post_id")
    body = ctx.json_object("post")
    ctx.store.posts.check_update_fields(body)
    post = _post_for_edit(ctx, body.get("message") is not None)
    return ok(wire.post(ctx.store.posts.update(post, body, patch=True), ctx.store, read=True))


def delete_post(ctx: Ctx) -> Reply:
    """The permanent switch is checked before the post is looked up (api4/post.go deletePost)."""
    post_id = ctx.path_id("post_id")
    permanent = ctx.query_bool("permanent")
    if permanent and not ctx.settings.get("ServiceSettings.EnableAPIPostDeletion"):
        raise AppError(
            "api.post.delete_post.not_enabled.app_error",
            501,
            message="Cannot delete post, ServiceSettings.EnableAPIPostDeletion is not enabled.",
        )
    if permanent:
        perms.require_system(ctx.store, ctx.session, "manage_system")
    post = ctx.store.posts.get(post_id)
    channel = ctx.store.channels.find(post.channel_id)
    needed = "delete_post" if post.user_id == ctx.session.user_id else "delete_others_posts"
    perms.require_channel(ctx.store, ctx.session, channel, needed)
    ctx.store.posts.delete(post, ctx.session.user_id)
    return status_ok()


def _pin(ctx: Ctx, pinned: bool) -> Reply:
    """A missing post answers 403; pinning needs only read access to the channel."""
    post_id = ctx.path_id("post_id")
    post = ctx.store.posts.find(post_id)
    if post is None or post.delete_at:
        raise AppError("api.context.permissions.app_error", 403)
    channel = ctx.store.channels.get(post.channel_id)
    perms.require(perms.can_read_channel(ctx.store, ctx.session, channel))
    ctx.store.posts.set_pinned(post, pinned)
    return status_ok()


def pin_post(ctx: Ctx) -> Reply:
    return _pin(ctx, True)


def unpin_post(ctx: Ctx) -> Reply:
    return _pin(ctx, False)


def get_post_thread(ctx: Ctx) -> Reply:
    post_id = ctx.path_id("post_id")
    paging = _thread_query(ctx)
    post = ctx.store.posts.get(post_id)
    perms.require(perms.can_read_channel(ctx.store, ctx.session, ctx.store.channels.find(post.channel_id)))
    collapsed = ctx.query_bool("collapsedThreads")
    if not collapsed and ctx.query_bool("skipFetchThreads"):  # the post alone, no has_next
        body = wire.post_list(ctx.store, [post.id])
        return ok(body).header("etag", wire.etags.post_list([post.id], [post]))
    order, has_next = ctx.store.posts.thread_page(post, paging, collapsed)
    if collapsed:
        # the post with its Threads row and the user's membership; the rest read without reply counts
        body = wire.post_list(ctx.store, order, reply_counts=False, has_next=has_next)
        wire.add_thread_fields(
            ctx.store, body, post.id, ctx.session.user_id, ctx.query_bool("collapsedThreadsExtended")
        )
    else:
        body = wire.post_list(ctx.store, order, has_next=has_next)
    etag = wire.etags.post_list(order, [ctx.store.post_by_id[i] for i in order])
    return ok(body).header("etag", etag)


def _int_param(ctx: Ctx, name: str) -> int:
    text = ctx.query.get(name, "")
    if not text:
        return 0
    try:
        return int(text)
    except ValueError:
        raise invalid_body_param(name) from None


def _thread_query(ctx: Ctx) -> ThreadPaging:
    """api4/post.go getPostThread: camelCase paging parameters and their combinations."""
    q = ctx.query
    try:
        per_page = int(q["perPage"]) if q.get("perPage") else 0
    except ValueError:
        raise invalid_body_param("perPage") from None
    if per_page > 200:
        raise invalid_body_param("perPage")
    from_create_at, from_update_at = _int_param(ctx, "fromCreateAt"), _int_param(ctx, "fromUpdateAt")
    if q.get("fromPost") and not from_create_at:
        raise invalid_body_param("if fromPost is set, then fromCreateAt must also be set")
    if from_update_at and from_create_at:
        raise invalid_body_param("fromUpdateAt")
    updates_only = q.get("updatesOnly") == "true"
    if updates_only and not from_update_at:
        raise invalid_body_param("fromUpdateAt")
    if q.get("direction") and q["direction"] not in ("up", "down"):
        raise invalid_body_param("direction")
    if updates_only and q.get("direction") == "up":
        raise invalid_body_param("updatesOnly")
    return ThreadPaging(
        direction=q.get("direction", ""),
        from_create_at=from_create_at,
        from_update_at=from_update_at,
        from_post=q.get("fromPost", ""),
        updates_only=updates_only,
        per_page=per_page,
    )


def get_posts_for_channel(ctx: Ctx) -> Reply:
    """Precedence since > after > before > page (api4/post.go getPostsForChannel)."""
    channel_id = ctx.path_id("channel_id")
    q = ctx.query
    for name in ("after", "before"):
        if q.get(name) and not is_valid_id(q[name]):
            raise invalid_body_param(name)
    since = _int_param(ctx, "since")
    include_deleted = ctx.query_bool("include_deleted")
    if include_deleted:
        perms.require_system(ctx.store, ctx.session, "manage_system")
    channel = ctx.store.channels.get(channel_id)
    perms.require(perms.can_read_channel(ctx.store, ctx.session, channel))
    page, per_page = ctx.paging(max_per_page=1000)
    roots_only = ctx.query_bool("collapsedThreads")
    posts = ctx.store.posts
    if not since and not roots_only and not include_deleted and not q.get("after") and not q.get("before"):
        # the plain page: kept by wire until the store changes
        reply = raw(
            wire.channel_page_json(
                encode, ctx.store, channel_id, page, per_page, ctx.query_bool("skipFetchThreads")
            ),
            "application/json",
        )
        latest = posts.etag(channel_id, False)
        return reply.header(
            "etag", wire.etags.channel_posts(latest if latest is not None else ctx.store.now())
        )
    if since > 0:
        result = posts.since(channel_id, since)
    elif q.get("after"):
        result = posts.after(
            channel_id, posts.get(q["after"], include_deleted=True), page, per_page, roots_only
        )
    elif q.get("before"):
        result = posts.before(
            channel_id, posts.get(q["before"], include_deleted=True), page, per_page, roots_only
        )
    elif include_deleted and not roots_only:
        result = posts.page_with_deleted(channel_id, page, per_page, ctx.query_bool("skipFetchThreads"))
    else:
        result = posts.page(channel_id, page, per_page, roots_only)
    skip_threads = ctx.query_bool("skipFetchThreads")
    extra = [] if (skip_threads or roots_only) else posts.thread_extras(result.order)
    if result.extra:
        extra = result.extra
    if since:
        extra = [
            p.root_id
            for p in (posts.find(i) for i in result.order)
            if p and p.root_id and p.root_id not in result.order
        ]
    # observed on 11.2: before/after pages count replies, since and plain pages do not
    reply_counts = skip_threads or roots_only or (not since and bool(q.get("after") or q.get("before")))
    if roots_only and not since:
        body = wire.post_list(
            ctx.store,
            result.order,
            extra,
            result.next_post_id,
            result.prev_post_id,
            reply_counts=reply_counts,
        )
        wire.add_collapsed_thread_fields(
            ctx.store, body, ctx.session.user_id, ctx.query_bool("collapsedThreadsExtended")
        )
        reply = ok(body)
    else:
        reply = raw(
            wire.post_list_json(
                encode,
                ctx.store,
                result.order,
                extra,
                result.next_post_id,
                result.prev_post_id,
                reply_counts=reply_counts,
            ),
            "application/json",
        )
    if not since:
        # sqlstore GetEtag: the latest update_at of any post row of the channel (roots only for collapsed
        # threads), whatever page was asked for; no posts at all gives the current time.
        latest = posts.etag(channel_id, roots_only)
        reply.header("etag", wire.etags.channel_posts(latest if latest is not None else ctx.store.now()))
    return reply


def get_pinned_posts(ctx: Ctx) -> Reply:
    channel_id = ctx.path_id("channel_id")
    channel = ctx.store.channels.get(channel_id)
    perms.require(perms.can_read_channel(ctx.store, ctx.session, channel))
    order = ctx.store.posts.pinned(channel_id)
    etag = wire.etags.post_list(order, [ctx.store.post_by_id[i] for i in order])
    return ok(wire.post_list(ctx.store, order)).header("etag", etag)


def get_posts_around_last_unread(ctx: Ctx) -> Reply:
    """app/post.go GetPostsForChannelAroundLastUnread: the first post after the member's last view (a root
    under collapsedThreads) with its thread, the limit_before posts before it and limit_after - 1 after
    it; none (never viewed, nothing new) gives the channel's first page of limit_before posts instead."""
    user_id, channel_id = ctx.user_id(), ctx.path_id("channel_id")
    perms.require_user(ctx.store, ctx.session, user_id)
    channel = ctx.store.channels.get(channel_id)
    perms.require(perms.can_read_channel(ctx.store, ctx.session, channel))
    limit_before = min(ctx.query_int("limit_before", 60), 200)
    limit_after = min(ctx.query_int("limit_after", 60), 200)
    if limit_after <= 0:
        raise invalid_url_param("limit_after")
    roots_only = ctx.query_bool("collapsedThreads")
    posts = ctx.store.posts
    member = ctx.store.channels.get_member(channel_id, user_id)
    index = (ctx.store.channel_roots if roots_only else ctx.store.channel_posts)[channel_id]
    first_unread = index.newer_than(member.last_viewed_at, 0, 1) if member.last_viewed_at else []
    if not first_unread:
        result = posts.page(channel_id, 0, limit_before, roots_only)
        order, extra = result.order, [] if roots_only else posts.thread_extras(result.order)
        next_id, prev_id = result.next_post_id, result.prev_post_id
    else:
        pivot = ctx.store.post_by_id[first_unread[0]]
        before = posts.before(channel_id, pivot, 0, limit_before, roots_only).order
        after = posts.after(channel_id, pivot, 0, limit_after - 1, roots_only).order
        order = sorted(
            [pivot.id, *before, *after],
            key=lambda i: (ctx.store.post_by_id[i].create_at, i),
            reverse=True,
        )
        if roots_only:  # the pivot's replies come with it (GetPostThread), not with the pages around it
            extra = ctx.store.posts.thread_ids(pivot.id)[1:]
        else:
            extra = posts.thread_extras(order)
            extra += [i for i in posts.thread_ids(pivot.id)[1:] if i not in extra and i not in order]
        first, last = ctx.store.post_by_id[order[0]], ctx.store.post_by_id[order[-1]]
        next_id = index.neighbour_newer(first.create_at, first.id)
        prev_id = index.neighbour_older(last.create_at, last.id)
    # under collapsedThreads the roots get their thread's counts below; the pivot's replies are read bare
    body = wire.post_list(
        ctx.store, order, extra, next_id, prev_id, reply_counts=not roots_only, has_next=False
    )
    if roots_only:
        wire.add_collapsed_thread_fields(
            ctx.store, body, ctx.session.user_id, ctx.query_bool("collapsedThreadsExtended")
        )
    return ok(body)


ROUTES = [
    Route("POST", "/api/v4/posts", create_post),
    Route("GET", "/api/v4/posts/{post_id}", get_post),
    Route("PUT", "/api/v4/posts/{post_id}", update_post),
    Route("DELETE", "/api/v4/posts/{post_id}", delete_post),
    Route("PUT", "/api/v4/posts/{post_id}/patch", patch_post),
    Route("GET", "/api/v4/posts/{post_id}/thread", get_post_thread),
    Route("GET", "/api/v4/channels/{channel_id}/posts", get_posts_for_channel),
    Route("GET", "/api/v4/channels/{channel_id}/pinned", get_pinned_posts, tag="channels"),
    Route("GET", "/api/v4/users/{user_id}/channels/{channel_id}/posts/unread", get_posts_around_last_unread),
    Route("POST", "/api/v4/posts/{post_id}/pin", pin_post),
    Route("POST", "/api/v4/posts/{post_id}/unpin", unpin_post),
    Route("POST", "/api/v4/posts/ids", get_posts_by_ids, operation_id="getPostsByIds"),
]
