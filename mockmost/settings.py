"""Server settings, named after Mattermost's own config keys. Upstream: server/public/model/config.go."""

from __future__ import annotations

import copy
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SERVER_VERSION = "11.2.0"
BUILD_NUMBER = "mockmost"

# Defaults are the real server's (model/config.go SetDefaults) except where a bot developer needs
# something switched on: tokens, bots and integrations are on, as the issue asks.
DEFAULT_CONFIG: dict[str, dict[str, Any]] = {
    "ServiceSettings": {
        "SiteURL": "",
        "EnableUserAccessTokens": True,
        "EnableBotAccountCreation": True,
        "EnableIncomingWebhooks": True,
        "EnableOutgoingWebhooks": True,
        "EnableCommands": True,
        "EnablePostUsernameOverride": False,
        "EnablePostIconOverride": False,
        "EnableOnlyAdminIntegrations": True,
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
        "SessionLengthWebInHours": 720,
        "EnableCustomEmoji": True,
        "EnableLinkPreviews": True,
        "ExperimentalStrictCSRFEnforcement": False,
        "ExperimentalEnableDefaultChannelLeaveJoinMessages": True,
        "OutgoingIntegrationRequestsTimeout": 30,
        "UniqueEmojiReactionLimitPerPost": 50,
        "AllowCorsFrom": "",
    },
    "TeamSettings": {
        "SiteName": "Mattermost",
        "EnableOpenServer": False,
        "EnableUserCreation": True,
        "EnableUserDeactivation": False,
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


_UNKNOWN = object()


def _same_json_type(default: Any, value: Any) -> bool:
    if isinstance(default, bool) or isinstance(value, bool):
        return isinstance(default, bool) and isinstance(value, bool)
    if isinstance(default, int):
        return isinstance(value, int)
    return isinstance(value, type(default))


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
    openapi_path: Path | None = field(default_factory=default_openapi_path)
    config: dict[str, dict[str, Any]] = field(default_factory=lambda: copy.deepcopy(DEFAULT_CONFIG))
    id_seed: int | None = None

    def get(self, key: str) -> Any:
        section, name = key.split(".", 1)
        return self.config[section][name]

    def set(self, key: str, value: Any) -> None:
        section, name = key.split(".", 1)
        if section not in self.config or name not in self.config[section]:
            raise KeyError(f"unknown config key {key!r}")
        self.config[section][name] = value

    def merged(self, patch: Any, base: dict[str, dict[str, Any]] | None = None) -> dict[str, dict[str, Any]]:
        """A new config: `base` (default: the current one) with the sections of `patch` laid over it, as
        PUT/PATCH /config decode a model.Config. Keys mockmost models must keep their JSON type (a mismatch
        raises ValueError, as Go's decoder fails); other keys are kept as given, so they read back."""
        if not isinstance(patch, dict):
            raise ValueError("config must be a JSON object")
        out = copy.deepcopy(self.config if base is None else base)
        for section, values in patch.items():
            if values is None:
                continue
            if not isinstance(values, dict):
                raise ValueError(f"{section} must be an object")
            target = out.setdefault(section, {})
            for name, value in values.items():
                known = DEFAULT_CONFIG.get(section, {}).get(name, _UNKNOWN)
                if value is None:
                    continue
                if known is not _UNKNOWN and not _same_json_type(known, value):
                    raise ValueError(f"{section}.{name} has the wrong type")
                target[name] = copy.deepcopy(value)
        return out

    def with_overrides(self, overrides: dict[str, Any]) -> Settings:
        clone = copy.deepcopy(self)
        for key, value in overrides.items():
            clone.set(key, value)
        return clone
