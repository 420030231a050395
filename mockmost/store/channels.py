"""Channels and channel members, DMs and GMs. Upstream: app/channel.go, model/channel.go."""

from __future__ import annotations

import copy
import hashlib
import re
from typing import TYPE_CHECKING, Any

from mockmost.errors import AppError, invalid_body_param
from mockmost.events import catalog
from mockmost.store.entities import Channel, ChannelMember, Team, User
from mockmost.store.sanitize import sanitize_unicode
from mockmost.store.teams import check_scheme_roles

if TYPE_CHECKING:
    from mockmost.store import Store

_CHANNEL_NAME = re.compile(r"^[a-z0-9]+([a-z\-_0-9]+|(__)?)[a-z0-9]*$")
_DM_NAME = re.compile(r"^[a-z0-9]{26}__[a-z0-9]{26}$")
_GM_NAME = re.compile(r"^[a-f0-9]{40}$")
DEFAULT_CHANNELS = (("town-square", "Town Square"), ("off-topic", "Off-Topic"))
_DM_GM_FIXED = (
    "You are not allowed to update the name, display_name, and purpose of direct or group messages."
)
# model/role.go MakeDefaultRoles: the built-in roles that schemes manage, and those that are not.
SCHEME_MANAGED_ROLES = frozenset(
    {
        "system_user",
        "system_admin",
        "system_guest",
        "team_user",
        "team_admin",
        "team_guest",
        "channel_user",
        "channel_admin",
        "channel_guest",
        "playbook_admin",
        "playbook_member",
        "run_admin",
        "run_member",
    }
)
EXPLICIT_ROLES = frozenset(
    {
        "system_user_access_token",
        "system_post_all",
        "system_post_all_public",
        "team_post_all",
        "team_post_all_public",
        "system_user_manager",
        "system_read_only_admin",
        "system_manager",
        "system_custom_group_admin",
    }
)


_INVALID = {
    "display_name": "Invalid display name.",
    "1_or_more": "Name must be 1 or more lowercase alphanumeric character.",
    "name": "Channel names can't be in a hexadecimal format. Please enter a different channel name.",
    "type": "Invalid type.",
    "header": "Invalid header.",
    "purpose": "Invalid purpose.",
}


def validate_channel(channel: Channel) -> None:
    """model/channel.go IsValid."""

    def bad(field: str) -> AppError:
        return AppError(
            f"model.channel.is_valid.{field}.app_error",
            400,
            message=_INVALID[field],
            detailed_error=f"id={channel.id}",
        )

    if len(channel.display_name) > 64:
        raise bad("display_name")
    if not channel.name or not _CHANNEL_NAME.match(channel.name):
        raise bad("1_or_more")
    if channel.type in ("O", "P") and (_DM_NAME.match(channel.name) or _GM_NAME.match(channel.name)):
        raise bad("name")
    if len(channel.name) > 64:
        raise bad("name")
    if channel.type not in ("O", "P", "D", "G"):
        raise bad("type")
    if len(channel.header) > 1024:
        raise bad("header")
    if len(channel.purpose) > 250:
        raise bad("purpose")


def group_name(user_ids: list[str]) -> str:
    """model.GetGroupNameFromUserIds: SHA-1 hex of the sorted ids concatenated."""
    return hashlib.sha1("".join(sorted(user_ids)).encode()).hexdigest()


def direct_name(a: str, b: str) -> str:
    return f"{a}__{b}" if a < b else f"{b}__{a}"


class Channels:
    def __init__(self, store: Store) -> None:
        self.s = store

    # ---- reads -------------------------------------------------------------------------------
    def find(self, channel_id: str) -> Channel | None:
        return self.s.channel_by_id.get(channel_id)

    def get(self, channel_id: str) -> Channel:
        channel = self.s.channel_by_id.get(channel_id)
        if channel is None:
            raise AppError(
                "app.channel.get.existing.app_error",
                404,
                message=f"Unable to find the existing channel {channel_id}.",
            )
        return channel

    def find_by_name(self, team_id: str, name: str) -> Channel | None:
        cid = self.s.channel_id_by_name.get((team_id, name))
        return self.s.channel_by_id.get(cid) if cid else None

    def get_by_name(self, team_id: str, name: str, include_deleted: bool = False) -> Channel:
        channel = self.find_by_name(team_id, name)
        if channel is None or (channel.delete_at and not include_deleted):
            raise channel_by_name_missing()
        return channel

    def member(self, channel_id: str, user_id: str) -> ChannelMember | None:
        return self.s.channel_members.get(channel_id, {}).get(user_id)

    def get_member(self, channel_id: str, user_id: str) -> ChannelMember:
        member = self.member(channel_id, user_id)
        if member is None:
            raise AppError(
                "app.channel.get_member.missing.app_error",
                404,
                message="No channel member found for that user ID and channel ID.",
            )
        return member

    def members(self, channel_id: str) -> list[ChannelMember]:
        return list(self.s.channel_members.get(channel_id, {}).values())

    def member_ids(self, channel_id: str) -> set[str]:
        return set(self.s.channel_members.get(channel_id, {}))

    def members_minus_groups(
        self, channel_id: str, page: int, per_page: int
    ) -> tuple[list[tuple[User, ChannelMember]], int]:
        """sqlstore ChannelMembersMinusGroupMembers: the active, non-bot members of a live channel by
        username, a page of them and their count. No one is taken out: group members exist only with a
        licence."""
        channel = self.s.channel_by_id.get(channel_id)
        if channel is None or channel.delete_at:
            return [], 0
        rows = []
        for member in self.s.channel_members.get(channel_id, {}).values():
            user = self.s.users.find(member.user_id)
            if user is not None and not user.delete_at and not user.is_bot:
                rows.append((user, member))
        rows.sort(key=lambda row: row[0].username)
        return rows[page * per_page : (page + 1) * per_page], len(rows)

    def for_user(
        self, user_id: str, team_id: str | None = None, include_deleted: bool = False
    ) -> list[Channel]:
        """Channels the user belongs to; with a team, that team's channels plus the user's DMs and GMs."""
        out = []
        for cid in self.s.channels_of_user.get(user_id, ()):
            channel = self.s.channel_by_id[cid]
            if team_id is not None and channel.team_id not in (team_id, ""):
                continue
            if channel.delete_at and not include_deleted:
                continue
            out.append(channel)
        return out

    def searchable(self, user_id: str, team_id: str, include_deleted: bool) -> set[str]:
        """The user's channels a search covers: all of them, or one team's plus DMs and GMs; archived ones
        only when asked (sqlstore post and file search)."""
        out = set()
        for cid in self.s.channels_of_user.get(user_id, ()):
            channel = self.s.channel_by_id.get(cid)
            if channel is None or (channel.delete_at and not include_deleted):
                continue
            if team_id and channel.team_id not in (team_id, ""):
                continue
            out.add(cid)
        return out

    def team_channels(
        self, team_id: str, types: tuple[str, ...] = ("O",), include_deleted: bool = False
    ) -> list[Channel]:
        return [
            c
            for c in self.s.channel_by_id.values()
            if c.team_id == team_id and c.type in types and (include_deleted or not c.delete_at)
        ]

    # ---- creation ----------------------------------------------------------------------------
    def _insert(self, channel: Channel) -> None:
        self.s.channel_by_id[channel.id] = channel
        self.s.channel_id_by_name[(channel.team_id, channel.name)] = channel.id
        self.s.channel_members[channel.id] = {}
        self.s.posts.index_channel(channel.id)

    def _add_member_row(self, channel: Channel, user: User, as_admin: bool = False) -> ChannelMember:
        member = ChannelMember(
            channel_id=channel.id, user_id=user.id, scheme_admin=as_admin, last_update_at=self.s.now()
        )
        self.s.channel_members[channel.id][user.id] = member
        self.s.channels_of_user.setdefault(user.id, set()).add(channel.id)
        return member

    def build(
        self,
        fields: dict[str, Any],
        team_id: str,
        channel_type: str,
        creator_id: str,
        channel_id: str | None = None,
    ) -> Channel:
        for name in ("name", "display_name", "header", "purpose"):
            if fields.get(name) is not None and not isinstance(fields[name], str):
                raise invalid_body_param("channel")
        if fields.get("props") is not None and not isinstance(fields["props"], dict):
            raise invalid_body_param("channel")
        now = self.s.now()
        channel = Channel(
            id=channel_id or self.s.new_id(),
            team_id=team_id,
            type=channel_type,
            name=sanitize_unicode(fields.get("name") or ""),
            display_name=sanitize_unicode((fields.get("display_name") or "").strip()),
            create_at=now,
            update_at=now,
            header=fields.get("header") or "",
            purpose=fields.get("purpose") or "",
            creator_id=creator_id,
        )
        if isinstance(fields.get("props"), dict):
            channel.props = dict(fields["props"])
        validate_channel(channel)
        return channel

    def create(
        self, team: Team, creator: User | None, fields: dict[str, Any], channel_id: str | None = None
    ) -> Channel:
        """app/channel.go CreateChannelWithUser: O/P channel; creator joins as channel admin."""
        return self.create_as_saved(team, creator, fields, channel_id)[0]

    def create_as_saved(
        self, team: Team, creator: User | None, fields: dict[str, Any], channel_id: str | None = None
    ) -> tuple[Channel, Channel]:
        """The channel, and a copy of it as first saved: what the API answers, before the creator's join
        post moved last_post_at (CreateChannelWithUser returns the channel it saved)."""
        channel_type = fields.get("type") or "O"
        if channel_type in ("D", "G"):
            raise AppError(
                "api.channel.create_channel.direct_channel.app_error",
                400,
                message="Must use createDirectChannel API service for direct message channel creation.",
            )
        channel = self.build(fields, team.id, channel_type, creator.id if creator else "", channel_id)
        with self.s.write():
            if (team.id, channel.name) in self.s.channel_id_by_name:
                raise AppError(
                    "store.sql_channel.save_channel.exists.app_error",
                    400,
                    message="A channel with that name already exists on the same team.",
                )
            if len(self.team_channels(team.id, ("O", "P"), True)) >= self.s.settings.get(
                "TeamSettings.MaxChannelsPerTeam"
            ):
                raise AppError("api.channel.create_channel.max_channel_limit.app_error", 400)
            self._insert(channel)
            saved = copy.copy(channel)
            if creator is not None:
                self._add_member_row(channel, creator, as_admin=True)
                self.s.posts.create_system(
                    channel,
                    creator,
                    "system_join_channel",
                    f"{creator.username} joined the channel.",
                    {"username": creator.username},
                )
                self.s.emit(catalog.channel_created(channel, creator.id))
        return channel, saved

    def create_default_channels(self, team: Team) -> None:
        for name, display in DEFAULT_CHANNELS:
            self._insert(self.build({"name": name, "display_name": display}, team.id, "O", ""))

    def join_default_channels(self, team: Team, user: User, *, as_admin: bool, adder: User | None) -> None:
        """app/channel.go JoinDefaultChannels: per open default channel, the member row, the system post, then
        `user_added`. The joining user's connections are not told (the caller refreshes their cached channel
        memberships after): every event of the loop carries `quiet_joins`."""
        mark, joined = self.s.pending_mark(), set()
        for name, _ in DEFAULT_CHANNELS:
            channel = self.find_by_name(team.id, name)
            if (
                channel is None
                or channel.delete_at
                or channel.type != "O"
                or self.member(channel.id, user.id)
            ):
                continue
            self._add_member_row(channel, user, as_admin=as_admin)
            joined.add(channel.id)
            if self._default_join_leave_posts():
                self._default_join_post(channel, user, adder)
            self.s.emit(catalog.user_added(channel, user.id, omit_added=False))
        quiet = (user.id, frozenset(joined))
        for event in self.s.pending_since(mark):
            event.quiet_joins = quiet

    def _default_join_post(self, channel: Channel, user: User, adder: User | None) -> None:
        """postJoinMessageForDefaultChannel."""
        if adder is not None and adder.id != user.id:
            town_square = channel.name == "town-square"
            self.s.posts.create_system(
                channel,
                adder,
                "system_add_to_team" if town_square else "system_add_to_channel",
                f"{user.username} added to the {'team' if town_square else 'channel'} by {adder.username}.",
                {
                    "userId": adder.id,
                    "username": adder.username,
                    "addedUserId": user.id,
                    "addedUsername": user.username,
                },
            )
        elif channel.name == "town-square":
            self.s.posts.create_system(
                channel,
                user,
                "system_join_team",
                f"{user.username} joined the team.",
                {"username": user.username},
            )
        else:
            self.s.posts.create_system(
                channel,
                user,
                "system_join_channel",
                f"{user.username} joined the channel.",
                {"username": user.username},
            )

    def _default_join_leave_posts(self) -> bool:
        """ServiceSettings.ExperimentalEnableDefaultChannelLeaveJoinMessages gates the default channels'
        posts."""
        return bool(self.s.settings.get("ServiceSettings.ExperimentalEnableDefaultChannelLeaveJoinMessages"))

    def leave_team_channels(self, team: Team, user: User, remover: User) -> None:
        for channel in self.for_user(user.id, team.id, include_deleted=True):
            if channel.team_id != team.id:
                continue
            self._remove_member_row(channel, user.id)
        town = self.find_by_name(team.id, "town-square")
        if town is not None and self._default_join_leave_posts():
            if remover.id == user.id:
                self.s.posts.create_system(
                    town,
                    user,
                    "system_leave_team",
                    f"{user.username} left the team.",
                    {"username": user.username},
                )
            else:
                # The post is the removed user's (app/team.go postRemoveFromTeamMessage).
                self.s.posts.create_system(
                    town,
                    user,
                    "system_remove_from_team",
                    f"{user.username} removed from the team.",
                    {"username": user.username},
                )

    def get_or_create_direct(self, a: User, b: User, creator_id: str) -> Channel:
        name = direct_name(a.id, b.id)
        with self.s.write():
            existing = self.find_by_name("", name)
            if existing is not None:
                return existing
            now = self.s.now()
            channel = Channel(
                id=self.s.new_id(),
                team_id="",
                type="D",
                name=name,
                display_name="",
                create_at=now,
                update_at=now,
                creator_id=creator_id,
                shared=False,
            )
            self._insert(channel)
            self._add_member_row(channel, a)
            if b.id != a.id:
                self._add_member_row(channel, b)
            teammate = b.id if creator_id == a.id else a.id
            self.s.emit(catalog.direct_added(channel, creator_id, teammate))
        return channel

    def get_or_create_group(self, users: list[User], creator_id: str) -> Channel:
        ids = sorted({u.id for u in users})
        name = group_name(ids)
        with self.s.write():
            existing = self.find_by_name("", name)
            if existing is not None:
                return existing
            display = ", ".join(sorted(u.username for u in users))
            display = display.encode()[:64].decode(errors="ignore")
            now = self.s.now()
            channel = Channel(
                id=self.s.new_id(),
                team_id="",
                type="G",
                name=name,
                display_name=display,
                create_at=now,
                update_at=now,
                creator_id="",
                shared=False,
            )  # observed on 11.2
            self._insert(channel)
            for user in users:
                if not self.member(channel.id, user.id):
                    self._add_member_row(channel, user)
            self.s.emit(catalog.group_added(channel, ids))
        return channel

    # ---- membership --------------------------------------------------------------------------
    def add_member(self, channel: Channel, user: User, adder: User) -> ChannelMember:
        """app/channel.go AddChannelMember: join (self) or add (by someone), with the system post."""
        if channel.type in ("D", "G"):
            raise AppError(
                "api.channel.add_user_to_channel.type.app_error",
                400,
                message="Can not add user to this channel type.",
            )
        if channel.delete_at:
            raise AppError(
                "api.channel.add_user.to.channel.failed.deleted.app_error",
                400,
                message="Failed to add user to channel because channel has been archived.",
            )
        with self.s.write():
            existing = self.member(channel.id, user.id)
            if existing is not None:
                return existing
            if user.delete_at:
                raise AppError(
                    "app.channel.add_member.deleted_user.app_error",
                    403,
                    message="Unable to add the user as a member of the channel.",
                )
            if self.s.teams.member(channel.team_id, user.id) is None:
                raise AppError(
                    "app.team.get_member.missing.app_error",
                    404,
                    message="No team member found for that user ID and team ID.",
                )
            member = self._add_member_row(channel, user)
            saved = copy.copy(
                member
            )  # app/channel.go AddChannelMember answers the row before the system post
            self.s.emit(catalog.user_added(channel, user.id, omit_added=True))
            if adder.id == user.id:
                self.s.posts.create_system(
                    channel,
                    user,
                    "system_join_channel",
                    f"{user.username} joined the channel.",
                    {"username": user.username},
                )
            else:
                self.s.posts.create_system(
                    channel,
                    adder,
                    "system_add_to_channel",
                    f"{user.username} added to the channel by {adder.username}.",
                    {
                        "userId": adder.id,
                        "username": adder.username,
                        "addedUserId": user.id,
                        "addedUsername": user.username,
                    },
                )
        return saved

    def _remove_member_row(self, channel: Channel, user_id: str) -> None:
        self.s.channel_members.get(channel.id, {}).pop(user_id, None)
        self.s.channels_of_user.get(user_id, set()).discard(channel.id)

    def remove_member(self, channel: Channel, user: User, remover: User) -> None:
        if channel.type in ("D", "G"):
            raise AppError(
                "api.channel.remove_channel_member.type.app_error",
                400,
                message="Unable to remove user from a channel.",
            )
        if channel.name == "town-square" and not user.has_role("system_guest"):
            raise AppError(
                "api.channel.remove.default.app_error",
                400,
                message=f"Unable to remove user from the default channel {channel.name}.",
            )
        with self.s.write():
            if self.member(channel.id, user.id) is None:
                raise AppError(
                    "app.channel.get_member.missing.app_error",
                    404,
                    message="No channel member found for that user ID and channel ID.",
                )
            self._remove_member_row(channel, user.id)
            self.s.threads.forget_channel(user.id, channel.id)
            self.s.emit(catalog.user_removed(channel.id, user.id, remover.id))
            if remover.id == user.id:
                self.s.posts.create_system(
                    channel,
                    user,
                    "system_leave_channel",
                    f"@{user.username} left the channel.",
                    {"username": user.username},
                )
            else:
                self.s.posts.create_system(
                    channel,
                    remover,
                    "system_remove_from_channel",
                    f"@{user.username} removed from the channel.",
                    {"removedUserId": user.id, "removedUsername": user.username},
                )

    def view(
        self, user_id: str, channel_ids: list[str], collapsed_threads_supported: bool = False
    ) -> dict[str, int]:
        """app/channel.go MarkChannelsAsViewed: the answer has every given channel the user is in
        (max of last_post_at and last_viewed_at); only channels with unread messages or mentions change.
        Without CRT support from the client, their threads are marked read too (thread_read_changed)."""
        times: dict[str, int] = {}
        to_view = []
        with self.s.write():
            for cid in channel_ids:
                channel = self.s.channel_by_id.get(cid)
                member = self.member(cid, user_id)
                if channel is None or member is None:
                    continue
                times[cid] = max(channel.last_post_at, member.last_viewed_at)
                if channel.total_msg_count - member.msg_count > 0 or member.mention_count > 0:
                    to_view.append((channel, member))
            if not to_view:
                return times
            now = self.s.now()
            update_threads = bool(self.s.settings.get("ServiceSettings.ThreadAutoFollow")) and (
                not collapsed_threads_supported or not self.s.threads.crt_enabled(user_id)
            )
            if update_threads:
                self.s.threads.mark_read_in_channels(user_id, {c.id for c, _ in to_view}, now)
            for channel, member in to_view:
                member.msg_count = max(member.msg_count, channel.total_msg_count)
                member.msg_count_root = max(member.msg_count_root, channel.total_msg_count_root)
                member.mention_count = member.mention_count_root = member.urgent_mention_count = 0
                # sqlstore UpdateLastViewedAt: both become greatest(last_viewed_at, last_post_at)
                member.last_viewed_at = member.last_update_at = max(
                    member.last_viewed_at, channel.last_post_at
                )
            if self.s.settings.get("ServiceSettings.EnableChannelViewedMessages"):
                self.s.emit(catalog.multiple_channels_viewed(user_id, times))
            if update_threads and self.s.threads.crt_enabled(user_id):
                for channel, _ in to_view:
                    self.s.emit(catalog.thread_read_changed_in_channel(channel.id, user_id, now))
        return times

    # ---- updates -----------------------------------------------------------------------------
    def patch(
        self,
        channel: Channel,
        actor: User,
        patch: dict[str, Any],
        *,
        full: bool = False,
        display_name_message: str | None = None,
    ) -> Channel:
        """PUT /channels/{id}/patch (system posts for header/purpose/display name) and PUT /channels/{id}
        (full: only the display-name post, written when `display_name_message` differs from the old name)."""
        if channel.type in ("D", "G") and any(
            patch.get(k) is not None and patch[k] != getattr(channel, k)
            for k in ("name", "display_name", "purpose")
        ):
            raise AppError(
                "api.channel.patch_update_channel.update_direct_or_group_messages_not_allowed.app_error",
                400,
                message=_DM_GM_FIXED,
            )
        draft = copy.copy(channel)
        for name in ("name", "display_name", "header", "purpose"):
            value = patch.get(name)
            if value is None:
                continue
            if not isinstance(value, str):
                raise invalid_body_param("channel")
            if name in ("name", "display_name"):  # Channel.PreUpdate
                value = sanitize_unicode(value.strip() if name == "display_name" else value)
            setattr(draft, name, value)
        if channel.name == "town-square" and draft.name != channel.name:
            raise AppError(
                "api.channel.update_channel.tried.app_error",
                400,
                message=f"Tried to perform an invalid update of the default channel {channel.name}.",
            )
        validate_channel(draft)
        with self.s.write():
            if channel.delete_at:  # the store's update skips archived rows (sqlstore channel_store.go Update)
                raise AppError("app.channel.update.bad_id", 400, message="Unable to update the channel.")
            other = self.s.channel_id_by_name.get((channel.team_id, draft.name))
            if other and other != channel.id:
                raise AppError(
                    "store.sql_channel.update.exists.app_error",
                    400,
                    message="A channel with that handle already exists.",
                )
            old = copy.copy(channel)
            self.s.channel_id_by_name.pop((channel.team_id, channel.name), None)
            for name in ("name", "display_name", "header", "purpose"):
                setattr(channel, name, getattr(draft, name))
            self.s.channel_id_by_name[(channel.team_id, channel.name)] = channel.id
            channel.update_at = self.s.now()
            # app/channel.go: the channel is sent (channel_updated and the reply) as saved, before the
            # system messages about the change are posted.
            saved = copy.copy(channel)
            self.s.emit(catalog.channel_updated(saved))
            if full:
                self._full_update_post(channel, old, actor, display_name_message)
            else:
                self._change_posts(channel, old, actor)
        return saved

    def _full_update_post(self, channel: Channel, old: Channel, actor: User, announced: str | None) -> None:
        new_name = channel.display_name if announced is None else announced
        if old.display_name != new_name:
            u = actor.username
            self.s.posts.create_system(
                channel,
                actor,
                "system_displayname_change",
                f"{u} updated the channel display name from: {old.display_name} to: {new_name}",
                {"username": u, "old_displayname": old.display_name, "new_displayname": new_name},
            )

    def _change_posts(self, channel: Channel, old: Channel, actor: User) -> None:
        u = actor.username
        self._full_update_post(channel, old, actor, None)
        for field, label in (("header", "header"), ("purpose", "purpose")):
            before, after = getattr(old, field), getattr(channel, field)
            if before == after:
                continue
            if not before:
                text = f"{u} updated the channel {label} to: {after}"
            elif not after:
                text = f"{u} removed the channel {label} (was: {before})"
            else:
                text = f"{u} updated the channel {label} from: {before} to: {after}"
            self.s.posts.create_system(
                channel,
                actor,
                f"system_{field}_change",
                text,
                {"username": u, f"old_{field}": before, f"new_{field}": after},
            )

    def archive(self, channel: Channel, actor: User) -> None:
        if channel.name == "town-square":
            raise AppError(
                "api.channel.delete_channel.cannot.app_error",
                400,
                message=f"Unable to delete the default channel {channel.name}.",
            )
        if channel.type in ("D", "G"):
            raise AppError(
                "api.channel.delete_channel.type.invalid",
                400,
                message="Unable to delete direct or group message channels",
            )
        if channel.delete_at:
            raise AppError(
                "api.channel.delete_channel.deleted.app_error",
                400,
                message="The channel has been archived or deleted.",
            )
        with self.s.write():
            self.s.posts.create_system(
                channel,
                actor,
                "system_channel_deleted",
                f"{actor.username} archived the channel.",
                {"username": actor.username},
            )
            now = self.s.now()
            channel.delete_at = channel.update_at = now
            self.s.emit(catalog.channel_deleted(channel))

    def restore(self, channel: Channel, actor: User) -> Channel:
        """app/channel.go RestoreChannel: the reply is the channel as read before (its update_at the archive
        time), delete_at cleared; then channel_restored and the "unarchived" system message."""
        if not channel.delete_at:
            raise AppError(
                "api.channel.restore_channel.restored.app_error",
                400,
                message="Unable to unarchive channel. The channel is not archived.",
            )
        with self.s.write():
            before = copy.copy(channel)
            before.delete_at = 0
            channel.delete_at = 0
            channel.update_at = self.s.now()
            self.s.emit(catalog.channel_restored(channel))
            self.s.posts.create_system(
                channel,
                actor,
                "system_channel_restored",
                f"{actor.username} unarchived the channel.",
                {"username": actor.username},
            )
        return before

    def set_privacy(self, channel: Channel, privacy: str, actor: User) -> Channel:
        """app/channel.go UpdateChannelPrivacy: channel_converted, channel_updated, then the system message;
        the reply is the channel as saved, before that message."""
        if privacy not in ("O", "P"):
            raise AppError("api.channel.update_channel_privacy.invalid_privacy", 400)
        if channel.name == "town-square" and privacy == "P":
            raise AppError("api.channel.convert_channel_to_private.default_channel_error", 400)
        with self.s.write():
            if channel.delete_at:
                raise AppError("app.channel.update.bad_id", 400, message="Unable to update the channel.")
            channel.type = privacy
            channel.update_at = self.s.now()
            saved = copy.copy(channel)
            self.s.emit(catalog.channel_converted(saved), catalog.channel_updated(saved))
            text = (
                "This channel has been converted to a Private Channel."
                if privacy == "P"
                else "This channel has been converted to a Public Channel and can be joined by any team "
                "member."
            )
            self.s.posts.create_system(
                channel, actor, "system_change_chan_privacy", text, {"username": actor.username}
            )
        return saved

    def update_member_notify_props(self, member: ChannelMember, props: dict[str, Any]) -> ChannelMember:
        with self.s.write():
            member.notify_props.update({str(k): str(v) for k, v in props.items()})
            member.last_update_at = self.s.now()
            self.s.emit(catalog.channel_member_updated(member))
        return member

    def set_member_scheme_roles(
        self, member: ChannelMember, guest: bool, user: bool, admin: bool
    ) -> ChannelMember:
        """app/channel.go UpdateChannelMemberSchemeRoles: guests cannot be changed, nobody becomes a guest
        this way, the user role cannot be unset; then channel_member_updated."""
        check_scheme_roles("channel", member.scheme_guest, guest, user)
        with self.s.write():
            member.scheme_user, member.scheme_admin, member.scheme_guest = user, admin, guest
            member.last_update_at = self.s.now()
            self.s.emit(catalog.channel_member_updated(member))
        return member

    def update_member_roles(self, member: ChannelMember, roles: str) -> ChannelMember:
        """app/channel.go UpdateChannelMemberRoles: channel scheme roles set the scheme flags, other
        scheme-managed roles are refused, roles outside schemes become explicit roles."""
        guest = user = admin = False
        explicit = []
        for name in roles.split():
            if name == "channel_guest":
                guest = True
            elif name == "channel_user":
                user = True
            elif name == "channel_admin":
                admin = True
            elif name in SCHEME_MANAGED_ROLES:
                raise AppError(
                    "api.channel.update_channel_member_roles.scheme_role.app_error",
                    400,
                    message="The provided role is managed by a Scheme and therefore cannot be applied "
                    "directly to a Channel Member.",
                )
            elif name in EXPLICIT_ROLES:
                explicit.append(name)
            else:
                raise AppError("app.role.get_by_name.app_error", 400, message="Unable to get role.")
        if user and guest:
            raise AppError(
                "api.channel.update_channel_member_roles.guest_and_user.app_error",
                400,
                message="Invalid channel member update: A user must be a guest or a user but not both.",
            )
        if guest != member.scheme_guest:
            raise AppError(
                "api.channel.update_channel_member_roles.changing_guest_role.app_error",
                400,
                message="Invalid channel member update: You can't add or remove the guest role manually.",
            )
        with self.s.write():
            member.scheme_user, member.scheme_admin, member.scheme_guest = user, admin, guest
            member.explicit_roles = " ".join(explicit)
            member.last_update_at = self.s.now()
            self.s.emit(catalog.channel_member_updated(member))
        return member

    def purge_user(self, user_id: str) -> None:
        """Permanent deletion: memberships go; channel counters stay."""
        for channel_id in list(self.s.channels_of_user.pop(user_id, ())):
            self.s.channel_members.get(channel_id, {}).pop(user_id, None)


def channel_by_name_missing() -> AppError:
    """app.GetChannelByName's not-found; api4 getChannelByName answers it too for a private channel the
    caller may not read, so that its existence does not leak."""
    return AppError("app.channel.get_by_name.missing.app_error", 404, message="Channel does not exist.")
