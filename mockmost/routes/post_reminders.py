"""Post reminders and acknowledgements. Upstream: server/channels/api4/post.go (setPostReminder,
acknowledgePost, unacknowledgePost), app/post.go SetPostReminder."""

from __future__ import annotations

from mockmost.auth import permissions as perms
from mockmost.errors import AppError, invalid_body_param
from mockmost.http.context import Ctx
from mockmost.http.dispatch import Route
from mockmost.http.replies import Reply, status_ok
from mockmost.operations import ANSWERED


def _user_and_post(ctx: Ctx) -> tuple[str, str]:
    """RequirePostId, RequireUserId, the user, then read_channel_content on the post's channel."""
    post_id, user_id = ctx.path_id("post_id"), ctx.user_id()
    perms.require_user(ctx.store, ctx.session, user_id)
    perms.require(perms.has_channel_by_post(ctx.store, ctx.session, post_id, "read_channel_content"))
    return user_id, post_id


def set_post_reminder(ctx: Ctx) -> Reply:
    """Body {"target_time": seconds}; an unknown post after the checks is the store's 500."""
    user_id, post_id = _user_and_post(ctx)
    body = ctx.json("target_time")
    if body is None and not ctx.body.strip():  # an empty body is EOF; a JSON null decodes to zero values
        raise invalid_body_param("target_time")
    target = (body or {}).get("target_time", 0) if isinstance(body, dict | None) else None
    if not isinstance(target, int) or isinstance(target, bool) or not -(2**63) <= target < 2**63:
        raise invalid_body_param("target_time")  # json.Decode into an int64
    post = ctx.store.posts.find(post_id)
    if post is None:
        raise AppError("<untranslated>", 500, message="<untranslated>")
    user = ctx.store.users.find(user_id)
    ctx.store.reminders.set(
        post,
        user_id,
        target,
        ctx.site_url,
        lambda channel: perms.user_can_read_channel(ctx.store, user, channel),
    )
    return status_ok()


def _no_license(error_id: str) -> AppError:
    """Acknowledgements need a Professional licence (model.MinimumProfessionalLicense); mockmost has none."""
    message = (
        "Feature is not available for the current license" if error_id.startswith("license") else error_id
    )
    return AppError(error_id, 501, message=message)


def save_acknowledgement_for_post(ctx: Ctx) -> Reply:
    raise _no_license("<untranslated>")


def delete_acknowledgement_for_post(ctx: Ctx) -> Reply:
    raise _no_license("license_error.feature_unavailable")


ROUTES = [
    Route("POST", "/api/v4/users/{user_id}/posts/{post_id}/reminder", set_post_reminder),
    Route(
        "POST", "/api/v4/users/{user_id}/posts/{post_id}/ack", save_acknowledgement_for_post, kind=ANSWERED
    ),
    Route(
        "DELETE",
        "/api/v4/users/{user_id}/posts/{post_id}/ack",
        delete_acknowledgement_for_post,
        kind=ANSWERED,
    ),
]
