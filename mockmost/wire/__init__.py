"""Entity → Mattermost JSON. The only place wire shapes are written; one submodule per area."""

from mockmost.wire import etags
from mockmost.wire import integrations as _integrations  # noqa: F401 - registers post metadata
from mockmost.wire.channels import channel, channel_member, channel_unread
from mockmost.wire.drafts import draft, drafts_or_null
from mockmost.wire.emoji import emoji
from mockmost.wire.files import file_info, file_info_list, file_upload_response, upload_session
from mockmost.wire.posts import channel_page_json, post, post_list, post_list_json
from mockmost.wire.preferences import preference
from mockmost.wire.reactions import reaction, reactions_or_null
from mockmost.wire.roles import audit, role
from mockmost.wire.teams import team, team_for, team_member
from mockmost.wire.threads import add_collapsed_thread_fields, add_thread_fields, user_thread, user_threads
from mockmost.wire.unreads import channel_unread_at, post_search_results
from mockmost.wire.users import bot, session, user, user_access_token, users_for, users_with_groups

__all__ = [
    "etags",
    "emoji",
    "file_info",
    "file_info_list",
    "file_upload_response",
    "preference",
    "reaction",
    "reactions_or_null",
    "upload_session",
    "bot",
    "channel",
    "channel_member",
    "channel_unread",
    "post",
    "post_list",
    "post_list_json",
    "channel_page_json",
    "session",
    "team",
    "team_member",
    "user",
    "user_access_token",
    "team_for",
    "users_for",
    "users_with_groups",
    "user_thread",
    "user_threads",
    "add_collapsed_thread_fields",
    "add_thread_fields",
    "channel_unread_at",
    "post_search_results",
    "role",
    "audit",
    "draft",
    "drafts_or_null",
]
