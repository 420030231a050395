"""schemes: operations a stock unlicensed 11.2 answers with a refusal or a fixed answer, in its order of
checks (session, permission, licence or config, body). Upstream: server/channels/api4/ (scheme.go)."""

from __future__ import annotations

from mockmost.http.checks import answered, fail, permission, reply

ROUTES = [
    answered(
        "GET",
        "/api/v4/schemes",
        "get_schemes",
        permission("sysconsole_read_user_management_permissions"),
        reply([], 200),
    ),  # scheme.go getSchemes
    answered(
        "POST",
        "/api/v4/schemes",
        "create_scheme",
        fail(
            501,
            "api.scheme.create_scheme.license.error",
            "Your license does not support creating permissions schemes.",
        ),
    ),  # scheme.go createScheme
    answered(
        "DELETE",
        "/api/v4/schemes/{scheme_id}",
        "delete_scheme",
        fail(
            501,
            "api.scheme.delete_scheme.license.error",
            "Your license not support delete permissions schemes",
        ),
    ),  # scheme.go deleteScheme
    answered(
        "GET",
        "/api/v4/schemes/{scheme_id}",
        "get_scheme",
        permission("sysconsole_read_user_management_permissions"),
        fail(404, "app.scheme.get.app_error", "Unable to get the scheme."),
    ),  # scheme.go getScheme
    answered(
        "GET",
        "/api/v4/schemes/{scheme_id}/channels",
        "get_channels_for_scheme",
        permission("sysconsole_read_user_management_channels"),
        fail(404, "app.scheme.get.app_error", "Unable to get the scheme."),
    ),  # scheme.go getChannelsForScheme
    answered(
        "PUT",
        "/api/v4/schemes/{scheme_id}/patch",
        "patch_scheme",
        fail(
            501,
            "api.scheme.patch_scheme.license.error",
            "Your license does not support update permissions schemes",
        ),
    ),  # scheme.go patchScheme
    answered(
        "GET",
        "/api/v4/schemes/{scheme_id}/teams",
        "get_teams_for_scheme",
        permission("sysconsole_read_user_management_teams"),
        fail(404, "app.scheme.get.app_error", "Unable to get the scheme."),
    ),  # scheme.go getTeamsForScheme
]
