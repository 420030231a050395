"""Entities of the in-memory store, with Mattermost's JSON field names. Upstream: server/public/model/*.go."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


def default_user_notify_props() -> dict[str, str]:
    # model/user.go SetDefaultNotifications
    return {
        "email": "true",
        "push": "mention",
        "desktop": "mention",
        "desktop_sound": "true",
        "mention_keys": "",
        "channel": "true",
        "push_status": "online",
        "comments": "never",
        "first_name": "false",
        "desktop_threads": "all",
        "email_threads": "all",
        "push_threads": "all",
    }


def default_timezone() -> dict[str, str]:
    return {"automaticTimezone": "", "manualTimezone": "", "useAutomaticTimezone": "true"}


def default_channel_notify_props() -> dict[str, str]:
    # model/channel_member.go GetDefaultChannelNotifyProps
    return {
        "desktop": "default",
        "mark_unread": "all",
        "push": "default",
        "email": "default",
        "ignore_channel_mentions": "default",
        "channel_auto_follow_threads": "off",
    }


@dataclass(slots=True)
class User:
    id: str
    username: str
    email: str
    create_at: int = 0
    update_at: int = 0
    delete_at: int = 0
    password_hash: str = ""
    auth_data: str | None = None
    auth_service: str = ""
    email_verified: bool = False
    nickname: str = ""
    first_name: str = ""
    last_name: str = ""
    position: str = ""
    roles: str = "system_user"
    allow_marketing: bool = False
    props: dict[str, str] = field(default_factory=dict)
    notify_props: dict[str, str] = field(default_factory=default_user_notify_props)
    last_password_update: int = 0
    last_picture_update: int = 0
    failed_attempts: int = 0
    locale: str = "en"
    timezone: dict[str, str] = field(default_factory=default_timezone)
    mfa_active: bool = False
    last_activity_at: int = 0
    is_bot: bool = False
    bot_description: str = ""
    bot_last_icon_update: int = 0
    disable_welcome_email: bool = False
    # model.User.RemoteId: "" for users made on this server (a pointer set on save), an id for remote users.
    remote_id: str | None = ""
    last_login: int = 0
    # Only on the copy PUT /users answers and announces when the body had no timezone (Go's nil map, null);
    # the stored user reads back with an empty one.
    timezone_null: bool = False

    def has_role(self, role: str) -> bool:
        return role in self.roles.split()

    @property
    def is_system_admin(self) -> bool:
        return self.has_role("system_admin")


@dataclass(slots=True)
class Session:
    id: str
    token: str
    user_id: str
    create_at: int
    expires_at: int
    last_activity_at: int
    roles: str
    device_id: str = ""
    is_oauth: bool = False
    expired_notify: bool = False
    local: bool = False
    props: dict[str, str] = field(default_factory=dict)

    @property
    def is_bot(self) -> bool:
        return self.props.get("is_bot") == "true"

    @property
    def csrf(self) -> str:
        return self.props.get("csrf", "")


@dataclass(slots=True)
class UserAccessToken:
    id: str
    token: str
    user_id: str
    description: str
    is_active: bool = True


@dataclass(slots=True)
class Bot:
    user_id: str
    username: str
    owner_id: str
    create_at: int
    update_at: int
    display_name: str = ""
    description: str = ""
    delete_at: int = 0
    last_icon_update: int = 0


@dataclass(slots=True)
class Team:
    id: str
    name: str
    display_name: str
    type: str
    create_at: int = 0
    update_at: int = 0
    delete_at: int = 0
    description: str = ""
    email: str = ""
    company_name: str = ""
    allowed_domains: str = ""
    invite_id: str = ""
    allow_open_invite: bool = False
    scheme_id: str | None = None
    group_constrained: bool | None = None
    policy_id: str | None = None
    cloud_limits_archived: bool = False
    last_team_icon_update: int = 0


@dataclass(slots=True)
class TeamMember:
    team_id: str
    user_id: str
    create_at: int = 0
    delete_at: int = 0
    scheme_guest: bool = False
    scheme_user: bool = True
    scheme_admin: bool = False
    explicit_roles: str = ""

    @property
    def roles(self) -> str:
        parts = self.explicit_roles.split()
        if self.scheme_guest:
            parts.append("team_guest")
        if self.scheme_user:
            parts.append("team_user")
        if self.scheme_admin:
            parts.append("team_admin")
        return " ".join(parts)


@dataclass(slots=True)
class Channel:
    id: str
    team_id: str
    type: str
    name: str
    display_name: str
    create_at: int = 0
    update_at: int = 0
    delete_at: int = 0
    header: str = ""
    purpose: str = ""
    last_post_at: int = 0
    total_msg_count: int = 0
    extra_update_at: int = 0
    creator_id: str = ""
    scheme_id: str | None = None
    props: dict[str, Any] | None = None
    group_constrained: bool | None = None
    shared: bool | None = None
    total_msg_count_root: int = 0
    policy_id: str | None = None
    last_root_post_at: int = 0
    banner_info: dict[str, Any] | None = None
    policy_enforced: bool = False
    default_category_name: str = ""


@dataclass(slots=True)
class ChannelMember:
    channel_id: str
    user_id: str
    last_viewed_at: int = 0
    msg_count: int = 0
    mention_count: int = 0
    mention_count_root: int = 0
    urgent_mention_count: int = 0
    msg_count_root: int = 0
    notify_props: dict[str, str] = field(default_factory=default_channel_notify_props)
    last_update_at: int = 0
    scheme_guest: bool = False
    scheme_user: bool = True
    scheme_admin: bool = False
    explicit_roles: str = ""

    @property
    def roles(self) -> str:
        parts = self.explicit_roles.split()
        if self.scheme_guest:
            parts.append("channel_guest")
        if self.scheme_user:
            parts.append("channel_user")
        if self.scheme_admin:
            parts.append("channel_admin")
        return " ".join(parts)


@dataclass(slots=True)
class Post:
    id: str
    channel_id: str
    user_id: str
    message: str
    create_at: int
    update_at: int
    edit_at: int = 0
    delete_at: int = 0
    is_pinned: bool = False
    root_id: str = ""
    original_id: str = ""
    type: str = ""
    props: dict[str, Any] = field(default_factory=dict)
    hashtags: str = ""
    file_ids: list[str] = field(default_factory=list)
    pending_post_id: str = ""
    remote_id: str | None = None
    has_reactions: bool = False
    last_reply_at: int = 0
    # An ephemeral post's permalink preview, resolved when it is sent (app/post.go SendEphemeralPost:
    # getEmbedsAndImages, then SanitizePostMetadataForUser): the post its metadata embeds, or "".
    preview_post_id: str = ""


@dataclass(slots=True)
class Thread:
    """A thread record (root post id), kept per root: replies, last reply time, participants in order."""

    post_id: str
    channel_id: str
    reply_count: int = 0
    last_reply_at: int = 0
    participants: list[str] = field(default_factory=list)


@dataclass(slots=True)
class ThreadMembership:
    post_id: str
    user_id: str
    following: bool = True
    last_viewed: int = 0
    last_updated: int = 0
    unread_mentions: int = 0


@dataclass(slots=True)
class Reaction:
    user_id: str
    post_id: str
    emoji_name: str
    create_at: int
    update_at: int
    channel_id: str
    delete_at: int = 0
    remote_id: str = ""


@dataclass(slots=True)
class Draft:
    """A synced draft (model/draft.go): one per user, channel and thread root."""

    user_id: str
    channel_id: str
    root_id: str
    message: str
    create_at: int = 0
    update_at: int = 0
    props: dict[str, Any] = field(default_factory=dict)
    file_ids: list[str] = field(default_factory=list)
    priority: dict[str, Any] | None = None


@dataclass(slots=True)
class FileInfo:
    id: str
    user_id: str
    channel_id: str
    name: str
    extension: str
    size: int
    mime_type: str
    create_at: int
    update_at: int
    delete_at: int = 0
    post_id: str = ""
    width: int = 0
    height: int = 0
    has_preview_image: bool = False
    mini_preview: bytes | None = None
    remote_id: str = ""
    archived: bool = False
    content: bytes = b""
    # Made once at upload (app/file.go postprocessImage) and served as they are; None: no thumbnail.
    thumbnail: bytes | None = None
    preview: bytes | None = None


@dataclass(slots=True)
class UploadSession:
    """A resumable upload (model/upload_session.go); `data` holds the bytes received so far."""

    id: str
    type: str
    create_at: int
    user_id: str
    channel_id: str
    filename: str
    file_size: int
    file_offset: int = 0
    remote_id: str = ""
    req_file_id: str = ""
    data: bytearray = field(default_factory=bytearray)


@dataclass(slots=True)
class Preference:
    user_id: str
    category: str
    name: str
    value: str


@dataclass(slots=True)
class Status:
    user_id: str
    status: str = "offline"
    manual: bool = False
    last_activity_at: int = 0
    dnd_end_time: int = 0
    prev_status: str = ""  # not serialised (model/status.go PrevStatus `json:"-"`)


@dataclass(slots=True)
class IncomingWebhook:
    id: str
    user_id: str
    channel_id: str
    team_id: str
    create_at: int
    update_at: int
    delete_at: int = 0
    display_name: str = ""
    description: str = ""
    username: str = ""
    icon_url: str = ""
    channel_locked: bool = False


@dataclass(slots=True)
class OutgoingWebhook:
    id: str
    token: str
    creator_id: str
    team_id: str
    create_at: int
    update_at: int
    delete_at: int = 0
    channel_id: str = ""
    trigger_words: list[str] = field(default_factory=list)
    trigger_when: int = 0
    callback_urls: list[str] = field(default_factory=list)
    display_name: str = ""
    description: str = ""
    content_type: str = ""
    username: str = ""
    icon_url: str = ""


@dataclass(slots=True)
class Command:
    id: str
    token: str
    creator_id: str
    team_id: str
    trigger: str
    url: str
    create_at: int
    update_at: int
    delete_at: int = 0
    method: str = "P"
    username: str = ""
    icon_url: str = ""
    auto_complete: bool = False
    auto_complete_desc: str = ""
    auto_complete_hint: str = ""
    display_name: str = ""
    description: str = ""
    plugin_id: str = ""
    # Echoed by create and update when the body sets them, never stored (db:"-" on model.Command).
    autocomplete_data: dict[str, Any] | None = None
    autocomplete_icon_data: str = ""


@dataclass(slots=True)
class CommandWebhook:
    """A slash command's response_url (model/command_webhook.go): 5 uses within 30 minutes."""

    id: str
    create_at: int
    command_id: str
    user_id: str
    channel_id: str
    root_id: str = ""
    use_count: int = 0


@dataclass(slots=True)
class Emoji:
    id: str
    creator_id: str
    name: str
    create_at: int
    update_at: int
    delete_at: int = 0
    image: bytes = b""
    content_type: str = "image/png"


@dataclass(slots=True)
class UserThread:
    """A thread as one user sees it (model/thread.go ThreadResponse), snapshot for replies and events.

    `participants` are users (bare User(id) records unless `extended`, which renders full profiles)."""

    id: str
    reply_count: int
    last_reply_at: int
    last_viewed_at: int
    participants: list[User]
    post: Post | None
    unread_replies: int
    unread_mentions: int
    is_urgent: bool = False
    delete_at: int = 0
    extended: bool = False


@dataclass(slots=True)
class Role:
    """model/role.go Role: a named set of permissions; built-in roles are created with the server."""

    id: str
    name: str
    display_name: str
    description: str
    create_at: int
    update_at: int
    permissions: list[str]
    scheme_managed: bool
    built_in: bool
    delete_at: int = 0


@dataclass(slots=True)
class OAuthApp:
    """model.OAuthApp: an app registered with the OAuth 2.0 service provider."""

    id: str
    creator_id: str
    create_at: int
    update_at: int
    client_secret: str
    name: str
    description: str = ""
    icon_url: str = ""
    callback_urls: list[str] = field(default_factory=list)
    homepage: str = ""
    is_trusted: bool = False
    mattermost_app_id: str = ""
    is_dynamically_registered: bool = False

    @property
    def is_public_client(self) -> bool:
        """GetTokenEndpointAuthMethod() == "none": an app with no secret."""
        return self.client_secret == ""


@dataclass(slots=True)
class OAuthAuthData:
    """model.AuthData: an authorisation code waiting to be exchanged."""

    client_id: str
    user_id: str
    code: str
    create_at: int
    redirect_uri: str
    state: str = ""
    scope: str = "user"
    expires_in: int = 600  # model.AuthCodeExpireTime, seconds
    code_challenge: str = ""
    code_challenge_method: str = ""
    resource: str = ""


@dataclass(slots=True)
class OAuthAccessData:
    """model.AccessData: the session token an app got for a user, and its refresh token."""

    client_id: str
    user_id: str
    token: str
    refresh_token: str
    redirect_uri: str
    expires_at: int
    scope: str = "user"
    audience: str = ""
