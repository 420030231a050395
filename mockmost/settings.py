"""Server settings, named after Mattermost's own config keys. Upstream: server/public/model/config.go."""

from __future__ import annotations

import copy
import difflib
import functools
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from mockmost import config_rules, gojson
from mockmost.errors import AppError

SERVER_VERSION = "11.2.0"
BUILD_NUMBER = "mockmost"

# Defaults are the real server's except where a bot developer needs something switched on: tokens, bots and
# integrations are on, as the issue asks. The whole document (mockmost/data/config.json) is what a stock 11.2
# answered GET /api/v4/config with (secrets masked as it masks them; plugins off, as the judge runs), with its
# machine's SiteURL, ListenAddress and FileSettings.Directory put back to model/config.go's defaults; the
# values below are laid over it.
_MOCK_CONFIG: dict[str, dict[str, Any]] = {
    "ServiceSettings": {
        "SiteURL": "",
        "EnableUserAccessTokens": True,
        "EnableBotAccountCreation": True,
        "EnableIncomingWebhooks": True,
        "EnableOutgoingWebhooks": True,
        "EnableCommands": True,
        "EnablePostUsernameOverride": False,
        "EnablePostIconOverride": False,
        "PostEditTimeLimit": -1,
        "EnableAPIPostDeletion": False,
        "EnableAPIChannelDeletion": False,
        "EnableAPITeamDeletion": False,
        "EnableAPIUserDeletion": False,
        "EnableDeveloper": False,
        "CollapsedThreads": "always_on",
        "ThreadAutoFollow": True,
        "EnablePostSearch": True,
        "ScheduledPosts": True,
        "DisableBotsWhenOwnerIsDeactivated": True,
        "EnableUserStatuses": True,
        "EnableChannelViewedMessages": True,
        "MaximumLoginAttempts": 10,
        "MaximumPayloadSizeBytes": 300000,
        "MaximumURLLength": 2048,
        # 180 days: what 11.2 sets on a config whose SqlSettings.DataSource is given (model/config.go)
        "SessionLengthWebInHours": 4320,
        "SessionLengthMobileInHours": 4320,
        "SessionLengthSSOInHours": 720,
        "SessionCacheInMinutes": 10,
        "EnableOAuthServiceProvider": True,
        "EnableDynamicClientRegistration": False,
        "EnableCustomEmoji": True,
        "EnableLinkPreviews": True,
        "EnablePermalinkPreviews": True,
        "ExperimentalStrictCSRFEnforcement": False,
        "ExperimentalEnableDefaultChannelLeaveJoinMessages": True,
        "OutgoingIntegrationRequestsTimeout": 30,
        "UniqueEmojiReactionLimitPerPost": 50,
        "AllowCorsFrom": "",
        "AllowSyncedDrafts": True,
    },
    "TeamSettings": {
        "SiteName": "Mattermost",
        "EnableOpenServer": False,
        "EnableUserCreation": True,
        "EnableUserDeactivation": False,
        "RestrictCreationToDomains": "",
        "MaxUsersPerTeam": 50,
        "MaxChannelsPerTeam": 2000,
        "RestrictDirectMessage": "any",
        "TeammateNameDisplay": "username",
        "ExperimentalPrimaryTeam": "",
        "ExperimentalDefaultChannels": [],
        "UserStatusAwayTimeout": 300,
        "EnableCustomUserStatuses": True,
    },
    "EmailSettings": {
        "EnableSignUpWithEmail": True,
        "EnableSignInWithEmail": True,
        "EnableSignInWithUsername": True,
        "RequireEmailVerification": False,
    },
    "PasswordSettings": {"MinimumLength": 8},
    "PrivacySettings": {"ShowEmailAddress": True, "ShowFullName": True},
    "FileSettings": {
        "MaxFileSize": 104857600,
        "EnableFileAttachments": True,
        "EnablePublicLink": False,
        "MaxImageResolution": 33177600,
    },
    "RateLimitSettings": {"Enable": False},
}


def _default_config() -> dict[str, dict[str, Any]]:
    text = resources.files("mockmost.data").joinpath("config.json").read_text(encoding="utf-8")
    config: dict[str, dict[str, Any]] = json.loads(text)
    for section, values in _MOCK_CONFIG.items():
        config.setdefault(section, {}).update(values)
    return config


DEFAULT_CONFIG: dict[str, dict[str, Any]] = _default_config()


def _copy_json(value: Any) -> Any:
    kind = type(value)
    if kind is dict:
        return {k: _copy_json(v) for k, v in value.items()}
    if kind is list:
        return [_copy_json(v) for v in value]
    return value  # str, int, float, bool, None: immutable


def copy_config(config: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """A copy sharing nothing mutable, for a fraction of copy.deepcopy's cost (a config holds JSON values
    only; a reset copies the whole document)."""
    result: dict[str, dict[str, Any]] = _copy_json(config)
    return result


_UNKNOWN = object()


class ConfigKeyError(KeyError):
    """A config key mockmost does not know, with the nearest known keys as suggestions."""

    def __str__(self) -> str:
        return str(self.args[0])


class ConfigValueError(ValueError):
    """A config value PUT /config/patch would refuse: a JSON type its Go field cannot hold, or one of
    Config.IsValid's errors (`app_error` is then the server's answer)."""

    def __init__(self, message: str, app_error: AppError | None = None) -> None:
        super().__init__(message)
        self.app_error = app_error


_KINDS = {
    bool: "a boolean",
    int: "an integer",
    float: "a number",
    str: "a string",
    list: "a list",
    dict: "an object",
}


def _canonical(name: str, known: Iterable[str]) -> str:
    """encoding/json matches the config's struct fields case-insensitively."""
    if name in known:
        return name
    folded = gojson.fold(name)
    return next((k for k in known if gojson.fold(k) == folded), name)


@functools.lru_cache(maxsize=4096)
def _split_key(key: str) -> tuple[str, str]:
    """ "Section.Name" → (section, name): keys are a few hundred literals read on every request."""
    section, name = key.split(".", 1)
    return section, name


def default_openapi_path() -> Path:
    env = os.environ.get("MOCKMOST_OPENAPI")
    if env:
        return Path(env)
    here = Path(__file__).resolve().parent.parent
    return here.parent / "shared" / "mattermost-api" / "openapi.yaml"


@dataclass(slots=True)
class Settings:
    """How one mockmost server runs: where it listens and Mattermost's config values it honours."""

    host: str = "127.0.0.1"
    port: int = 8065
    site_url: str = ""
    # Mattermost's OpenAPI document, for the contract suite and `mockmost coverage`; serving never reads it
    # (the route table is the code).
    openapi_path: Path | None = field(default_factory=default_openapi_path)
    config: dict[str, dict[str, Any]] = field(default_factory=lambda: copy_config(DEFAULT_CONFIG))
    id_seed: int | None = None
    initial_config: dict[str, dict[str, Any]] | None = field(default=None, repr=False, compare=False)

    def get(self, key: str) -> Any:
        section, name = _split_key(key)
        return self.config[section][name]

    def set(self, key: str, value: Any) -> None:
        """Change one value as PUT /config/patch would: an unknown key raises ConfigKeyError naming the
        nearest ones, a wrong JSON type or a value Config.IsValid refuses raises ConfigValueError."""
        section, _, name = key.partition(".")
        if section not in self.config or name not in self.config[section]:
            known = [f"{s}.{k}" for s, keys in self.config.items() for k in keys]
            same_name = [k for k in known if k.split(".", 1)[1].lower() == name.lower()]
            nearest = same_name or difflib.get_close_matches(key, known, n=3, cutoff=0.6)
            hint = f"; did you mean {' or '.join(repr(k) for k in nearest)}?" if nearest else ""
            raise ConfigKeyError(f"unknown config key {key!r}{hint}")
        self.config = self.merged({section: {name: value}})

    def merged(
        self, patch: Any, base: dict[str, dict[str, Any]] | None = None, validate: bool = True
    ) -> dict[str, dict[str, Any]]:
        """A new config: `base` (default: the current one) with the sections of `patch` laid over it, as
        PUT/PATCH /config decode a model.Config (section and key names matched case-insensitively), then
        checked as Config.IsValid checks it. Keys mockmost models must keep their JSON type; other keys are
        kept as given, so they read back. Raises ConfigValueError."""
        if not isinstance(patch, dict):
            raise ConfigValueError("config must be a JSON object")
        out = copy_config(self.config if base is None else base)
        for raw_section, values in patch.items():
            if values is None:
                continue
            section = _canonical(raw_section, DEFAULT_CONFIG.keys() | out.keys())
            if not isinstance(values, dict):
                raise ConfigValueError(f"{section} must be an object")
            target = out.setdefault(section, {})
            known_keys = DEFAULT_CONFIG.get(section, {})
            for raw_name, value in values.items():
                if value is None:
                    continue
                name = _canonical(raw_name, known_keys.keys() | target.keys())
                known = known_keys.get(name, _UNKNOWN)
                if known is not _UNKNOWN and not config_rules.same_kind(known, value):
                    raise ConfigValueError(
                        f"{section}.{name} must be {_KINDS.get(type(known), 'a string')}, not {value!r}"
                    )
                target[name] = copy.deepcopy(value)
        if validate:
            self.validate(out)
        return out

    @staticmethod
    def validate(config: dict[str, dict[str, Any]]) -> None:
        """Config.IsValid; raises ConfigValueError carrying the server's AppError."""
        try:
            config_rules.is_valid(config)
        except config_rules.WrongType as err:
            raise ConfigValueError(f"{err} has the wrong type") from None
        except AppError as err:
            raise ConfigValueError(f"{err.id}: {err.message}", err) from None

    def started(self) -> None:
        """Remember the current config as the one this server started with (reset() returns to it)."""
        self.initial_config = copy_config(self.config)

    def restore_started(self) -> None:
        if self.initial_config is not None:
            self.config = copy_config(self.initial_config)

    def with_overrides(self, overrides: dict[str, Any]) -> Settings:
        clone = copy.deepcopy(self)
        for key, value in overrides.items():
            clone.set(key, value)
        return clone
