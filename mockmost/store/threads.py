"""Collapsed reply threads as each user follows them: lists, totals, follow, read state, events.

Upstream: app/user.go (GetThreadsForUser, UpdateThreadFollowForUser, UpdateThreadReadForUser...),
sqlstore/thread_store.go, app/post.go countThreadMentions, app/notification.go (thread_updated).
A thread exists (a Threads row) once its root has had a reply; memberships live in
store.thread_members[root_id][user_id].
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from mockmost.errors import AppError
from mockmost.events import catalog
from mockmost.store.entities import Channel, Post, Thread, ThreadMembership, User, UserThread

if TYPE_CHECKING:
    from mockmost.store import Store

DEFAULT_PAGE_SIZE = 30


@dataclass(slots=True)
class ThreadQuery:
    """model.GetUserThreadsOpts."""

    page_size: int = 0
    extended: bool = False
    deleted: bool = False
    since: int = 0
    before: str = ""
    after: str = ""
    unread: bool = False
    totals_only: bool = False
    threads_only: bool = False
    exclude_direct: bool = False


@dataclass(slots=True)
class ThreadTotals:
    total: int = 0
    total_unread_threads: int = 0
    total_unread_mentions: int = 0
    total_unread_urgent_mentions: int = 0


def mentions_user(user: User, text: str) -> bool:
    """app/mention_keywords.go, simplified: @username, the user's mention keys, the first name when
    asked for, and @channel/@all/@here (countThreadMentions assumes channel mentions are allowed)."""
    keys = {"@" + user.username} | {k for k in user.notify_props.get("mention_keys", "").split(",") if k}
    if any(re.search(rf"(?<![\w]){re.escape(k)}(?![\w\-])", text, re.IGNORECASE) for k in keys):
        return True
    if re.search(r"(?<![\w@])@(channel|all|here)\b", text, re.IGNORECASE):
        return True
    return bool(
        user.notify_props.get("first_name") == "true"
        and user.first_name
        and re.search(rf"(?<!\w){re.escape(user.first_name)}(?!\w)", text)
    )


def membership_not_found() -> AppError:
    return AppError(
        "app.user.get_thread_membership_for_user.not_found",
        404,
        message="User thread membership doesn't exist",
    )


def thread_not_found() -> AppError:
    return AppError(
        "app.user.get_threads_for_user.not_found", 404, message="User thread doesn't exist or is not followed"
    )


class Threads:
    def __init__(self, store: Store) -> None:
        self.s = store

    # ---- reads -------------------------------------------------------------------------------
    def thread(self, root_id: str) -> Thread | None:
        """The Threads row: only roots that have had a reply."""
        if root_id not in self.s.replies_of_root:
            return None
        return self.s.thread_by_root.get(root_id)

    def team_of(self, thread: Thread) -> str:
        channel = self.s.channel_by_id.get(thread.channel_id)
        return channel.team_id if channel is not None else ""

    def delete_at(self, thread: Thread) -> int:
        root = self.s.post_by_id.get(thread.post_id)
        return root.delete_at if root is not None else 0

    def membership(self, user_id: str, root_id: str) -> ThreadMembership | None:
        return self.s.thread_members.get(root_id, {}).get(user_id)

    def get_membership(self, user_id: str, root_id: str) -> ThreadMembership:
        membership = self.membership(user_id, root_id)
        if membership is None:
            raise membership_not_found()
        return membership

    def unread_replies(self, membership: ThreadMembership, include_deleted: bool = False) -> int:
        count = 0
        for pid in self.s.replies_of_root.get(membership.post_id, []):
            post = self.s.post_by_id[pid]
            if post.create_at > membership.last_viewed and (include_deleted or not post.delete_at):
                count += 1
        return count

    def crt_enabled(self, user_id: str) -> bool:
        """app/user.go IsCRTEnabledForUser: the config, then the user's display preference."""
        setting = self.s.settings.get("ServiceSettings.CollapsedThreads")
        if setting == "disabled":
            return False
        if setting == "always_on":
            return True
        row = self.s.preference_rows.get((user_id, "display_settings", "collapsed_reply_threads"))
        value = getattr(row, "value", None)
        if value in ("on", "off"):
            return bool(value == "on")
        return bool(setting == "default_on")

    def view(
        self, membership: ThreadMembership, extended: bool, include_deleted_replies: bool = False
    ) -> UserThread:
        """sqlstore GetThreadForUser: only followed threads that have a Threads row."""
        thread = self.thread(membership.post_id)
        if not membership.following or thread is None:
            raise thread_not_found()
        return self._snapshot(thread, membership, extended, include_deleted_replies)

    def _snapshot(
        self,
        thread: Thread,
        membership: ThreadMembership,
        extended: bool,
        include_deleted_replies: bool = False,
    ) -> UserThread:
        participants = (
            [self.s.user_by_id[uid] for uid in thread.participants if uid in self.s.user_by_id]
            if extended
            else [User(id=uid, username="", email="") for uid in thread.participants]
        )
        return UserThread(
            id=thread.post_id,
            reply_count=thread.reply_count,
            last_reply_at=thread.last_reply_at,
            last_viewed_at=membership.last_viewed,
            participants=participants,
            post=self.s.post_by_id.get(thread.post_id),
            unread_replies=self.unread_replies(membership, include_deleted_replies),
            unread_mentions=membership.unread_mentions,
            delete_at=self.delete_at(thread),
            extended=extended,
        )

    def _in_scope(self, thread: Thread, team_id: str, query: ThreadQuery) -> bool:
        team = self.team_of(thread)
        if team_id and team != team_id and (query.exclude_direct or team != ""):
            return False
        return query.deleted or not self.delete_at(thread)

    def _followed(
        self, user_id: str, team_id: str, query: ThreadQuery
    ) -> list[tuple[Thread, ThreadMembership]]:
        out = []
        for root_id, members in self.s.thread_members.items():
            membership = members.get(user_id)
            if membership is None or not membership.following:
                continue
            thread = self.thread(root_id)
            if thread is not None and self._in_scope(thread, team_id, query):
                out.append((thread, membership))
        return out

    def list_for_user(
        self, user_id: str, team_id: str, query: ThreadQuery
    ) -> tuple[ThreadTotals, list[UserThread] | None]:
        """app/user.go GetThreadsForUser: totals unless threadsOnly, threads unless totalsOnly."""
        followed = self._followed(user_id, team_id, query)
        totals = ThreadTotals()
        if not query.threads_only:
            unread = [(t, m) for t, m in followed if m.last_viewed < t.last_reply_at]
            totals.total_unread_threads = len(unread)
            totals.total = len(unread) if query.unread else len(followed)
            totals.total_unread_mentions = sum(m.unread_mentions for _, m in followed)
        if query.totals_only:
            return totals, None
        rows = followed
        if query.since > 0:
            rows = [
                (t, m) for t, m in rows if m.last_updated >= query.since or t.last_reply_at >= query.since
            ]
        if query.unread:
            rows = [(t, m) for t, m in rows if m.last_viewed < t.last_reply_at]
        descending = True
        if query.before:
            pivot = self.thread(query.before)
            rows = [(t, m) for t, m in rows if pivot is not None and t.last_reply_at < pivot.last_reply_at]
        if query.after:
            descending = False
            pivot = self.thread(query.after)
            rows = [(t, m) for t, m in rows if pivot is not None and t.last_reply_at > pivot.last_reply_at]
        rows.sort(key=lambda row: row[0].last_reply_at, reverse=descending)
        rows = rows[: query.page_size or DEFAULT_PAGE_SIZE]
        return totals, [self._snapshot(t, m, query.extended, query.deleted) for t, m in rows]

    def team_unreads(self, user_id: str) -> dict[str, tuple[int, int]]:
        """sqlstore GetTeamsUnreadForUser: per team (DM/GM threads left out), followed live threads with
        unread replies, and the sum of unread mentions."""
        out: dict[str, tuple[int, int]] = {}
        for root_id, members in self.s.thread_members.items():
            membership = members.get(user_id)
            thread = self.thread(root_id)
            if membership is None or not membership.following or thread is None or self.delete_at(thread):
                continue
            team_id = self.team_of(thread)
            if not team_id:
                continue
            count, mentions = out.get(team_id, (0, 0))
            out[team_id] = (
                count + (thread.last_reply_at > membership.last_viewed),
                mentions + membership.unread_mentions,
            )
        return out

    # ---- writes ------------------------------------------------------------------------------
    def _maintain(
        self,
        user_id: str,
        root_id: str,
        *,
        following: bool,
        update_following: bool,
        update_viewed: bool,
        increment_mentions: bool = False,
    ) -> ThreadMembership:
        """sqlstore maintainMembershipTx without import data."""
        now = self.s.now()
        members = self.s.thread_members.setdefault(root_id, {})
        membership = members.get(user_id)
        if membership is None:
            membership = ThreadMembership(
                post_id=root_id,
                user_id=user_id,
                following=following,
                last_updated=now,
                last_viewed=now if update_viewed else 0,
                unread_mentions=1 if increment_mentions else 0,
            )
            members[user_id] = membership
            return membership
        change_following = update_following and membership.following != following
        if change_following or update_viewed or increment_mentions:
            if change_following:
                membership.following = following
            if update_viewed:
                membership.last_viewed = now
                membership.unread_mentions = 0
            elif increment_mentions:
                membership.unread_mentions += 1
            membership.last_updated = now
        return membership

    def set_following(self, user_id: str, team_id: str, root_id: str, following: bool) -> None:
        """app/user.go UpdateThreadFollowForUser: following also marks the thread viewed now."""
        with self.s.write():
            self._maintain(
                user_id, root_id, following=following, update_following=True, update_viewed=following
            )
            thread = self.thread(root_id)
            self.s.emit(
                catalog.thread_follow_changed(
                    team_id, user_id, root_id, following, thread.reply_count if thread is not None else 0
                )
            )

    def count_mentions(self, user: User, root: Post, since: int) -> int:
        """app/post.go countThreadMentions: replies from `since` on that mention the user (in a DM or
        GM, every reply by someone else counts)."""
        channel = self.s.channel_by_id.get(root.channel_id)
        replies = [self.s.post_by_id[p] for p in self.s.replies_of_root.get(root.id, [])]
        replies = [p for p in replies if not p.delete_at and p.create_at >= since]
        if channel is not None and channel.type in ("D", "G"):
            return sum(1 for p in replies if p.user_id != user.id)
        return sum(1 for p in replies if mentions_user(user, p.message))

    def mark_read(self, user: User, team_id: str, root_id: str, timestamp: int) -> UserThread:
        """app/user.go UpdateThreadReadForUser."""
        membership = self.get_membership(user.id, root_id)
        root = self.s.posts.get(root_id)
        with self.s.write():
            previous_mentions = membership.unread_mentions
            previous_replies = self.unread_replies(membership)
            membership.unread_mentions = self.count_mentions(user, root, timestamp)
            membership.last_viewed = timestamp
            membership.last_updated = self.s.now()
            view = self.view(membership, extended=False)
            self.s.emit(
                catalog.thread_read_changed(
                    team_id,
                    user.id,
                    {
                        "thread_id": root_id,
                        "timestamp": timestamp,
                        "unread_mentions": membership.unread_mentions,
                        "unread_replies": view.unread_replies,
                        "previous_unread_mentions": previous_mentions,
                        "previous_unread_replies": previous_replies,
                        "channel_id": root.channel_id,
                    },
                )
            )
        return view

    def mark_unread_from(self, user: User, team_id: str, root_id: str, post_id: str) -> UserThread:
        """api4/user.go setUnreadThreadByPostId: follow (marks viewed), then read up to before the post."""
        self.set_following(user.id, team_id, root_id, True)  # kept even when the post is refused below
        post = self.s.posts.get(post_id)
        if post.root_id != root_id and post.id != root_id:
            raise AppError(
                "app.user.update_thread_read_for_user_by_post.app_error", 400, message="Invalid post_id"
            )
        return self.mark_read(user, team_id, root_id, post.create_at - 1)

    def mark_all_read(self, user_id: str, team_id: str) -> None:
        """sqlstore MarkAllAsReadByTeam: every membership of the team's threads and of DMs/GMs."""
        with self.s.write():
            now = self.s.now()
            for root_id, members in self.s.thread_members.items():
                membership = members.get(user_id)
                thread = self.thread(root_id)
                if membership is None or thread is None or self.team_of(thread) not in (team_id, ""):
                    continue
                membership.last_viewed = membership.last_updated = now
                membership.unread_mentions = 0
            self.s.emit(catalog.thread_read_changed(team_id, user_id))

    def mark_read_in_channels(self, user_id: str, channel_ids: set[str], now: int) -> None:
        """sqlstore MarkAllAsReadByChannels: the user's threads there with replies since they last looked."""
        for root_id, members in self.s.thread_members.items():
            membership = members.get(user_id)
            thread = self.thread(root_id)
            if membership is None or thread is None or thread.channel_id not in channel_ids:
                continue
            if thread.last_reply_at > membership.last_viewed:
                membership.last_viewed = membership.last_updated = now
                membership.unread_mentions = 0

    def forget_channel(self, user_id: str, channel_id: str) -> None:
        """sqlstore DeleteMembershipsForChannel: leaving a channel drops its thread memberships."""
        for root_id, members in self.s.thread_members.items():
            thread = self.s.thread_by_root.get(root_id)
            if thread is not None and thread.channel_id == channel_id:
                members.pop(user_id, None)

    # ---- replies -----------------------------------------------------------------------------
    def _notified_members(self, reply: Post) -> list[tuple[str, User]]:
        """The followers SendNotifications goes through for a reply (app/notification.go): with collapsed
        threads allowed, following, in the channel's profile map (bots are not) and with CRT on."""
        if self.s.settings.get("ServiceSettings.CollapsedThreads") == "disabled":
            return []
        out = []
        for uid, membership in sorted(self.s.thread_members.get(reply.root_id, {}).items()):
            if not membership.following or self.s.channels.member(reply.channel_id, uid) is None:
                continue
            user = self.s.user_by_id.get(uid)
            if user is None or user.is_bot or not self.crt_enabled(uid):
                continue
            out.append((uid, user))
        return out

    def desktop_followers(self, reply: Post, mentions: set[str]) -> set[str]:
        """posted's `followers` (app/notification.go notificationsForCRT.Desktop): the followers to notify
        on the desktop, the replier left out unless the reply came from a webhook."""
        out = set()
        from_webhook = reply.props.get("from_webhook") == "true"
        for uid, user in self._notified_members(reply):
            if uid == reply.user_id and not from_webhook:
                continue
            member = self.s.channels.member(reply.channel_id, uid)
            member_props = member.notify_props if member is not None else {}
            if _notify_desktop_crt(user.notify_props, member_props, uid in mentions):
                out.add(uid)
        return out

    def after_reply(self, reply: Post, mentions: set[str], followers_before: set[str]) -> None:
        """app/notification.go: after `posted`, each following channel member with CRT gets thread_updated;
        the replier's copy shows the thread as it was read before, then they have read it now."""
        thread = self.thread(reply.root_id)
        if thread is None:
            return
        team_id = self.team_of(thread)
        for uid, _user in self._notified_members(reply):
            membership = self.s.thread_members[reply.root_id][uid]
            view = self._snapshot(thread, membership, extended=True)
            previous_mentions = previous_replies = 0
            if uid in followers_before:
                previous_mentions = view.unread_mentions
                previous_replies = max(view.unread_replies - 1, 0)
                if uid in mentions:
                    previous_mentions = max(view.unread_mentions - 1, 0)
            if uid == reply.user_id:
                self._maintain(uid, reply.root_id, following=True, update_following=False, update_viewed=True)
                view.unread_mentions = view.unread_replies = 0
            self.s.emit(catalog.thread_updated(team_id, uid, view, previous_mentions, previous_replies))

    def after_reply_deleted(self, reply: Post) -> None:
        """sqlstore updateThreadAfterReplyDeletion: the thread's reply count and last reply time are those of
        its live replies, and the replier leaves the participants when none of their replies is left."""
        thread = self.s.thread_by_root.get(reply.root_id)
        if thread is None:
            return
        live = [self.s.post_by_id[p] for p in self.s.replies_of_root.get(reply.root_id, [])]
        live = [p for p in live if not p.delete_at]
        if thread.reply_count <= 0:  # the update is limited to threads WHERE ReplyCount > 0
            return
        if not any(p.user_id == reply.user_id for p in live):
            thread.participants = [uid for uid in thread.participants if uid != reply.user_id]
        thread.reply_count = len(live)
        thread.last_reply_at = max((p.create_at for p in live), default=0)
        root = self.s.post_by_id.get(reply.root_id)
        if root is not None:
            root.last_reply_at = thread.last_reply_at

    def forget_root(self, post_id: str) -> None:
        """A root post that is gone: its thread row and memberships."""
        self.s.thread_by_root.pop(post_id, None)
        self.s.thread_members.pop(post_id, None)

    def start(self, root: Post, channel: Channel) -> Thread:
        """The thread row of a new root post."""
        thread = self.s.thread_by_root[root.id] = Thread(post_id=root.id, channel_id=channel.id)
        return thread

    def ensure_membership(self, user_id: str, root_id: str) -> ThreadMembership:
        """The user's membership of the thread, made (not following) when there is none."""
        members = self.s.thread_members.setdefault(root_id, {})
        membership = members.get(user_id)
        if membership is None:
            membership = members[user_id] = ThreadMembership(
                post_id=root_id, user_id=user_id, last_updated=self.s.now()
            )
        return membership

    def record_reply(self, reply: Post, author: User, mentions: set[str]) -> set[str]:
        """A new reply: the thread's counters and participants, then who follows it. Returns the followers
        before the auto-follow of SendNotifications (the replier among them: app/post.go CreatePost makes
        them follow first)."""
        s = self.s
        root = s.post_by_id[reply.root_id]
        root.update_at = max(root.update_at, reply.create_at)
        s.posts.changed(root)
        s.replies_of_root.setdefault(root.id, []).append(reply.id)
        thread = s.thread_by_root.setdefault(root.id, Thread(post_id=root.id, channel_id=root.channel_id))
        thread.reply_count += 1
        thread.last_reply_at = max(thread.last_reply_at, reply.create_at)
        root.last_reply_at = thread.last_reply_at
        if author.id in thread.participants:
            thread.participants.remove(author.id)
        thread.participants.append(author.id)
        members = s.thread_members.setdefault(root.id, {})
        auto_follow = bool(s.settings.get("ServiceSettings.ThreadAutoFollow"))
        if auto_follow:  # "Make sure poster is following the thread", even after an unfollow
            self._maintain(author.id, root.id, following=True, update_following=True, update_viewed=False)
        followers_before = {uid for uid, m in members.items() if m.following}
        if auto_follow:
            for uid in sorted(self._participants(root, author, mentions, members)):
                membership = members.get(uid)
                if uid not in mentions and membership is not None and not membership.following:
                    continue  # an explicit unfollow sticks unless the user is mentioned again
                self._maintain(
                    uid,
                    root.id,
                    following=True,
                    update_following=True,
                    update_viewed=False,
                    increment_mentions=uid in mentions,
                )
        return followers_before

    def _participants(
        self, root: Post, author: User, mentions: set[str], members: dict[str, ThreadMembership]
    ) -> set[str]:
        """app/notification.go SendNotifications with ThreadAutoFollow: the replier, the root's author (a
        channel member, root not from a webhook), users mentioned in the root or the reply, and members
        whose channel_auto_follow_threads is on (not in DMs)."""
        channel = self.s.channel_by_id[root.channel_id]
        channel_members = self.s.channel_members.get(channel.id, {})
        out = {author.id, *mentions}
        if root.props.get("from_webhook") != "true" and root.user_id in channel_members:
            out.add(root.user_id)
        if channel.type in ("O", "P"):
            root_author = self.s.user_by_id.get(root.user_id)
            if root_author is not None:
                out |= self.s.posts.mentions(
                    root, channel, root_author, root.props.get("from_webhook") == "true"
                )
        if channel.type != "D":
            out |= {
                uid
                for uid, m in channel_members.items()
                if m.notify_props.get("channel_auto_follow_threads") == "on"
                and not (uid in members and members[uid].following)
            }
        return out


def _notify_desktop_crt(user_props: dict[str, str], member_props: dict[str, str], mentioned: bool) -> bool:
    """app/notification.go addFollowerToNotify, desktop: the user's global props when the channel's are
    "default" (shouldUserNotifyCRT), else the channel member's (shouldChannelMemberNotifyCRT)."""
    desktop = user_props.get("desktop", "")
    desktop_threads = user_props.get("desktop_threads", "")
    user_wants = desktop != "none" and (mentioned or desktop_threads == "all" or desktop == "all")
    channel_desktop = member_props.get("desktop", "")
    channel_wants = channel_desktop not in ("default", "none") and (
        mentioned
        or (member_props.get("desktop_threads", "") == "all" and desktop_threads != "mention")
        or channel_desktop == "all"
    )
    return (channel_desktop == "default" and user_wants) or channel_wants
