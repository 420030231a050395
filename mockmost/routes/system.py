"""System: ping, client config, client license. Upstream: server/channels/api4/system.go, config.go, license.go."""

from __future__ import annotations

from typing import Any

from mockmost.auth import permissions as perms
from mockmost.http.context import Ctx
from mockmost.http.dispatch import PUBLIC, Route
from mockmost.http.replies import Reply, ok
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
        "EnableUserCreation": _flag(team["EnableUserCreation"]), "EnableOpenServer": _flag(team["EnableOpenServer"]),
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
        "MaxFileSize": _flag(files["MaxFileSize"]), "EnableFileAttachments": _flag(files["EnableFileAttachments"]),
        "EnablePublicLink": _flag(files["EnablePublicLink"]), "MaxPostSize": "16383",
        "ShowEmailAddress": _flag(settings.config["PrivacySettings"]["ShowEmailAddress"]),
        "ShowFullName": _flag(settings.config["PrivacySettings"]["ShowFullName"]),
        "RequireEmailVerification": _flag(email["RequireEmailVerification"]),
        "EnableChannelViewedMessages": _flag(svc["EnableChannelViewedMessages"]),
        "ExperimentalEnableDefaultChannelLeaveJoinMessages": _flag(
            svc["ExperimentalEnableDefaultChannelLeaveJoinMessages"]),
    }


def get_ping(ctx: Ctx) -> Reply:
    body: dict[str, Any] = {"status": "OK", "AndroidLatestVersion": "", "AndroidMinVersion": "",
                            "IosLatestVersion": "", "IosMinVersion": "", "ActiveSearchBackend": "database"}
    if ctx.query_bool("get_server_status"):
        body["database_status"] = "OK"
        body["filestore_status"] = "OK"
    return ok(body)


def get_client_config(ctx: Ctx) -> Reply:
    return ok(client_config(ctx.settings, full=ctx.session is not None))


def get_client_license(ctx: Ctx) -> Reply:
    return ok({"IsLicensed": "false"})


def get_supported_timezone(ctx: Ctx) -> Reply:
    import zoneinfo

    return ok(sorted(zoneinfo.available_timezones()))


def get_config(ctx: Ctx) -> Reply:
    assert ctx.session is not None
    perms.require_system(ctx.session, "manage_system")
    return ok(ctx.settings.config)


ROUTES = [
    Route("GET", "/api/v4/system/ping", get_ping, auth=PUBLIC),
    Route("GET", "/api/v4/config/client", get_client_config, auth=PUBLIC),
    Route("GET", "/api/v4/license/client", get_client_license, auth=PUBLIC),
    Route("GET", "/api/v4/system/timezones", get_supported_timezone),
    Route("GET", "/api/v4/config", get_config),
]
