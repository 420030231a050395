"""Config.IsValid: the checks PUT /config and /config/patch run on the merged config, in the server's order
(the first failure is the answer). Upstream: server/public/model/config.go IsValid and the per-section
isValid methods; texts from server/i18n/en.json.

mockmost holds a subset of the config; a key it does not hold reads as the server's default, which passes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from mockmost.errors import AppError

Get = Callable[[str, str, Any], Any]

PASSWORD_MIN, PASSWORD_MAX = 5, 72  # model/user.go PasswordMinimumLength / PasswordMaximumLength
SITENAME_MAX = 30  # model/config.go SitenameMaxLength
_STORAGE_CLASSES = frozenset(
    {
        "STANDARD",
        "REDUCED_REDUNDANCY",
        "STANDARD_IA",
        "ONEZONE_IA",
        "INTELLIGENT_TIERING",
        "GLACIER",
        "DEEP_ARCHIVE",
        "OUTPOSTS",
        "GLACIER_IR",
        "SNOW",
        "EXPRESS_ONEZONE",
    }
)
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")


def _not_request_uri(value: Any) -> bool:
    """url.ParseRequestURI fails: neither an absolute URL (scheme:...) nor an absolute path, or a host with
    characters no host may hold."""
    if not isinstance(value, str) or value == "":
        return False
    if value.startswith("/"):
        return any(c in value for c in " \t\r\n")
    if not _SCHEME.match(value):
        return True
    rest = value.split(":", 1)[1]
    if rest.startswith("//"):
        host = re.split(r"[/?#]", rest[2:], maxsplit=1)[0]
        return any(c in host for c in ' \t\r\n<>"{}|\\^`%') and not re.search(r"%[0-9A-Fa-f]{2}", host)
    return False


def _positive(section: str, key: str) -> Callable[[Get], bool]:
    return lambda get: not get(section, key, 1) > 0


def _one_of(section: str, key: str, allowed: tuple[str, ...], default: str) -> Callable[[Get], bool]:
    return lambda get: get(section, key, default) not in allowed


def _trimmed(section: str, key: str) -> Callable[[Get], bool]:
    return lambda get: (lambda v: isinstance(v, str) and v.strip() != v)(get(section, key, ""))


# (error id, message, is_invalid): Config.IsValid order.
RULES: list[tuple[str, str, Callable[[Get], bool]]] = [
    (
        "site_url_email_batching",
        "Unable to enable email batching when SiteURL isn't set.",
        lambda get: (
            get("ServiceSettings", "SiteURL", "") == "" and get("EmailSettings", "EnableEmailBatching", False)
        ),
    ),
    (
        "cluster_email_batching",
        "Unable to enable email batching when clustering is enabled.",
        lambda get: bool(
            get("ClusterSettings", "Enable", False) and get("EmailSettings", "EnableEmailBatching", False)
        ),
    ),
    (
        "allow_cookies_for_subdomains",
        "Allowing cookies for subdomains requires SiteURL to be set.",
        lambda get: (
            get("ServiceSettings", "SiteURL", "") == ""
            and bool(get("ServiceSettings", "AllowCookiesForSubdomains", False))
        ),
    ),
    # TeamSettings.isValid
    (
        "max_users",
        "Invalid maximum users per team for team settings. Must be a positive number.",
        _positive("TeamSettings", "MaxUsersPerTeam"),
    ),
    (
        "max_channels",
        "Invalid maximum channels per team for team settings. Must be a positive number.",
        _positive("TeamSettings", "MaxChannelsPerTeam"),
    ),
    (
        "user_status_away_timeout",
        "Invalid value for user status away timeout. Must be a positive number.",
        _positive("TeamSettings", "UserStatusAwayTimeout"),
    ),
    (
        "max_notify_per_channel",
        "Invalid maximum notifications per channel for team settings. Must be a positive number.",
        _positive("TeamSettings", "MaxNotificationsPerChannel"),
    ),
    (
        "restrict_direct_message",
        "Invalid direct message restriction. Must be 'any', or 'team'.",
        _one_of("TeamSettings", "RestrictDirectMessage", ("any", "team"), "any"),
    ),
    (
        "teammate_name_display",
        "Invalid teammate display. Must be 'full_name', 'nickname_full_name' or 'username'.",
        _one_of(
            "TeamSettings", "TeammateNameDisplay", ("full_name", "nickname_full_name", "username"), "username"
        ),
    ),
    (
        "sitename_length",
        f"Site name must be less than or equal to {SITENAME_MAX} characters.",
        lambda get: len(get("TeamSettings", "SiteName", "").encode()) > SITENAME_MAX,
    ),
    (
        "experimental_view_archived_channels",
        "Hiding archived channels is no longer supported. Make these channels private "
        "and remove members instead.",
        lambda get: not get("TeamSettings", "ExperimentalViewArchivedChannels", True),
    ),
    # ExperimentalSettings.isValid
    (
        "client_side_cert_enable",
        "Certificate-based authentication has been removed. Please disable ClientSideCertEnable to continue.",
        lambda get: bool(get("ExperimentalSettings", "ClientSideCertEnable", False)),
    ),
    (
        "link_metadata_timeout",
        "Invalid value for link metadata timeout. Must be a positive number.",
        _positive("ExperimentalSettings", "LinkMetadataTimeoutMilliseconds"),
    ),
    # FileSettings.isValid
    (
        "max_file_size",
        "Invalid max file size for file settings. Must be a whole number greater than zero.",
        _positive("FileSettings", "MaxFileSize"),
    ),
    (
        "file_driver",
        "Invalid driver name for file settings. Must be 'local' or 'amazons3'.",
        _one_of("FileSettings", "DriverName", ("local", "amazons3"), "local"),
    ),
    (
        "file_salt",
        "Invalid public link salt for file settings. Must be 32 chars or more.",
        lambda get: 0 < len(get("FileSettings", "PublicLinkSalt", "")) < 32,
    ),
    (
        "directory",
        "Invalid Local Storage Directory. Must be a non-empty string.",
        lambda get: get("FileSettings", "Directory", "./data/") == "",
    ),
    (
        "directory_whitespace",
        'Leading or trailing whitespace detected for FileSettings.Directory. Found "{value}".',
        _trimmed("FileSettings", "Directory"),
    ),
    (
        "image_decoder_concurrency",
        "Invalid decoder concurrency {value}. Should be a positive number or -1.",
        lambda get: (
            get("FileSettings", "MaxImageDecoderConcurrency", -1) < -1
            or get("FileSettings", "MaxImageDecoderConcurrency", -1) == 0
        ),
    ),
    (
        "amazons3_timeout",
        "Invalid timeout value {value}. Should be a positive number.",
        _positive("FileSettings", "AmazonS3RequestTimeoutMilliseconds"),
    ),
    (
        "storage_class",
        "Invalid storage class {value}.",
        lambda get: get("FileSettings", "AmazonS3StorageClass", "") not in ("", *_STORAGE_CLASSES),
    ),
    # EmailSettings.isValid
    (
        "email_security",
        "Invalid connection security for email settings. Must be '', 'TLS', or 'STARTTLS'.",
        _one_of("EmailSettings", "ConnectionSecurity", ("", "TLS", "STARTTLS", "PLAIN"), ""),
    ),
    (
        "email_batching_buffer_size",
        "Invalid email batching buffer size for email settings. Must be zero or a positive number.",
        _positive("EmailSettings", "EmailBatchingBufferSize"),
    ),
    (
        "email_batching_interval",
        "Invalid email batching interval for email settings. Must be 30 seconds or more.",
        lambda get: get("EmailSettings", "EmailBatchingInterval", 30) < 30,
    ),
    (
        "email_notification_contents_type",
        "Invalid email notification contents type for email settings. Must be one of "
        "either 'full' or 'generic'.",
        _one_of("EmailSettings", "EmailNotificationContentsType", ("full", "generic"), "full"),
    ),
    (
        "password_length",
        f"Minimum password length must be a whole number greater than or equal to {PASSWORD_MIN} "
        f"and less than or equal to {PASSWORD_MAX}.",
        lambda get: not PASSWORD_MIN <= get("PasswordSettings", "MinimumLength", 8) <= PASSWORD_MAX,
    ),
    # RateLimitSettings.isValid
    (
        "rate_mem",
        "Invalid memory store size for rate limit settings. Must be a positive number.",
        _positive("RateLimitSettings", "MemoryStoreSize"),
    ),
    (
        "rate_sec",
        "Invalid per sec for rate limit settings. Must be a positive number.",
        _positive("RateLimitSettings", "PerSec"),
    ),
    (
        "max_burst",
        "Maximum burst size must be greater than zero.",
        _positive("RateLimitSettings", "MaxBurst"),
    ),
    # ServiceSettings.isValid
    (
        "webserver_security",
        "Invalid value for webserver connection security.",
        _one_of("ServiceSettings", "ConnectionSecurity", ("", "TLS"), ""),
    ),
    (
        "max_payload_size",
        "Invalid max payload size for service settings. Must be a whole number greater than zero.",
        _positive("ServiceSettings", "MaximumPayloadSizeBytes"),
    ),
    (
        "max_url_length",
        "Invalid max URL length for service settings. Must be a whole number greater than zero.",
        _positive("ServiceSettings", "MaximumURLLength"),
    ),
    ("read_timeout", "Invalid value for read timeout.", _positive("ServiceSettings", "ReadTimeout")),
    ("write_timeout", "Invalid value for write timeout.", _positive("ServiceSettings", "WriteTimeout")),
    (
        "time_between_user_typing",
        "Time between user typing updates should not be set to less than 1000 milliseconds.",
        lambda get: get("ServiceSettings", "TimeBetweenUserTypingUpdatesMilliseconds", 5000) < 1000,
    ),
    (
        "login_attempts",
        "Invalid maximum login attempts for service settings. Must be a positive number.",
        _positive("ServiceSettings", "MaximumLoginAttempts"),
    ),
    (
        "site_url",
        "Site URL must be a valid URL and start with http:// or https://.",
        lambda get: _not_request_uri(get("ServiceSettings", "SiteURL", "")),
    ),
    (
        "websocket_url",
        "Websocket URL must be a valid URL and start with ws:// or wss://.",
        lambda get: _not_request_uri(get("ServiceSettings", "WebsocketURL", "")),
    ),
    (
        "outgoing_integrations_request_timeout",
        "Invalid Outgoing Integrations Request Timeout for service settings. Must be a positive number.",
        _positive("ServiceSettings", "OutgoingIntegrationRequestsTimeout"),
    ),
    (
        "group_unread_channels",
        "Invalid group unread channels for service settings. Must be 'disabled', "
        "'default_on', or 'default_off'.",
        _one_of(
            "ServiceSettings",
            "ExperimentalGroupUnreadChannels",
            ("disabled", "default_on", "default_off"),
            "disabled",
        ),
    ),
    (
        "collapsed_threads.autofollow",
        "ThreadAutoFollow must be true to enable CollapsedThreads",
        lambda get: (
            get("ServiceSettings", "CollapsedThreads", "always_on") != "disabled"
            and not get("ServiceSettings", "ThreadAutoFollow", True)
        ),
    ),
    (
        "collapsed_threads",
        "CollapsedThreads setting must be either disabled,default_on or default_off",
        _one_of(
            "ServiceSettings",
            "CollapsedThreads",
            ("disabled", "default_on", "always_on", "default_off"),
            "always_on",
        ),
    ),
    (
        "persistent_notifications_interval",
        "Invalid frequency of persistent notifications. Must be at least two minutes.",
        lambda get: get("ServiceSettings", "PersistentNotificationIntervalMinutes", 5) < 2,
    ),
    (
        "persistent_notifications_count",
        "Invalid total number of persistent notification per post. Must be a positive number.",
        _positive("ServiceSettings", "PersistentNotificationMaxCount"),
    ),
    (
        "persistent_notifications_recipients",
        "Invalid maximum number of recipients for persistent notifications. Must be a positive number.",
        _positive("ServiceSettings", "PersistentNotificationMaxRecipients"),
    ),
]


class WrongType(ValueError):
    """A value Go's decoder would not put in the config field (the request is a bad body)."""


def is_valid(config: dict[str, dict[str, Any]]) -> None:
    """Raise the first of Config.IsValid's errors that `config` fails, as a 400 AppError; WrongType when a
    value the checks read has a JSON type its Go field cannot hold."""

    def get(section: str, key: str, default: Any) -> Any:
        values = config.get(section)
        value = values.get(key, default) if isinstance(values, dict) else default
        if value is None:
            return default
        if not same_kind(default, value):
            raise WrongType(f"{section}.{key}")
        return value

    for suffix, message, invalid in RULES:
        if invalid(get):
            raise AppError(
                f"model.config.is_valid.{suffix}.app_error", 400, message=_message(suffix, message, get)
            )


def same_kind(default: Any, value: Any) -> bool:
    """Whether `value` fits the Go field whose default is `default` (bool, int64, string, slice, map)."""
    if isinstance(default, bool) or isinstance(value, bool):
        return isinstance(default, bool) and isinstance(value, bool)
    if isinstance(default, int):
        return isinstance(value, int)
    if isinstance(default, float):
        return isinstance(value, int | float)
    return isinstance(value, type(default))


_VALUE_OF = {
    "image_decoder_concurrency": ("FileSettings", "MaxImageDecoderConcurrency", -1),
    "amazons3_timeout": (
        "FileSettings",
        "MaxImageDecoderConcurrency",
        -1,
    ),  # sic, config.go fills in this one
    "directory_whitespace": ("FileSettings", "Directory", ""),
    "storage_class": ("FileSettings", "AmazonS3StorageClass", ""),
}


def _message(suffix: str, message: str, get: Get) -> str:
    where = _VALUE_OF.get(suffix)
    return message.format(value=get(*where)) if where else message
