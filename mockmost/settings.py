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
    },
    "RateLimitSettings": {"Enable": False},
}


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

    def with_overrides(self, overrides: dict[str, Any]) -> Settings:
        clone = copy.deepcopy(self)
        for key, value in overrides.items():
            clone.set(key, value)
        return clone
