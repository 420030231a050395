"""Threads as JSON: ThreadResponse and the Threads list. Upstream: model/thread.go,
sqlstore/thread_store.go (toThreadResponse), app/user.go (participants sanitised as profiles)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mockmost.store.entities import User, UserThread
from mockmost.wire.posts import post as post_json
from mockmost.wire.users import user as user_json

if TYPE_CHECKING:
    from mockmost.store import Store
    from mockmost.store.threads import ThreadTotals


def _bare_participant(u: User) -> dict[str, Any]:
    """A participant that is only an id (model.User{Id}) after SanitizeProfile: blanks, null timezone."""
    return {
        "id": u.id,
        "delete_at": 0,
        "username": "",
        "auth_data": "",
        "auth_service": "",
        "email": "",
        "nickname": "",
        "first_name": "",
        "last_name": "",
        "position": "",
        "roles": "",
        "locale": "",
        "timezone": None,
        "disable_welcome_email": False,
    }


def user_thread(store: Store, t: UserThread) -> dict[str, Any]:
    """The root post is as read from the Posts table: no metadata, reply_count and last_reply_at 0."""
    show = (
        store.settings.get("PrivacySettings.ShowEmailAddress"),
        store.settings.get("PrivacySettings.ShowFullName"),
    )
    if t.extended:
        participants = [user_json(u, "other", *show) for u in t.participants]
    else:
        participants = [_bare_participant(u) for u in t.participants]
    root: dict[str, Any] | None = None
    if t.post is not None:
        root = post_json(t.post, store, reply_count=0, with_metadata=False, read=True)
        root["last_reply_at"] = 0
    return {
        "id": t.id,
        "reply_count": t.reply_count,
        "last_reply_at": t.last_reply_at,
        "last_viewed_at": t.last_viewed_at,
        "participants": participants,
        "post": root,
        "unread_replies": t.unread_replies,
        "unread_mentions": t.unread_mentions,
        "is_urgent": t.is_urgent,
        "delete_at": t.delete_at,
    }


def user_threads(store: Store, totals: ThreadTotals, threads: list[UserThread] | None) -> dict[str, Any]:
    return {
        "total": totals.total,
        "total_unread_threads": totals.total_unread_threads,
        "total_unread_mentions": totals.total_unread_mentions,
        "total_unread_urgent_mentions": totals.total_unread_urgent_mentions,
        "threads": None if threads is None else [user_thread(store, t) for t in threads],
    }


def add_collapsed_thread_fields(store: Store, body: dict[str, Any], user_id: str, extended: bool) -> None:
    """Roots on a collapsedThreads channel page (sqlstore prepareThreadedResponse): the thread's reply_count,
    last_reply_at and participants (bare ids unless extended, then sanitised profiles; null when none),
    and is_following when the user has a membership."""
    for post_id in body.get("order", []):
        old = body["posts"].get(post_id)
        if old is None or old.get("root_id"):
            continue
        add_thread_fields(store, body, post_id, user_id, extended)


def add_thread_fields(store: Store, body: dict[str, Any], post_id: str, user_id: str, extended: bool) -> None:
    """One post of a post list read with its Threads row and the user's ThreadMembership joined
    (prepareThreadedResponse): a post that has no thread row (a reply) gets 0, 0 and null."""
    show = (
        store.settings.get("PrivacySettings.ShowEmailAddress"),
        store.settings.get("PrivacySettings.ShowFullName"),
    )
    old = body["posts"][post_id]
    thread = store.threads.thread(post_id)
    participants: list[dict[str, Any]] | None = None
    if thread is not None and thread.participants:
        participants = []
        for uid in thread.participants:
            user = store.user_by_id.get(uid)
            if extended and user is not None:
                participants.append(user_json(user, "other", *show))
            elif not extended:
                bare = _bare_participant(User(id=uid, username="", email=""))
                del bare["auth_data"]  # an unsanitised model.User{Id}: auth_data is a nil pointer
                participants.append(bare)
    new: dict[str, Any] = {}
    for key, value in old.items():
        if key == "metadata":
            membership = store.threads.membership(user_id, post_id)
            if membership is not None:
                new["is_following"] = membership.following
        new[key] = value
    new["reply_count"] = thread.reply_count if thread is not None else 0
    new["last_reply_at"] = thread.last_reply_at if thread is not None else 0
    new["participants"] = participants
    body["posts"][post_id] = new
