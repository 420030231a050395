"""Marking a channel unread from a post (POST /users/{id}/posts/{id}/set_unread).

Upstream: app/channel.go MarkChannelAsUnreadFromPost and markChannelAsUnreadFromPostCRTUnsupported,
app/post.go countMentionsFromPost, sqlstore/channel_store.go UpdateLastViewedAtPost and CountPostsAfter.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mockmost.errors import AppError
from mockmost.events import catalog
from mockmost.store.entities import Channel, ChannelMember, Post, User
from mockmost.store.posts import JOIN_LEAVE_TYPES
from mockmost.store.threads import mentions_user

if TYPE_CHECKING:
    from mockmost.store import Store


class Unreads:
    def __init__(self, store: Store) -> None:
        self.s = store

    def _posts_after(self, channel: Channel, since: int, excluded_user: str = "") -> tuple[int, int]:
        """CountPostsAfter: live posts after `since`, join/leave messages not counted; (all, roots)."""
        count = roots = 0
        for pid in self.s.channel_posts[channel.id].ids():
            post = self.s.post_by_id[pid]
            if post.create_at <= since or post.type in JOIN_LEAVE_TYPES or post.delete_at:
                continue
            if excluded_user and post.user_id == excluded_user:
                continue
            count += 1
            roots += not post.root_id
        return count, roots

    def _mentions_from(self, user: User, post: Post, channel: Channel) -> tuple[int, int]:
        """countMentionsFromPost: in a DM or GM each later post by another user, else mentions of the user."""
        if channel.type in ("D", "G"):
            return self._posts_after(channel, post.create_at - 1, user.id)
        count = roots = 0
        for pid in self.s.channel_posts[channel.id].ids():
            other = self.s.post_by_id[pid]
            if other.create_at < post.create_at or other.user_id == user.id or other.delete_at:
                continue
            if mentions_user(user, other.message):
                count += 1
                roots += not other.root_id
        return count, roots

    def _apply(
        self,
        channel: Channel,
        member: ChannelMember,
        post: Post,
        mentions: int,
        mentions_root: int,
        set_root: bool,
    ) -> None:
        """UpdateLastViewedAtPost."""
        unread, unread_root = self._posts_after(channel, post.create_at - 1)
        member.mention_count, member.mention_count_root, member.urgent_mention_count = (
            mentions,
            mentions_root,
            0,
        )
        member.msg_count = channel.total_msg_count - unread
        member.msg_count_root = channel.total_msg_count_root - (unread_root if set_root else 0)
        member.last_viewed_at = post.create_at - 1
        member.last_update_at = self.s.now()

    def _follow_from_reply(self, user: User, post: Post, channel: Channel) -> None:
        """The CRT-unsupported reply branch: follow the thread again, unread from the post."""
        root = self.s.posts.get(post.root_id)
        if not self.s.settings.get("ServiceSettings.ThreadAutoFollow"):
            return
        membership = self.s.threads.ensure_membership(user.id, root.id)
        membership.following = True
        membership.last_viewed = post.create_at - 1
        membership.unread_mentions = self.s.threads.count_mentions(user, root, post.create_at - 1)
        thread = self.s.threads.thread(root.id)
        if thread is not None and self.s.threads.crt_enabled(user.id):
            view = self.s.threads.view(membership, extended=True)
            event = catalog.thread_updated(channel.team_id, user.id, view, 0, 0)
            del event.data["previous_unread_mentions"], event.data["previous_unread_replies"]
            self.s.emit(event)

    def mark_from_post(
        self, post_id: str, user_id: str, collapsed_threads_supported: bool
    ) -> tuple[Channel, ChannelMember]:
        post = self.s.posts.get(post_id)
        user = self.s.users.get(user_id)
        channel = self.s.channels.get(post.channel_id)
        member = self.s.channels.member(channel.id, user_id)
        if member is None or channel.delete_at:
            raise AppError(
                "app.channel.update_last_viewed_at_post.app_error",
                500,
                message="Unable to mark channel as unread.",
            )
        crt = collapsed_threads_supported and self.s.threads.crt_enabled(user_id)
        mentions, mentions_root = self._mentions_from(user, post, channel)
        with self.s.write():
            if crt or not post.root_id:
                self._apply(channel, member, post, mentions, mentions_root, True)
            else:
                self._follow_from_reply(user, post, channel)
                self._apply(channel, member, post, mentions, 0, False)
            self.s.emit(
                catalog.post_unread(
                    channel.team_id,
                    channel.id,
                    user_id,
                    {
                        "msg_count": member.msg_count,
                        "msg_count_root": member.msg_count_root,
                        "mention_count": member.mention_count,
                        "mention_count_root": member.mention_count_root,
                        "urgent_mention_count": member.urgent_mention_count,
                        "last_viewed_at": member.last_viewed_at,
                        "post_id": post_id,
                    },
                )
            )
        return channel, member
