"""Post reminders ("remind me about this post"): stored per (post, user), acknowledged with an ephemeral
post. Upstream: app/post.go SetPostReminder, sqlstore/post_store.go SetPostReminder (one per post and
user, replaced on save), model/post.go PostTypeReminder. The job that later sends the reminder from
system-bot (app/post.go CheckPostReminders) is not run by mockmost.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from mockmost.events import catalog
from mockmost.store.entities import Post

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

    def set(self, post: Post, user_id: str, target_time: int, site_url: str) -> Post:
        """Saves the reminder and sends the user an ephemeral acknowledgement in the post's thread."""
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
            )
            self.s.emit(catalog.ephemeral_message(ack, user_id))
        return ack
