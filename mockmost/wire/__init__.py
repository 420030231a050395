"""Entity → Mattermost JSON. The only place wire shapes are written; one submodule per area."""

from mockmost.wire.channels import channel, channel_member, channel_unread
from mockmost.wire.posts import post, post_list
from mockmost.wire.teams import team, team_member
from mockmost.wire.users import bot, session, user, user_access_token

__all__ = [
    "bot", "channel", "channel_member", "channel_unread", "post", "post_list", "session", "team", "team_member",
    "user", "user_access_token",
]
