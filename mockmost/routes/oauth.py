"""oauth: operations a stock unlicensed 11.2 answers with a refusal or a fixed answer, in its order of checks
(session, permission, licence or config, body). Upstream: server/channels/api4/ (not, oauth.go,
outgoing_oauth_connection.go)."""

from __future__ import annotations

from mockmost.auth import permissions as perms
from mockmost.errors import AppError
from mockmost.http.checks import answered, body_field, fail, permission, reply
from mockmost.http.context import Ctx
from mockmost.http.dispatch import Route
from mockmost.http.replies import Reply, ok
from mockmost.operations import ANSWERED


def get_o_auth_apps(ctx: Ctx) -> Reply:
    """getOAuthApps: manage_oauth, else 403 api.command.admin_only.app_error; no app registered yet."""
    if not perms.has_system(ctx.store, ctx.session, "manage_oauth"):
        raise AppError(
            "api.command.admin_only.app_error", 403, message="Integrations have been limited to admins only."
        )
    return ok([])


ROUTES = [
    answered(
        "GET",
        "/.well-known/oauth-authorization-server",
        "get_authorization_server_metadata",
        reply(
            {
                "authorization_endpoint": "{site}/oauth/authorize",
                "code_challenge_methods_supported": ["S256"],
                "grant_types_supported": ["authorization_code", "refresh_token"],
                "issuer": "{site}",
                "response_types_supported": ["code"],
                "scopes_supported": ["user"],
                "token_endpoint": "{site}/oauth/access_token",
                "token_endpoint_auth_methods_supported": ["client_secret_post"],
            },
            200,
        ),
    ),  # not registered (the router's 404)
    answered(
        "POST",
        "/api/v4/oauth/apps",
        "create_o_auth_app",
        permission("manage_oauth"),
        fail(400, "model.oauth.is_valid.name.app_error", "Invalid name."),
    ),  # oauth.go createOAuthApp
    answered(
        "POST",
        "/api/v4/oauth/apps/register",
        "register_o_auth_client",
        reply(
            {
                "error": "unsupported_operation",
                "error_description": "Dynamic client registration is disabled",
            },
            400,
        ),
    ),  # not registered (the router's 404)
    answered(
        "DELETE",
        "/api/v4/oauth/apps/{app_id}",
        "delete_o_auth_app",
        permission("manage_oauth"),
        fail(404, "app.oauth.get_app.find.app_error", "Unable to find the requested app."),
    ),  # oauth.go deleteOAuthApp
    answered(
        "GET",
        "/api/v4/oauth/apps/{app_id}",
        "get_o_auth_app",
        permission("manage_oauth"),
        fail(404, "app.oauth.get_app.find.app_error", "Unable to find the requested app."),
    ),  # oauth.go getOAuthApp
    answered(
        "PUT",
        "/api/v4/oauth/apps/{app_id}",
        "update_o_auth_app",
        permission("manage_oauth"),
        body_field("app_id"),
        fail(404, "app.oauth.get_app.find.app_error", "Unable to find the requested app."),
    ),  # oauth.go updateOAuthApp
    answered(
        "GET",
        "/api/v4/oauth/apps/{app_id}/info",
        "get_o_auth_app_info",
        fail(404, "app.oauth.get_app.find.app_error", "Unable to find the requested app."),
    ),  # oauth.go getOAuthAppInfo
    answered(
        "POST",
        "/api/v4/oauth/apps/{app_id}/regen_secret",
        "regenerate_o_auth_app_secret",
        permission("manage_oauth"),
        fail(404, "app.oauth.get_app.find.app_error", "Unable to find the requested app."),
    ),  # oauth.go regenerateOAuthAppSecret
    answered(
        "GET",
        "/api/v4/oauth/outgoing_connections",
        "list_outgoing_o_auth_connections",
        permission("manage_system"),
        fail(
            501,
            "api.context.outgoing_oauth_connection.not_available.configuration_disabled",
            "Outgoing OAuth connections are not available on this server.",
        ),
        tag="oauth",
    ),  # outgoing_oauth_connection.go listOutgoingOAuthConnections
    answered(
        "POST",
        "/api/v4/oauth/outgoing_connections",
        "create_outgoing_o_auth_connection",
        permission("manage_system"),
        fail(
            501,
            "api.context.outgoing_oauth_connection.not_available.configuration_disabled",
            "Outgoing OAuth connections are not available on this server.",
        ),
        tag="oauth",
    ),  # outgoing_oauth_connection.go createOutgoingOAuthConnection
    answered(
        "POST",
        "/api/v4/oauth/outgoing_connections/validate",
        "validate_outgoing_o_auth_connection",
        permission("manage_system"),
        fail(
            501,
            "api.context.outgoing_oauth_connection.not_available.configuration_disabled",
            "Outgoing OAuth connections are not available on this server.",
        ),
        tag="oauth",
    ),  # outgoing_oauth_connection.go validateOutgoingOAuthConnectionCredentials
    answered(
        "DELETE",
        "/api/v4/oauth/outgoing_connections/{connection_id}",
        "delete_outgoing_o_auth_connection",
        permission("manage_system"),
        fail(
            501,
            "api.context.outgoing_oauth_connection.not_available.configuration_disabled",
            "Outgoing OAuth connections are not available on this server.",
        ),
        tag="oauth",
    ),  # outgoing_oauth_connection.go deleteOutgoingOAuthConnection
    answered(
        "GET",
        "/api/v4/oauth/outgoing_connections/{connection_id}",
        "get_outgoing_o_auth_connection",
        permission("manage_system"),
        fail(
            501,
            "api.context.outgoing_oauth_connection.not_available.configuration_disabled",
            "Outgoing OAuth connections are not available on this server.",
        ),
        tag="oauth",
    ),  # outgoing_oauth_connection.go getOutgoingOAuthConnection
    answered(
        "PUT",
        "/api/v4/oauth/outgoing_connections/{connection_id}",
        "update_outgoing_o_auth_connection",
        permission("manage_system"),
        fail(
            501,
            "api.context.outgoing_oauth_connection.not_available.configuration_disabled",
            "Outgoing OAuth connections are not available on this server.",
        ),
        tag="oauth",
    ),  # outgoing_oauth_connection.go updateOutgoingOAuthConnection
    answered(
        "GET",
        "/api/v4/users/{user_id}/oauth/apps/authorized",
        "get_authorized_o_auth_apps_for_user",
        reply([], 200),
    ),  # oauth.go getAuthorizedOAuthApps
    Route("GET", "/api/v4/oauth/apps", get_o_auth_apps, kind=ANSWERED),
]
