"""Post reminders ("remind me about this post"): stored per (post, user), acknowledged with an ephemeral
post. Upstream: app/post.go SetPostReminder, sqlstore/post_store.go SetPostReminder (one per post and
user, replaced on save), model/post.go PostTypeReminder. The job that later sends the reminder from
system-bot (app/post.go CheckPostReminders) is `fire_due`; mockmost.jobs runs it (every 5 minutes under
serve, on demand in tests).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from mockmost.errors import AppError
from mockmost.events import catalog
from mockmost.store.entities import Channel, Post, User

if TYPE_CHECKING:
    from mockmost.store import Store


@dataclass(slots=True)
class PostReminder:
    post_id: str
    user_id: str
    target_time: int  # seconds since the epoch


class Reminders:
    def __init__(self, store: Store) -> None:
        self.s = store

    def set(
        self,
        post: Post,
        user_id: str,
        target_time: int,
        site_url: str,
        can_read: Callable[[Channel], bool] | None = None,
    ) -> Post:
        """Saves the reminder and sends the user an ephemeral acknowledgement in the post's thread; its
        permalink is previewed when `can_read` (the user's read access to a channel) allows
        (SendEphemeralPost)."""
        channel = self.s.channels.get(post.channel_id)
        team = self.s.team_by_id.get(channel.team_id)
        team_name = team.name if team is not None else ""
        author = self.s.user_by_id.get(post.user_id)
        username = author.username if author is not None else ""
        permalink = f"{site_url}/{team_name}/pl/{post.id}" if team_name else f"{site_url}/pl/{post.id}"
        try:
            when = time.strftime("%d %b %y %H:%M UTC", time.gmtime(target_time))  # Go time.RFC822 in UTC
        except (OverflowError, OSError, ValueError):
            when = "01 Jan 70 00:00 UTC"  # beyond what Python's clock can show
        with self.s.write():
            self.s.post_reminders[(post.id, user_id)] = PostReminder(post.id, user_id, target_time)
            ack = Post(
                id=self.s.new_id(),
                channel_id=channel.id,
                user_id=user_id,
                root_id=post.id,
                create_at=self.s.now(),
                update_at=0,
                type="system_ephemeral",
                message=f"You will be reminded about {permalink} by @{username} at {when}",
                props={
                    "target_time": target_time,
                    "team_name": team_name,
                    "post_id": post.id,
                    "username": username,
                    "type": "reminder",
                },
                file_ids=None,  # type: ignore[arg-type]
            )
            if can_read is not None:
                ack.preview_post_id = self.s.ephemeral.preview_for(ack.message, site_url, can_read)
            self.s.emit(catalog.ephemeral_message(ack, user_id))
        return ack

    def system_bot(self) -> User:
        """app/bot.go GetOrCreateSystemOwnedBot: `system-bot` ("System"), owned by the first system admin."""
        existing = self.s.users.find_by_username("system-bot")
        if existing is not None:
            return existing
        admins = sorted(
            (u for u in self.s.users.all() if u.is_system_admin and not u.delete_at and not u.is_bot),
            key=lambda u: u.username,
        )
        if not admins:
            raise AppError(
                "app.bot.get_system_bot.empty_admin_list.app_error", 500, message="List of admins is empty."
            )
        bot = self.s.bots.create(admins[0].id, {"username": "system-bot", "display_name": "System"})
        return self.s.users.get(bot.user_id)

    def fire_due(self, now_seconds: int | None = None, site_url: str = "") -> list[Post]:
        """app/post.go CheckPostReminders (a job the real server runs every few minutes; call it to run it
        here): each due reminder is removed and system-bot sends the user a `reminder` post in their DM."""
        now_seconds = self.s.now() // 1000 if now_seconds is None else now_seconds
        due = [r for r in self.s.post_reminders.values() if r.target_time <= now_seconds]
        if not due:
            return []
        sent: list[Post] = []
        with self.s.write():
            bot = self.system_bot()
            for reminder in due:
                del self.s.post_reminders[(reminder.post_id, reminder.user_id)]
                user = self.s.user_by_id.get(reminder.user_id)
                post = self.s.post_by_id.get(reminder.post_id)
                if user is None or post is None:
                    continue
                channel = self.s.channel_by_id[post.channel_id]
                team = self.s.team_by_id.get(channel.team_id)
                team_name = team.name if team is not None else ""
                author = self.s.user_by_id.get(post.user_id)
                username = author.username if author is not None else ""
                dm = self.s.channels.get_or_create_direct(user, bot, user.id)
                sent.append(
                    self.s.posts.create(
                        bot,
                        dm,
                        {
                            "type": "reminder",
                            "message": f"Hi there, here's your reminder about this message from @{username}: "
                            f"{site_url}/{team_name}/pl/{post.id}",
                            "props": {"team_name": team_name, "post_id": post.id, "username": username},
                        },
                    )
                )
        return sent
