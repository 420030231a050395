"""The in-memory store: tables, indexes, one lock and an event outbox. Knows nothing about HTTP."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from mockmost.client_config import client_config
from mockmost.events import catalog
from mockmost.ids import IdSource, new_id
from mockmost.settings import Settings
from mockmost.store.audits import Audits
from mockmost.store.bots import Bots
from mockmost.store.channels import Channels
from mockmost.store.commands import Commands
from mockmost.store.drafts import Drafts
from mockmost.store.emoji import Emojis
from mockmost.store.entities import (
    Bot,
    Channel,
    ChannelMember,
    Emoji,
    FileInfo,
    OAuthAccessData,
    OAuthApp,
    OAuthAuthData,
    Post,
    Preference,
    Reaction,
    Session,
    Team,
    TeamMember,
    Thread,
    ThreadMembership,
    UploadSession,
    User,
    UserAccessToken,
)
from mockmost.store.ephemeral import Ephemeral
from mockmost.store.files import Files
from mockmost.store.indexes import SortedIndex
from mockmost.store.oauth_apps import OAuthApps
from mockmost.store.post_search import PostSearch
from mockmost.store.posts import Posts
from mockmost.store.preferences import Preferences
from mockmost.store.reactions import Reactions
from mockmost.store.reminders import PostReminder, Reminders
from mockmost.store.roles import Roles
from mockmost.store.sessions import Sessions
from mockmost.store.sidebar import Sidebar, SidebarCategory
from mockmost.store.statuses import Statuses
from mockmost.store.system_values import SystemValues
from mockmost.store.teams import Teams
from mockmost.store.threads import Threads
from mockmost.store.unreads import Unreads
from mockmost.store.uploads import Uploads
from mockmost.store.users import Users
from mockmost.store.webhooks import Webhooks

if TYPE_CHECKING:
    from mockmost.events.catalog import Event

__all__ = ["Store"]


class Store:
    """All server state. Areas are attached as attributes: store.users, store.teams, store.posts, ..."""

    def __init__(self, settings: Settings | None = None, ids: IdSource | None = None) -> None:
        self.settings = settings or Settings()
        self.ids = ids or IdSource(self.settings.id_seed)
        self.lock = threading.RLock()
        self._outbox: list[Event] = []
        self._depth = 0
        # Bumped when an outermost write ends: read caches (a channel's page of posts) hold the generation
        # they were computed at and are dropped when it moves.
        self.generation = 0
        self._last_post_time = 0
        self.publish: Callable[[list[Event]], None] = lambda events: None
        # platform/busy.go: until when (ms) the server is marked busy; 0 when it is not.
        self.busy_until_ms = 0
        # The installation (config/client DiagnosticId, TelemetryId, InstallationDate): not from the
        # seeded ids.
        self.telemetry_id = new_id()
        self.installed_at = self.now()

        self.user_by_id: dict[str, User] = {}
        self.user_id_by_username: dict[str, str] = {}
        self.user_id_by_email: dict[str, str] = {}
        self.session_by_token: dict[str, Session] = {}
        self.session_by_id: dict[str, Session] = {}
        # Tokens whose session row is gone but which the real server's session cache still honours, until
        # when (ms): see Sessions.retire_cached.
        self.session_cached_until: dict[str, int] = {}
        self.token_by_id: dict[str, UserAccessToken] = {}
        self.token_id_by_value: dict[str, str] = {}
        self.bot_by_user_id: dict[str, Bot] = {}
        self.profile_image_by_user: dict[str, bytes] = {}
        self.team_icon_by_team: dict[str, bytes] = {}
        self.preference_rows: dict[tuple[str, str, str], Preference] = {}
        self.sidebar_category_by_id: dict[str, SidebarCategory] = {}
        self.sidebar_order: dict[tuple[str, str], list[str]] = {}
        self.file_by_id: dict[str, FileInfo] = {}
        self.upload_by_id: dict[str, UploadSession] = {}
        self.reactions_of_post: dict[str, dict[tuple[str, str], Reaction]] = {}
        self.emoji_by_id: dict[str, Emoji] = {}
        self.emoji_id_by_name: dict[str, str] = {}

        self.team_by_id: dict[str, Team] = {}
        self.team_id_by_name: dict[str, str] = {}
        self.team_members: dict[str, dict[str, TeamMember]] = {}
        self.teams_of_user: dict[str, set[str]] = {}

        self.channel_by_id: dict[str, Channel] = {}
        self.channel_id_by_name: dict[tuple[str, str], str] = {}
        self.channel_members: dict[str, dict[str, ChannelMember]] = {}
        self.channels_of_user: dict[str, set[str]] = {}

        self.post_by_id: dict[str, Post] = {}
        self.channel_posts: dict[str, SortedIndex] = {}
        self.channel_roots: dict[str, SortedIndex] = {}
        self.channel_all_post_ids: dict[str, list[str]] = {}
        self.channel_posts_update_at: dict[str, int] = {}
        self.channel_roots_update_at: dict[str, int] = {}
        # wire.posts render cache: post id → (the fields it read, props, file_ids, the rendered fields)
        self.post_fields_cache: dict[
            str, tuple[tuple[Any, ...], dict[str, Any], list[str], dict[str, Any]]
        ] = {}
        # wire.posts page cache: post id → (the fields it read and the reply count, props, file_ids, JSON)
        self.post_json_cache: dict[str, tuple[tuple[Any, ...], dict[str, Any], list[str], bytes]] = {}
        # wire.posts channel pages: (channel, page, per_page, skipFetchThreads) → (generation, config, JSON)
        self.post_page_cache: dict[tuple[str, int, int, bool], tuple[int, object, bytes]] = {}
        self.thread_by_root: dict[str, Thread] = {}
        self.replies_of_root: dict[str, list[str]] = {}
        self.thread_members: dict[str, dict[str, ThreadMembership]] = {}
        self.recent_pending_posts: dict[tuple[str, str], tuple[int, str]] = {}
        self.post_reminders: dict[tuple[str, str], PostReminder] = {}
        self.oauth_app_by_id: dict[str, OAuthApp] = {}
        self.oauth_auth_by_code: dict[str, OAuthAuthData] = {}
        self.oauth_access_by_token: dict[str, OAuthAccessData] = {}

        self.users = Users(self)
        self.sessions = Sessions(self)
        self.teams = Teams(self)
        self.channels = Channels(self)
        self.posts = Posts(self)
        self.bots = Bots(self)
        self.files = Files(self)
        self.uploads = Uploads(self)
        self.reactions = Reactions(self)
        self.emoji = Emojis(self)
        self.preferences = Preferences(self)
        self.sidebar = Sidebar(self)
        self.roles = Roles(self)
        self.audits = Audits(self)
        self.system_values = SystemValues(self)
        self.webhooks = Webhooks(self)
        self.commands = Commands(self)
        self.statuses = Statuses(self)
        self.threads = Threads(self)
        self.ephemeral = Ephemeral(self)
        self.post_search = PostSearch(self)
        self.unreads = Unreads(self)
        self.reminders = Reminders(self)
        self.drafts = Drafts(self)
        self.oauth_apps = OAuthApps(self)

    def now(self) -> int:
        """The clock, never behind the newest post: post_time() runs ahead of it when several posts share a
        millisecond, and on the real server no row is ever newer than GetMillis()."""
        t = self.ids.now_ms()
        return t if t > self._last_post_time else self._last_post_time

    def post_time(self) -> int:
        """Post create_at strictly increases, so posts made in one millisecond keep their order."""
        t = self.ids.now_ms()
        if t <= self._last_post_time:
            t = self._last_post_time + 1
        self._last_post_time = t
        return t

    def is_busy(self) -> bool:
        """Busy.IsBusy: non-critical services (typing, status broadcasts) are off until the mark expires."""
        return self.busy_until_ms > self.now()

    def set_busy(self, until_ms: int) -> None:
        """platform/busy.go Set and Clear (0)."""
        with self.write():
            self.busy_until_ms = until_ms

    def save_config(self, config: dict[str, dict[str, Any]]) -> None:
        """App.SaveConfig: the new config, and `config_changed` with the client config to every connection
        (platform/service.go)."""
        with self.write():
            self.settings.config = config
            self.emit(
                catalog.config_changed(
                    client_config(self.settings, True, self.telemetry_id, self.installed_at)
                )
            )

    def new_id(self) -> str:
        return self.ids.new_id()

    def write(self) -> _Write:
        """Hold the lock for one mutation; publish its events after the outermost write commits.

        On an AppError nothing may have been written (areas validate before mutating), and any
        events buffered by the failed write are dropped.
        """
        return _Write(self)

    def emit(self, *events: Event | list[Event]) -> None:
        for event in events:
            if isinstance(event, list):
                self._outbox.extend(event)
            else:
                self._outbox.append(event)

    def pending_mark(self) -> int:
        return len(self._outbox)

    def pending_since(self, mark: int) -> list[Event]:
        """The events the write in progress emitted after `pending_mark()` returned `mark`."""
        return self._outbox[mark:]

    def drop_pending(self, unwanted: Callable[[Event], bool]) -> None:
        """Take back events emitted by the write in progress (not yet published)."""
        self._outbox[:] = [e for e in self._outbox if not unwanted(e)]


class _Write:
    """Store.write() as a plain context manager: it runs several times per request, and a generator-based
    one costs several times more."""

    __slots__ = ("store", "mark")

    def __init__(self, store: Store) -> None:
        self.store = store
        self.mark = 0

    def __enter__(self) -> None:
        store = self.store
        store.lock.acquire()
        self.mark = len(store._outbox)
        store._depth += 1

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        store = self.store
        published: list[Event] = []
        try:
            if exc_type is not None:
                del store._outbox[self.mark :]
            store._depth -= 1
            if store._depth == 0:
                store.generation += 1
                published, store._outbox = store._outbox, []
        finally:
            store.lock.release()
        if published:
            store.publish(published)
