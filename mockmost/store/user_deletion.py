"""Permanent deletion of a user and everything the real server deletes with them.
Upstream: server/channels/app/user.go PermanentDeleteUser (deactivate first, then sessions, access tokens,
incoming and outgoing webhooks, slash commands, preferences, channel memberships, posts, reactions, bot row,
file infos, the user row, team memberships; no further events)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mockmost.store.entities import User

if TYPE_CHECKING:
    from mockmost.store import Store


def permanently_delete(store: Store, user: User) -> None:
    with store.write():
        store.users.set_active(user, False)
        uid = user.id
        store.sessions.revoke_all_for_user(uid)
        for token_id in [t.id for t in store.token_by_id.values() if t.user_id == uid]:
            token = store.token_by_id.pop(token_id)
            store.token_id_by_value.pop(token.token, None)
        hooks = store.webhooks
        for hook_id in [h.id for h in hooks.incoming.values() if h.user_id == uid]:
            del hooks.incoming[hook_id]
        for hook_id in [h.id for h in hooks.outgoing.values() if h.creator_id == uid]:
            del hooks.outgoing[hook_id]
        for command_id in [c.id for c in store.commands.by_id.values() if c.creator_id == uid]:
            del store.commands.by_id[command_id]
        for key in [k for k in store.preference_rows if k[0] == uid]:
            del store.preference_rows[key]
        for channel_id in list(store.channels_of_user.pop(uid, ())):
            store.channel_members.get(channel_id, {}).pop(uid, None)
        _delete_posts(store, uid)
        for rows in store.reactions_of_post.values():
            for key in [k for k in rows if k[0] == uid]:
                del rows[key]
        store.bot_by_user_id.pop(uid, None)
        for file_id in [f.id for f in store.file_by_id.values() if f.user_id == uid]:
            del store.file_by_id[file_id]
        del store.user_by_id[uid]
        store.user_id_by_username.pop(user.username, None)
        store.user_id_by_email.pop(user.email.lower(), None)
        store.user_id_by_email.pop(user.email, None)
        for team_id in store.teams_of_user.pop(uid, set()):
            store.team_members.get(team_id, {}).pop(uid, None)
        for key in [k for k in store.sidebar_order if k[0] == uid]:
            for category_id in store.sidebar_order.pop(key):
                store.sidebar_category_by_id.pop(category_id, None)


def _delete_posts(store: Store, user_id: str) -> None:
    """sqlstore PermanentDeleteByUser: the rows go; channel counters stay as they were."""
    doomed = [p for p in store.post_by_id.values() if p.user_id == user_id]
    gone = {p.id for p in doomed}
    for post in doomed:
        del store.post_by_id[post.id]
        store.post_search.indexed(post)
        if not post.delete_at:
            store.channel_posts[post.channel_id].remove(post.create_at, post.id)
            if not post.root_id:
                store.channel_roots[post.channel_id].remove(post.create_at, post.id)
        store.thread_by_root.pop(post.id, None)
        store.thread_members.pop(post.id, None)
        store.reactions_of_post.pop(post.id, None)
    for channel_id in {p.channel_id for p in doomed}:
        ids = store.channel_all_post_ids.get(channel_id)
        if ids is not None:
            ids[:] = [i for i in ids if i not in gone]
    for root_id, replies in store.replies_of_root.items():
        if any(r in gone for r in replies):
            replies[:] = [r for r in replies if r not in gone]
