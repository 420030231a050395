"""Permanent deletion of a user and everything the real server deletes with them; each area removes its
own rows. Upstream: server/channels/app/user.go PermanentDeleteUser (deactivate first, then sessions, access
tokens, incoming and outgoing webhooks, slash commands, preferences, channel memberships, posts, reactions,
bot row, file infos, the user row, team memberships; no further events)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mockmost.store.entities import User

if TYPE_CHECKING:
    from mockmost.store import Store


def permanently_delete(store: Store, user: User) -> None:
    with store.write():
        store.users.set_active(user, False)
        uid = user.id
        store.sessions.purge_user(uid)
        store.oauth_apps.purge_user(uid)
        store.webhooks.purge_user(uid)
        store.commands.purge_user(uid)
        store.preferences.purge_user(uid)
        store.channels.purge_user(uid)
        store.posts.purge_user(uid)
        store.reactions.purge_user(uid)
        store.drafts.purge_user(uid)
        store.bots.purge_user(uid)
        store.files.purge_user(uid)
        store.users.purge(user)
        store.teams.purge_user(uid)
        store.sidebar.purge_user(uid)
        store.audits.purge_user(uid)
