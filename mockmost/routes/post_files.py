"""Posts (tag `posts`): the FileInfos attached to a post. Upstream: server/channels/api4/post.go
getFileInfosForPost, server/channels/app/file.go GetFileInfosForPostWithMigration."""

from __future__ import annotations

from mockmost import wire
from mockmost.auth import permissions as perms
from mockmost.http.context import Ctx
from mockmost.http.dispatch import Route
from mockmost.http.replies import Reply, ok


def _require_read_by_post(ctx: Ctx, post_id: str) -> None:
    """SessionHasPermissionToChannelByPost(read_channel_content): an unknown post falls back to system
    roles."""
    post = ctx.store.posts.find(post_id)
    channel = ctx.store.channels.find(post.channel_id) if post is not None else None
    if channel is None:
        perms.require_system(ctx.store, ctx.session, "read_channel_content")
        return
    perms.require_channel(ctx.store, ctx.session, channel, "read_channel_content")


def get_file_infos_for_post(ctx: Ctx) -> Reply:
    post_id = ctx.path_id("post_id")
    _require_read_by_post(ctx, post_id)
    include_deleted = ctx.query.get("include_deleted", "") in ("1", "t", "T", "TRUE", "true", "True")
    if include_deleted:
        perms.require_system(ctx.store, ctx.session, "manage_system")
    infos = ctx.store.files.for_post(post_id, include_deleted=include_deleted)
    if not infos:
        # GetFileInfosForPostWithMigration: no files, so the post is read (GetSingle, deleted ones only with
        # include_deleted): a deleted post's files are a 404 unless include_deleted
        ctx.store.posts.get(post_id, include_deleted=include_deleted)
    etag = wire.etags.file_infos(infos)
    if ctx.headers.get("if-none-match") == etag:
        return Reply(304, b"").header("etag", etag)
    return ok([wire.file_info(i) for i in infos]).header("etag", etag)


ROUTES = [
    Route("GET", "/api/v4/posts/{post_id}/files/info", get_file_infos_for_post),
]
