"""Route tables, one module per OpenAPI tag, listed explicitly."""

from mockmost.http.dispatch import Route
from mockmost.routes import channel_directory, channels, posts, system, teams, user_auth, user_tokens, users
from mockmost.routes import emoji, files, post_files, post_flags, preferences, reactions, uploads
from mockmost.routes import commands, integration_actions, post_actions, webhooks
from mockmost.routes import bots, post_ephemeral, post_reminders, post_search, post_unread, threads
from mockmost.routes import licensed_features, sidebar, user_admin, user_lookups, websocket_http
from mockmost.routes import status, user_typing

ROUTES: list[Route] = [
    *users.ROUTES,
    *user_lookups.ROUTES,
    *user_admin.ROUTES,
    *user_auth.ROUTES,
    *user_tokens.ROUTES,
    *teams.ROUTES,
    *channels.ROUTES,
    *channel_directory.ROUTES,
    *sidebar.ROUTES,
    *posts.ROUTES,
    *system.ROUTES,
    *files.ROUTES,
    *uploads.ROUTES,
    *post_files.ROUTES,
    *post_flags.ROUTES,
    *reactions.ROUTES,
    *emoji.ROUTES,
    *webhooks.ROUTES,
    *commands.ROUTES,
    *integration_actions.ROUTES,
    *post_actions.ROUTES,
    *preferences.ROUTES,
    *bots.ROUTES,
    *status.ROUTES,
    *user_typing.ROUTES,
    *threads.ROUTES,
    *post_ephemeral.ROUTES,
    *post_search.ROUTES,
    *post_unread.ROUTES,
    *post_reminders.ROUTES,
    *websocket_http.ROUTES,
    *licensed_features.ROUTES,
]
