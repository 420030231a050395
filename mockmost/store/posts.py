"""Posts: create, edit, delete, threads, pages, counters and mentions. Upstream: app/post.go,
sqlstore/post_store.go, app/notification.go, model/post.go."""

from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from mockmost import gojson
from mockmost.errors import AppError, invalid_body_param, invalid_param
from mockmost.events import catalog
from mockmost.store import attachments
from mockmost.store.entities import Channel, Post, User
from mockmost.store.indexes import SortedIndex

if TYPE_CHECKING:
    from mockmost.store import Store

MAX_MESSAGE_RUNES = 16383
JOIN_LEAVE_TYPES = frozenset(
    {
        "system_join_leave",
        "system_add_remove",
        "system_join_channel",
        "system_leave_channel",
        "system_join_team",
        "system_leave_team",
        "system_add_to_channel",
        "system_remove_from_channel",
        "system_add_to_team",
        "system_remove_from_team",
    }
)
_HASHTAG = re.compile(r"(?<![\w#])#([A-Za-z][\w\-.]*[\w])")
_MENTION = re.compile(r"@([a-z0-9.\-_]+)", re.IGNORECASE)
_CHANNEL_WIDE = re.compile(r"(?<![\w@])@(channel|all|here)\b", re.IGNORECASE)
_SANITIZED_PROPS = ("add_channel_member", "force_notification")
# model/post.go IsValid: types without the system_/custom_ prefix that a post may have.
_PLAIN_TYPES = frozenset({"slack_attachment", "me", "reminder"})
DEDUP_WINDOW_MS = 30_000


def parse_hashtags(message: str) -> str:
    if "#" not in message:  # every hashtag has one
        return ""
    tags: list[str] = []
    for match in _HASHTAG.finditer(message):
        tag = "#" + match.group(1)
        if len(tag) >= 3 and tag not in tags:
            tags.append(tag)
    return " ".join(tags)[:1000]


@dataclass(slots=True)
class ThreadPaging:
    """model.GetPostsOptions for GET /posts/{id}/thread: direction, the cursor, perPage."""

    direction: str = ""
    from_create_at: int = 0
    from_update_at: int = 0
    from_post: str = ""
    updates_only: bool = False
    per_page: int = 0


@dataclass(slots=True)
class Page:
    order: list[str]
    extra: list[str]
    next_post_id: str = ""
    prev_post_id: str = ""


class Posts:
    def __init__(self, store: Store) -> None:
        self.s = store

    def index_channel(self, channel_id: str) -> None:
        self.s.channel_posts.setdefault(channel_id, SortedIndex())
        self.s.channel_roots.setdefault(channel_id, SortedIndex())
        self.s.channel_all_post_ids.setdefault(channel_id, [])

    # ---- reads -------------------------------------------------------------------------------
    def usage_count(self) -> int:
        """app/usage.go GetPostsUsage: users' posts (no system posts, none by bots) not deleted, rounded down
        as utils.RoundOffToZeroesResolution(count, 3) does: 0 below 10, 87 → 80, 123 → 100, 45678 → 45000."""
        bots = self.s.bot_by_user_id
        count = sum(
            1 for p in self.s.post_by_id.values() if not p.delete_at and not p.type and p.user_id not in bots
        )
        if count <= 9:
            return 0
        tens: int = 10 ** min(len(str(count)) - 1, 3)
        return count // tens * tens

    def find(self, post_id: str) -> Post | None:
        return self.s.post_by_id.get(post_id)

    def get(self, post_id: str, include_deleted: bool = False) -> Post:
        post = self.s.post_by_id.get(post_id)
        if post is None or (post.delete_at and not include_deleted):
            raise AppError("app.post.get.app_error", 404, message="Unable to get the post.")
        return post

    def reply_count(self, post: Post) -> int:
        root = post.root_id or post.id
        thread = self.s.thread_by_root.get(root)
        return thread.reply_count if thread else 0

    def thread_ids(self, root_id: str) -> list[str]:
        """Root then its non-deleted replies, oldest first."""
        replies = [p for p in self.s.replies_of_root.get(root_id, []) if not self.s.post_by_id[p].delete_at]
        return [root_id, *replies]

    def thread_page(self, post: Post, paging: ThreadPaging, collapsed: bool) -> tuple[list[str], bool]:
        """sqlstore PostStore.Get (collapsed: getPostWithCollapsedThreads): the post first, then the live
        rows of its thread (collapsed: the posts whose root it is) in the direction asked (none: as stored),
        after or before the cursor, at most perPage of them counted before the post itself is left out
        (perPage + 1 read: has_next)."""
        root_id = post.id if collapsed else (post.root_id or post.id)
        rows = [self.s.post_by_id[i] for i in self.thread_ids(root_id)]
        if collapsed:
            rows = rows[1:]
        down = paging.direction == "down"
        if paging.direction:
            if paging.updates_only:
                rows.sort(key=lambda p: (p.update_at, p.id), reverse=not down)
            else:
                rows.sort(key=lambda p: (p.create_at, p.id), reverse=not down)
        for attr, cursor in (("create_at", paging.from_create_at), ("update_at", paging.from_update_at)):
            if not cursor or (attr == "update_at" and collapsed and not down):
                continue  # getPostWithCollapsedThreads reads fromUpdateAt only going down
            rows = [p for p in rows if _beyond(getattr(p, attr), p.id, cursor, paging.from_post, down)]
        has_next = bool(paging.per_page) and len(rows) > paging.per_page
        if paging.per_page:
            rows = rows[: paging.per_page]
        return [post.id, *(p.id for p in rows if p.id != post.id)], has_next

    def page(self, channel_id: str, page: int, per_page: int, roots_only: bool = False) -> Page:
        index = (self.s.channel_roots if roots_only else self.s.channel_posts)[channel_id]
        order = index.newest_first(page * per_page, per_page)
        out = Page(order, [])
        if order:
            newest, oldest = self.s.post_by_id[order[0]], self.s.post_by_id[order[-1]]
            out.next_post_id = index.neighbour_newer(newest.create_at, newest.id)
            out.prev_post_id = index.neighbour_older(oldest.create_at, oldest.id)
        return out

    def before(self, channel_id: str, post: Post, page: int, per_page: int, roots_only: bool = False) -> Page:
        index = (self.s.channel_roots if roots_only else self.s.channel_posts)[channel_id]
        order = index.older_than(post.create_at, page * per_page, per_page)
        out = Page(order, [])
        if page == 0:
            out.next_post_id = post.id
        elif order:
            newest = self.s.post_by_id[order[0]]
            out.next_post_id = index.neighbour_newer(newest.create_at, newest.id)
        if order and len(order) >= per_page:
            oldest = self.s.post_by_id[order[-1]]
            out.prev_post_id = index.neighbour_older(oldest.create_at, oldest.id)
        return out

    def after(self, channel_id: str, post: Post, page: int, per_page: int, roots_only: bool = False) -> Page:
        index = (self.s.channel_roots if roots_only else self.s.channel_posts)[channel_id]
        order = index.newer_than(post.create_at, page * per_page, per_page)
        out = Page(order, [])
        if page == 0:
            out.prev_post_id = post.id
        elif order:
            oldest = self.s.post_by_id[order[-1]]
            out.prev_post_id = index.neighbour_older(oldest.create_at, oldest.id)
        if order and len(order) >= per_page:
            newest = self.s.post_by_id[order[0]]
            out.next_post_id = index.neighbour_newer(newest.create_at, newest.id)
        return out

    def page_with_deleted(
        self, channel_id: str, page: int, per_page: int, skip_threads: bool = False
    ) -> Page:
        """A system admin's include_deleted page (sqlstore getRootPosts and getParentsPosts without the
        DeleteAt filter): every row, deleted posts and edit history included, newest first; the threads of
        its replies in `extra` (every row of them too; only the roots with skipFetchThreads). The cursors
        name live posts only (getPostIdAroundTime keeps DeleteAt = 0)."""
        rows = [self.s.post_by_id[p] for p in self.s.channel_all_post_ids.get(channel_id, [])]
        rows.sort(key=lambda p: (p.create_at, p.id), reverse=True)
        order = [p.id for p in rows[page * per_page : page * per_page + per_page]]
        roots = {self.s.post_by_id[p].root_id for p in order} - {""}
        seen = set(order)
        extra = [
            p.id
            for p in reversed(rows)
            if (p.id in roots or (p.root_id in roots and not skip_threads)) and p.id not in seen
        ]
        out = Page(order, extra)
        if order:
            index = self.s.channel_posts[channel_id]
            newer = index.newer_than(self.s.post_by_id[order[0]].create_at, 0, 1)
            older = index.older_than(self.s.post_by_id[order[-1]].create_at, 0, 1)
            out.next_post_id = newer[0] if newer else ""
            out.prev_post_id = older[0] if older else ""
        return out

    def since(self, channel_id: str, since: int) -> Page:
        """Every post updated after `since`, deleted ones included (sqlstore GetPostsSince)."""
        changed = [
            self.s.post_by_id[p]
            for p in self.s.channel_all_post_ids.get(channel_id, [])
            if self.s.post_by_id[p].update_at > since
        ]
        changed.sort(key=lambda p: (p.create_at, p.id), reverse=True)
        return Page([p.id for p in changed[:1000]], [])

    def thread_extras(self, order: list[str]) -> list[str]:
        """Roots of replies on a page and their other replies: in `posts` but not in `order`."""
        seen = set(order)
        extra: list[str] = []
        for pid in order:
            post = self.s.post_by_id[pid]
            if not post.root_id:
                continue
            for tid in self.thread_ids(post.root_id):
                if tid not in seen:
                    seen.add(tid)
                    extra.append(tid)
        return extra

    # ---- create ------------------------------------------------------------------------------
    def check_fields(self, fields: dict[str, Any]) -> None:
        """What json.Decode into model.Post refuses: wrong JSON types are a 400 invalid param `post`."""
        for name in ("channel_id", "message", "root_id", "type", "pending_post_id", "id"):
            if name in fields and fields[name] is not None and not isinstance(fields[name], str):
                raise invalid_body_param("post")
        if "props" in fields and fields["props"] is not None and not isinstance(fields["props"], dict):
            raise invalid_body_param("post")
        file_ids = fields.get("file_ids")
        if file_ids is not None and (
            not isinstance(file_ids, list) or not all(isinstance(f, str) for f in file_ids)
        ):
            raise invalid_body_param("post")
        for name in ("create_at", "update_at", "edit_at", "delete_at"):
            value = fields.get(name)
            if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
                raise invalid_body_param("post")
        if fields.get("is_pinned") is not None and not isinstance(fields["is_pinned"], bool):
            raise invalid_body_param("post")

    def check_update_fields(self, body: dict[str, Any]) -> None:
        """model.Post / model.PostPatch decoding for PUT /posts/{id} and PUT /posts/{id}/patch."""
        for name, kind in (
            ("message", str),
            ("id", str),
            ("props", dict),
            ("is_pinned", bool),
            ("has_reactions", bool),
        ):
            if body.get(name) is not None and not isinstance(body[name], kind):
                raise invalid_body_param("post")
        file_ids = body.get("file_ids")
        if file_ids is not None and (
            not isinstance(file_ids, list) or not all(isinstance(f, str) for f in file_ids)
        ):
            raise invalid_body_param("post")

    def create(
        self,
        author: User,
        channel: Channel,
        fields: dict[str, Any],
        *,
        from_webhook: bool = False,
        set_online: bool = True,
        trusted: bool = False,
        post_id: str | None = None,
        keep_create_at: bool = False,
        client_input: bool = False,
    ) -> Post:
        """app/post.go CreatePost for user requests (validation, dedup, counters, events).

        `keep_create_at`: a system admin's client-sent create_at is kept (api4/post.go createPost).
        `client_input`: the post came through POST /posts, whose SanitizeInput (model/post.go) sets
        RemoteId to "": such posts carry `"remote_id": ""`, posts the server makes itself carry none."""
        self.check_fields(fields)
        if fields.get("id") and not trusted:
            raise AppError(
                "app.post.save.existing.app_error", 400, message="You cannot update an existing Post."
            )
        if channel.delete_at:
            raise AppError(
                "api.post.create_post.can_not_post_to_deleted.error",
                400,
                message="Can not post to deleted channel.",
            )
        post_type = fields.get("type") or ""
        if post_type.startswith("system_") and not trusted:
            raise invalid_param("post.type")
        if post_type and post_type not in _PLAIN_TYPES and not post_type.startswith(("custom_", "system_")):
            raise AppError("model.post.is_valid.type.app_error", 400, message="Invalid type.")
        message = fields.get("message") or ""
        if len(message) > MAX_MESSAGE_RUNES:
            raise AppError(
                "model.post.is_valid.message_length.app_error",
                400,
                message="Post Message property is longer than the maximum permitted length.",
            )
        file_ids = list(dict.fromkeys(fields.get("file_ids") or []))
        if file_ids and len(json.dumps(file_ids, separators=(",", ":"))) > 300:
            raise AppError("model.post.is_valid.file_ids.app_error", 400, message="Invalid file ids.")
        root_id = fields.get("root_id") or ""
        if root_id:
            root = self.s.post_by_id.get(root_id)
            if root is None or root.delete_at or root.root_id:
                raise AppError(
                    "api.post.create_post.root_id.app_error", 400, message="Invalid RootId parameter."
                )
            if root.channel_id != channel.id:
                raise AppError(
                    "api.post.create_post.channel_root_id.app_error",
                    400,
                    message="Invalid ChannelId for RootId parameter.",
                )
        pending = fields.get("pending_post_id") or ""
        with self.s.write():
            if pending:
                seen = self.s.recent_pending_posts.get((author.id, pending))
                if seen and self.s.now() - seen[0] < DEDUP_WINDOW_MS and seen[1] in self.s.post_by_id:
                    return self.s.post_by_id[seen[1]]
            props = {k: v for k, v in (fields.get("props") or {}).items() if k not in _SANITIZED_PROPS}
            props = gojson.as_any(props)
            props = attachments.generate_action_ids(props, self.s.new_id)
            if author.is_bot:
                props["from_bot"] = "true"
            if from_webhook:
                props["from_webhook"] = "true"
            now = self.s.post_time()
            create_at = (
                fields["create_at"]
                if (trusted or keep_create_at)
                and isinstance(fields.get("create_at"), int)
                and fields["create_at"] > 0
                else now
            )
            post = Post(
                id=post_id or fields.get("id") or self.s.new_id(),
                channel_id=channel.id,
                user_id=author.id,
                message=message,
                create_at=create_at,
                update_at=create_at,
                root_id=root_id,
                type=post_type,
                props=props,
                hashtags=parse_hashtags(message),
                pending_post_id=pending,
                is_pinned=bool(fields.get("is_pinned")) if trusted else False,
                remote_id="" if client_input else None,
            )
            attached = self._attach_files(post, file_ids, author.id)
            # file ids none of which could be attached leave a nil list: null on the wire (observed on 11.2)
            post.file_ids = attached if attached or not file_ids else None  # type: ignore[assignment]
            self._insert(post, channel, author, set_online=set_online, from_webhook=from_webhook)
            if pending:
                self.s.recent_pending_posts[(author.id, pending)] = (now, post.id)
            # app/post.go CreatePostAsUser: the poster has read the channel, unless the post is from a
            # webhook or a bot, or a reply under collapsed threads.
            if (
                client_input
                and "from_webhook" not in props
                and not author.is_bot
                and not (post.root_id and self.s.threads.crt_enabled(author.id))
            ):
                self.s.channels.view(author.id, [channel.id], collapsed_threads_supported=True)
        return post

    def create_system(
        self, channel: Channel, user: User, post_type: str, message: str, props: dict[str, Any]
    ) -> Post:
        """Internal path for system posts (no validation, no mark-viewed)."""
        now = self.s.post_time()
        post = Post(
            id=self.s.new_id(),
            channel_id=channel.id,
            user_id=user.id,
            message=message,
            create_at=now,
            update_at=now,
            type=post_type,
            props=dict(props),
        )
        with self.s.write():
            self._insert(post, channel, user, system=True)
        return post

    def _attach_files(self, post: Post, file_ids: list[str], user_id: str) -> list[str]:
        files = self.s.file_by_id
        attached = []
        for fid in file_ids:
            info = files.get(fid)
            if info is None or info.post_id or info.user_id != user_id or info.delete_at:
                continue
            info.post_id = post.id
            info.channel_id = post.channel_id
            attached.append(fid)
        return attached

    def _insert(
        self,
        post: Post,
        channel: Channel,
        author: User,
        *,
        system: bool = False,
        set_online: bool = True,
        from_webhook: bool = False,
    ) -> None:
        s = self.s
        s.post_by_id[post.id] = post
        self.changed(post)
        s.post_search.indexed(post)
        s.channel_posts[channel.id].add(post.create_at, post.id)
        s.channel_all_post_ids[channel.id].append(post.id)
        if not post.root_id:
            s.channel_roots[channel.id].add(post.create_at, post.id)
            s.threads.start(post, channel)
        counted = post.type not in JOIN_LEAVE_TYPES
        channel.last_post_at = max(channel.last_post_at, post.create_at)
        if not post.root_id:
            channel.last_root_post_at = max(channel.last_root_post_at, post.create_at)
        if counted:
            channel.total_msg_count += 1
            if not post.root_id:
                channel.total_msg_count_root += 1
        mentions = self.mentions(post, channel, author, from_webhook)
        for uid in mentions:
            member = s.channels.member(channel.id, uid)
            if member is not None:
                member.mention_count += 1
                member.last_update_at = s.now()  # sqlstore IncrementMentionCount touches LastUpdateAt
                if not post.root_id:
                    member.mention_count_root += 1
        followers: set[str] = set()
        followers_before: set[str] = set()
        if post.root_id:
            followers_before = s.threads.record_reply(post, author, mentions)
            followers = s.threads.desktop_followers(post, mentions)
        event = catalog.posted(
            post,
            channel,
            self.sender_name(post, author),
            self.channel_display_name(channel, author),
            mentions,
            followers,
            set_online,
        )
        if post.file_ids:  # app/notification.go: otherFile, and image when one of the files is an image
            event.data["otherFile"] = "true"
            if any(i.mime_type.startswith("image") for i in s.files.for_post(post.id)):
                event.data["image"] = "true"
        s.emit(event)
        if post.root_id:
            s.threads.after_reply(post, mentions, followers_before)

    def sender_name(self, post: Post, author: User) -> str:
        if post.type.startswith("system_"):
            return "System"
        override = post.props.get("override_username")
        if (
            post.props.get("from_webhook") == "true"
            and override
            and self.s.settings.get("ServiceSettings.EnablePostUsernameOverride")
        ):
            return str(override)
        return "@" + author.username

    def channel_display_name(self, channel: Channel, author: User) -> str:
        if channel.type == "D":
            return "@" + author.username
        return channel.display_name

    def mentions(self, post: Post, channel: Channel, author: User, from_webhook: bool) -> set[str]:
        """app/notification.go: who this post mentions among the channel's members."""
        members = self.s.channel_members.get(channel.id, {})
        mentioned: set[str] = set()
        if channel.type == "D":
            # getExplicitMentionsAndKeywords: a webhook's post in a DM mentions both users, its poster too
            mentioned = set(members) if from_webhook else set(members) - {author.id}
        elif channel.type == "G":
            mentioned = set(members) - {author.id}
        elif post.type == "system_add_to_channel":
            added = post.props.get("addedUserId")
            if added in members:
                mentioned.add(added)
        elif not post.type.startswith("system_"):
            text = post.message
            names: set[str] = set()
            wide: set[str] = set()
            if "@" in text:  # both patterns need one
                names = {m.lower() for m in _MENTION.findall(text)}
                names |= {n.rstrip(".-_") for n in names}
                wide = {w.lower() for w in _CHANNEL_WIDE.findall(text)}
            for uid, member in members.items():
                user = self.s.user_by_id.get(uid)
                if user is None:
                    continue
                if user.username in names:
                    mentioned.add(uid)
                    continue
                mention_keys = user.notify_props.get("mention_keys", "")
                keys = [k.strip() for k in mention_keys.split(",") if k.strip()] if mention_keys else []
                if keys and any(
                    re.search(rf"(?<!\w){re.escape(k)}(?!\w)", text, re.IGNORECASE) for k in keys
                ):
                    mentioned.add(uid)
                    continue
                if (
                    user.notify_props.get("first_name") == "true"
                    and user.first_name
                    and re.search(rf"(?<!\w){re.escape(user.first_name)}(?!\w)", text)
                ):
                    mentioned.add(uid)
                    continue
                if (
                    wide
                    and user.notify_props.get("channel", "true") == "true"
                    and member.notify_props.get("ignore_channel_mentions") != "on"
                ):
                    if wide & {"channel", "all"}:
                        mentioned.add(uid)
                    elif "here" in wide and self._is_online(uid):
                        mentioned.add(uid)
        if not from_webhook:
            mentioned.discard(author.id)
        return mentioned

    def _is_online(self, user_id: str) -> bool:
        """app/mention_keywords.go AddUser: @here reaches the members whose status is online."""
        status = self.s.statuses.find(user_id)
        return status is not None and status.status == "online"

    # ---- updates -----------------------------------------------------------------------------
    def _save_history(self, post: Post, now: int) -> None:
        old = _snapshot(post)
        old.id = self.s.new_id()
        old.original_id = post.id
        old.delete_at = old.update_at = now
        self.s.post_by_id[old.id] = old
        self.changed(old)
        self.s.channel_all_post_ids[post.channel_id].append(old.id)

    def _touch(self, post: Post, now: int) -> None:
        """sqlstore PostStore.Update: the post is stamped `now`; the channel's last_post_at and the root's
        update_at take a second GetMillis() read after the post's UPDATE ran, later than `now` (a database
        round trip lies between: the thread's ETag names the root, observed on 11.2)."""
        post.update_at = now
        self.changed(post)
        later = max(self.s.now(), now + 1)
        channel = self.s.channel_by_id[post.channel_id]
        channel.last_post_at = max(channel.last_post_at, later)
        if post.root_id and (root := self.s.post_by_id.get(post.root_id)):
            root.update_at = max(root.update_at, later)
            self.changed(root)

    def changed(self, post: Post) -> None:
        """Keep the channel's latest post update_at (all rows: replies, deleted posts and edit history
        included; roots apart for collapsed threads), the ETag of its post lists (sqlstore GetEtag)."""
        latest = self.s.channel_posts_update_at
        latest[post.channel_id] = max(latest.get(post.channel_id, 0), post.update_at)
        if not post.root_id:
            roots = self.s.channel_roots_update_at
            roots[post.channel_id] = max(roots.get(post.channel_id, 0), post.update_at)

    def etag(self, channel_id: str, roots_only: bool) -> int | None:
        table = self.s.channel_roots_update_at if roots_only else self.s.channel_posts_update_at
        return table.get(channel_id)

    def update(self, post: Post, body: dict[str, Any], *, patch: bool) -> Post:
        """PUT /posts/{id} (replace props, is_pinned, has_reactions) or PUT /posts/{id}/patch."""
        if "message" in body and body["message"] is not None and not isinstance(body["message"], str):
            raise invalid_body_param("post")
        if "props" in body and body["props"] is not None and not isinstance(body["props"], dict):
            raise invalid_body_param("post")
        if "is_pinned" in body and body["is_pinned"] is not None and not isinstance(body["is_pinned"], bool):
            raise invalid_body_param("post")
        file_ids = body.get("file_ids")
        if file_ids is not None and (
            not isinstance(file_ids, list) or not all(isinstance(f, str) for f in file_ids)
        ):
            raise invalid_body_param("post")
        if post.type.startswith("system_"):
            raise AppError(
                "api.post.update_post.system_message.app_error",
                400,
                message="Unable to update system message.",
            )
        if post.delete_at:
            raise AppError(
                "api.post.update_post.find.app_error",
                400,
                message="We couldn't find the existing post or comment to update.",
            )
        channel = self.s.channel_by_id[post.channel_id]
        if channel.delete_at:
            raise AppError(
                "api.post.patch_post.can_not_update_post_in_deleted.error"
                if patch
                else "api.post.update_post.can_not_update_post_in_deleted.error",
                400,
                message="Can not update a post in a deleted channel.",
            )
        message = body.get("message")
        if message is not None and len(message) > MAX_MESSAGE_RUNES:
            raise AppError(
                "model.post.is_valid.message_length.app_error",
                400,
                message="Post Message property is longer than the maximum permitted length.",
            )
        with self.s.write():
            now = self.s.now()
            edited = (message is not None and message != post.message) or (
                file_ids is not None and file_ids != post.file_ids
            )
            # sqlstore PostStore.Update keeps the old row on every update, edit or not (observed on 11.2:
            # a props patch and a pin each leave one)
            self._save_history(post, now)
            if message is not None:
                post.message = message
                post.hashtags = parse_hashtags(message)
            if patch:
                if body.get("props") is not None:
                    post.props = gojson.as_any(
                        {k: v for k, v in body["props"].items() if k not in _SANITIZED_PROPS}
                    )
                if body.get("is_pinned") is not None:
                    post.is_pinned = body["is_pinned"]
            else:
                post.props = gojson.as_any(
                    {k: v for k, v in (body.get("props") or {}).items() if k not in _SANITIZED_PROPS}
                )
                post.is_pinned = bool(body.get("is_pinned"))
                post.has_reactions = bool(body.get("has_reactions"))
            if file_ids is not None:
                post.file_ids = list(dict.fromkeys(file_ids))
            post.props = attachments.generate_action_ids(post.props, self.s.new_id)  # PreCommit on update too
            if edited:
                post.edit_at = now
            self._touch(post, now)
            self.s.post_search.indexed(post)
            self.s.emit(catalog.post_edited(post))
        return post

    def set_pinned(self, post: Post, pinned: bool) -> Post:
        """api4/post.go saveIsPinnedPost: PatchPost, so UpdatePost and its history row."""
        with self.s.write():
            now = self.s.now()
            self._save_history(post, now)
            post.is_pinned = pinned
            self._touch(post, now)
            self.s.emit(catalog.post_edited(post))
        return post

    def delete(self, post: Post, deleter_id: str) -> None:
        """sqlstore Delete: soft delete, replies of a root too; the event carries the pre-deletion post."""
        channel = self.s.channel_by_id.get(post.channel_id)
        if channel is not None and channel.delete_at:  # app/post.go DeletePost
            raise AppError(
                "api.post.delete_post.can_not_delete_post_in_deleted.error",
                400,
                message="Can not delete a post in a deleted channel.",
            )
        with self.s.write():
            before = _snapshot(post)
            reply_count = self.reply_count(post)
            now = self.s.now()
            targets = [post]
            if not post.root_id:
                targets += [self.s.post_by_id[r] for r in self.s.replies_of_root.get(post.id, [])]
            for target in targets:
                if target.delete_at:
                    continue
                target.delete_at = target.update_at = now
                self.changed(target)
                self.s.post_search.indexed(target)
                target.props = {**target.props, "deleteBy": deleter_id}
                self.s.channel_posts[target.channel_id].remove(target.create_at, target.id)
                if not target.root_id:
                    self.s.channel_roots[target.channel_id].remove(target.create_at, target.id)
                for fid in target.file_ids or ():
                    info = self.s.file_by_id.get(fid)
                    if info is not None:
                        info.delete_at = now
            if post.root_id:
                self.s.threads.after_reply_deleted(post)
                root = self.s.post_by_id.get(post.root_id)
                if root is not None:
                    root.update_at = now
                    self.changed(root)
            self.s.preferences.forget_flags(post.id)
            self.s.drafts.forget_root(post.channel_id, post.id)
            self.s.emit(catalog.post_deleted(before, deleter_id, reply_count))

    def pinned(self, channel_id: str) -> list[str]:
        ids = self.s.channel_posts[channel_id].ids()
        return [p for p in ids if self.s.post_by_id[p].is_pinned]  # sqlstore GetPinnedPosts: CreateAt ASC

    def purge_user(self, user_id: str) -> None:
        """sqlstore PermanentDeleteByUser: the rows go; channel counters stay as they were."""
        s = self.s
        doomed = [p for p in s.post_by_id.values() if p.user_id == user_id]
        gone = {p.id for p in doomed}
        for post in doomed:
            del s.post_by_id[post.id]
            s.post_search.indexed(post)
            if not post.delete_at:
                s.channel_posts[post.channel_id].remove(post.create_at, post.id)
                if not post.root_id:
                    s.channel_roots[post.channel_id].remove(post.create_at, post.id)
            s.threads.forget_root(post.id)
            s.reactions.forget_post(post.id)
        for channel_id in {p.channel_id for p in doomed}:
            ids = s.channel_all_post_ids.get(channel_id)
            if ids is not None:
                ids[:] = [i for i in ids if i not in gone]
        for replies in s.replies_of_root.values():
            if any(r in gone for r in replies):
                replies[:] = [r for r in replies if r not in gone]


def _beyond(value: int, post_id: str, cursor: int, cursor_post: str, down: bool) -> bool:
    """A thread page's cursor: after it going down, before it otherwise; ties on the time go by id when
    fromPost is given."""
    if down:
        return value > cursor or (bool(cursor_post) and value == cursor and post_id > cursor_post)
    return value < cursor or (bool(cursor_post) and value == cursor and post_id < cursor_post)


def _snapshot(post: Post) -> Post:
    """A copy of the post as it is now. Its containers are copied one level down: the store replaces props
    values rather than editing inside them, and a deep copy recurses once per level of props a client may
    nest (the server accepts 10,000)."""
    out = copy.copy(post)
    out.props, out.file_ids = dict(post.props), None if post.file_ids is None else list(post.file_ids)
    return out
