"""Moving a channel to another team. Upstream: api4/channel.go moveChannel (after its checks),
app/channel.go RemoveAllDeactivatedMembersFromChannel, RemoveUsersFromChannelNotMemberOfTeam, MoveChannel,
postChannelMoveMessage; sqlstore UpdateSidebarChannelCategoryOnMove. The store sends no channel event of
its own: the members see only the removals (force) and the move message's `posted`."""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING

from mockmost.errors import AppError
from mockmost.events import catalog
from mockmost.store.entities import Channel, Team, User

if TYPE_CHECKING:
    from mockmost.store import Store


def _not_in_team(store: Store, channel: Channel, team: Team) -> list[str]:
    return [uid for uid in store.channels.member_ids(channel.id) if store.teams.member(team.id, uid) is None]


def _remove_not_in_team(store: Store, channel: Channel, team: Team, remover: User) -> None:
    """RemoveUsersFromChannelNotMemberOfTeam: removeUserFromChannel for each (no system message)."""
    for uid in _not_in_team(store, channel, team):
        user = store.users.find(uid)
        if channel.name == "town-square" and not (user is not None and user.has_role("system_guest")):
            raise AppError(
                "api.channel.remove.default.app_error",
                400,
                message=f"Unable to remove user from the default channel {channel.name}.",
            )
        store.channels._remove_member_row(channel, uid)
        store.threads.forget_channel(uid, channel.id)
        store.emit(catalog.user_removed(channel.id, uid, remover.id))


def move_channel(store: Store, channel: Channel, team: Team, actor: User, force: bool) -> Channel:
    """The channel as saved in `team` (the reply), before the move message is posted."""
    with store.write():
        for uid in list(store.channels.member_ids(channel.id)):  # RemoveAllDeactivatedMembers
            user = store.users.find(uid)
            if user is not None and user.delete_at:
                store.channels._remove_member_row(channel, uid)
        if force:
            _remove_not_in_team(store, channel, team, actor)
        if _not_in_team(store, channel, team):
            raise AppError(
                "app.channel.move_channel.members_do_not_match.error",
                500,
                message="Unable to move a channel unless all its members are already members of the "
                "destination team.",
            )
        previous = store.teams.get(channel.team_id)
        for category in store.sidebar_category_by_id.values():  # UpdateSidebarChannelCategoryOnMove
            if channel.id in category.channel_ids:
                category.channel_ids = [c for c in category.channel_ids if c != channel.id]
        if channel.delete_at:  # the store's update skips archived rows
            raise AppError("app.channel.update.bad_id", 400, message="Unable to update the channel.")
        other = store.channel_id_by_name.get((team.id, channel.name))
        if other and other != channel.id:
            raise AppError(
                "store.sql_channel.save_channel.exists.app_error",  # store.ChannelExistsError
                400,
                message="A channel with that name already exists on the same team.",
            )
        store.channel_id_by_name.pop((channel.team_id, channel.name), None)
        channel.team_id = team.id
        store.channel_id_by_name[(team.id, channel.name)] = channel.id
        channel.update_at = store.now()
        saved = copy.copy(channel)
        store.webhooks.follow_channel(channel.id, previous.id, team.id)
        text = f"This channel has been moved to this team from {previous.name}."
        store.posts.create_system(channel, actor, "system_move_channel", text, {"username": actor.username})
    return saved
