"""The client config (GET /config/client): a flat string map of the settings clients may see.
Upstream: server/config/client.go GenerateClientConfig, GenerateLimitedClientConfig."""

from __future__ import annotations

from typing import Any

from mockmost.settings import BUILD_NUMBER, SERVER_VERSION, Settings


def _flag(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def client_config(settings: Settings, full: bool = True) -> dict[str, str]:
    """config/client: a flat string map; anonymous callers get a subset (model/client_config.go)."""
    svc, team = settings.config["ServiceSettings"], settings.config["TeamSettings"]
    email, files = settings.config["EmailSettings"], settings.config["FileSettings"]
    limited = {
        "Version": SERVER_VERSION, "BuildNumber": BUILD_NUMBER, "BuildDate": "", "BuildHash": "mockmost",
        "BuildHashEnterprise": "none", "BuildEnterpriseReady": "false", "SiteURL": settings.site_url,
        "SiteName": team["SiteName"], "DiagnosticsEnabled": "false", "TelemetryId": "",
        "EnableSignUpWithEmail": _flag(email["EnableSignUpWithEmail"]),
        "EnableSignInWithEmail": _flag(email["EnableSignInWithEmail"]),
        "EnableSignInWithUsername": _flag(email["EnableSignInWithUsername"]),
        "EnableUserCreation": _flag(team["EnableUserCreation"]),
        "EnableOpenServer": _flag(team["EnableOpenServer"]),
        "EnableMultifactorAuthentication": "false", "PasswordMinimumLength": _flag(
            settings.config["PasswordSettings"]["MinimumLength"]),
        "NoAccounts": "false", "EnableCustomEmoji": _flag(svc["EnableCustomEmoji"]),
    }
    if not full:
        return limited
    return {
        **limited,
        "EnableUserAccessTokens": _flag(svc["EnableUserAccessTokens"]),
        "EnableBotAccountCreation": _flag(svc["EnableBotAccountCreation"]),
        "EnableIncomingWebhooks": _flag(svc["EnableIncomingWebhooks"]),
        "EnableOutgoingWebhooks": _flag(svc["EnableOutgoingWebhooks"]),
        "EnableCommands": _flag(svc["EnableCommands"]),
        "EnablePostUsernameOverride": _flag(svc["EnablePostUsernameOverride"]),
        "EnablePostIconOverride": _flag(svc["EnablePostIconOverride"]),
        "EnableOnlyAdminIntegrations": _flag(svc["EnableOnlyAdminIntegrations"]),
        "EnableLinkPreviews": _flag(svc["EnableLinkPreviews"]),
        "EnableUserStatuses": _flag(svc["EnableUserStatuses"]),
        "CollapsedThreads": svc["CollapsedThreads"], "PostEditTimeLimit": _flag(svc["PostEditTimeLimit"]),
        "EnableDeveloper": _flag(svc["EnableDeveloper"]),
        "RestrictDirectMessage": team["RestrictDirectMessage"],
        "TeammateNameDisplay": team["TeammateNameDisplay"],
        "ExperimentalPrimaryTeam": team["ExperimentalPrimaryTeam"],
        "MaxFileSize": _flag(files["MaxFileSize"]),
        "EnableFileAttachments": _flag(files["EnableFileAttachments"]),
        "EnablePublicLink": _flag(files["EnablePublicLink"]), "MaxPostSize": "16383",
        "ShowEmailAddress": _flag(settings.config["PrivacySettings"]["ShowEmailAddress"]),
        "ShowFullName": _flag(settings.config["PrivacySettings"]["ShowFullName"]),
        "RequireEmailVerification": _flag(email["RequireEmailVerification"]),
        "EnableChannelViewedMessages": _flag(svc["EnableChannelViewedMessages"]),
        "ExperimentalEnableDefaultChannelLeaveJoinMessages": _flag(
            svc["ExperimentalEnableDefaultChannelLeaveJoinMessages"]),
    }
