"""Reactions: save (upsert), delete, list, and the post's has_reactions flag.

Upstream: server/channels/app/reaction.go (SaveReactionForPost, DeleteReactionForPost,
GetBulkReactionsForPosts, sendReactionEvent), server/public/model/reaction.go (IsValid, PreSave,
PreUpdate), server/channels/store/sqlstore/reaction_store.go (saveReactionAndUpdatePost,
deleteReactionAndUpdatePost, GetForPost, DeleteAllWithEmojiName).
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from mockmost.errors import AppError
from mockmost.events import catalog
from mockmost.store.emoji import is_system_emoji, valid_emoji_name
from mockmost.store.entities import Post, Reaction

if TYPE_CHECKING:
    from mockmost.store import Store


class Reactions:
    def __init__(self, store: Store) -> None:
        self.s = store

    def for_post(self, post_id: str) -> list[Reaction]:
        """sqlstore GetForPost: not deleted, by create_at."""
        rows = self.s.reactions_of_post.get(post_id, {})
        return sorted((r for r in rows.values() if not r.delete_at), key=lambda r: r.create_at)

    def _check_emoji(self, name: str) -> None:
        """A system emoji, else an existing custom one (GetEmojiByName's 403/404)."""
        if not is_system_emoji(name):
            self.s.emoji.get_by_name(name)

    def _writable_post(self, post_id: str, archived_error: str) -> Post:
        post = self.s.posts.get(post_id)
        channel = self.s.channel_by_id.get(post.channel_id)
        if channel is None:
            raise AppError(
                "app.channel.get.existing.app_error", 404, message="Unable to find the existing channel."
            )
        if channel.delete_at:
            raise AppError(archived_error, 403, message="You cannot react to a post in an archived channel.")
        return post

    def save(self, user_id: str, post_id: str, emoji_name: str) -> Reaction:
        """app SaveReactionForPost: post, emoji, unique-emoji limit, archived channel, then upsert."""
        post = self.s.posts.get(post_id)
        self._check_emoji(emoji_name)
        rows = self.s.reactions_of_post.get(post_id, {})
        active = {r.emoji_name for r in rows.values() if not r.delete_at}
        if emoji_name not in active and len(active) >= self.s.settings.get(
            "ServiceSettings.UniqueEmojiReactionLimitPerPost"
        ):
            raise AppError(
                "app.reaction.save.save.too_many_reactions",
                400,
                message="Reaction limit has been reached for this post.",
            )
        self._writable_post(post_id, "api.reaction.save.archived_channel.app_error")
        if not valid_emoji_name(emoji_name):
            raise AppError(
                "model.reaction.is_valid.emoji_name.app_error",
                400,
                message="Invalid emoji name.",
                detailed_error=f"emoji_name={emoji_name}",
            )
        with self.s.write():
            now = self.s.now()
            key = (user_id, emoji_name)
            row = self.s.reactions_of_post.setdefault(post_id, {}).get(key)
            if row is None:
                row = Reaction(
                    user_id=user_id,
                    post_id=post_id,
                    emoji_name=emoji_name,
                    create_at=now,
                    update_at=now,
                    channel_id=post.channel_id,
                )
                self.s.reactions_of_post[post_id][key] = row
            else:
                row.update_at, row.delete_at, row.channel_id = now, 0, post.channel_id
            post.has_reactions = True
            post.update_at = max(
                now, post.update_at + 1
            )  # posts made this millisecond may be ahead of the clock
            self.s.posts.changed(post)
            # The server answers with the object it saved, whose create_at PreSave set to now.
            saved = dataclasses.replace(row, create_at=now)
            self.s.emit(catalog.reaction_added(saved))
        return saved

    def delete(self, user_id: str, post_id: str, emoji_name: str) -> Reaction:
        """app DeleteReactionForPost: idempotent; the event carries the object rebuilt from the request."""
        post = self._writable_post(post_id, "api.reaction.delete.archived_channel.app_error")
        with self.s.write():
            now = self.s.now()
            row = self.s.reactions_of_post.get(post_id, {}).get((user_id, emoji_name))
            if row is not None and not row.delete_at:
                row.delete_at = row.update_at = now
            self._refresh_post(post, now)
            removed = Reaction(
                user_id=user_id,
                post_id=post_id,
                emoji_name=emoji_name,
                create_at=0,
                update_at=now,
                channel_id="",
            )
            self.s.emit(catalog.reaction_removed(removed, post.channel_id))
        return removed

    def _refresh_post(self, post: Post, now: int) -> None:
        rows = self.s.reactions_of_post.get(post.id, {})
        post.has_reactions = any(not r.delete_at for r in rows.values())
        post.update_at = max(now, post.update_at + 1)
        self.s.posts.changed(post)

    def delete_all_with_emoji_name(self, emoji_name: str) -> None:
        """sqlstore DeleteAllWithEmojiName (a custom emoji was deleted); no events."""
        now = self.s.now()
        for post_id, rows in self.s.reactions_of_post.items():
            hit = [k for k, r in rows.items() if r.emoji_name == emoji_name and not r.delete_at]
            for key in hit:
                rows[key].delete_at = rows[key].update_at = now
            post = self.s.post_by_id.get(post_id)
            if hit and post is not None:
                self._refresh_post(post, now)

    def bulk(self, post_ids: list[str]) -> dict[str, list[Reaction]]:
        """app GetBulkReactionsForPosts: every requested id is a key, [] when it has none."""
        return {pid: self.for_post(pid) for pid in post_ids}

    def purge_user(self, user_id: str) -> None:
        for rows in self.s.reactions_of_post.values():
            for key in [k for k in rows if k[0] == user_id]:
                del rows[key]

    def forget_post(self, post_id: str) -> None:
        self.s.reactions_of_post.pop(post_id, None)
