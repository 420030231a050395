"""remote_clusters: operations a stock unlicensed 11.2 answers with a refusal or a fixed answer, in its order
of checks (session, permission, licence or config, body). Upstream: server/channels/api4/
(remote_cluster.go)."""

from __future__ import annotations

from mockmost.http.checks import answered, fail, permission

ROUTES = [
    answered(
        "GET",
        "/api/v4/remotecluster",
        "get_remote_clusters",
        permission("manage_secure_connections"),
        fail(
            501,
            "api.remote_cluster.service_not_enabled.app_error",
            "The remote cluster service is not enabled.",
        ),
    ),  # remote_cluster.go getRemoteClusters
    answered(
        "POST",
        "/api/v4/remotecluster",
        "create_remote_cluster",
        permission("manage_secure_connections"),
        fail(
            501,
            "api.remote_cluster.service_not_enabled.app_error",
            "The remote cluster service is not enabled.",
        ),
    ),  # remote_cluster.go createRemoteCluster
    answered(
        "POST",
        "/api/v4/remotecluster/accept_invite",
        "accept_remote_cluster_invite",
        permission("manage_secure_connections"),
        fail(
            501,
            "api.remote_cluster.service_not_enabled.app_error",
            "The remote cluster service is not enabled.",
        ),
    ),  # remote_cluster.go remoteClusterAcceptInvite
    answered(
        "DELETE",
        "/api/v4/remotecluster/{remote_id}",
        "delete_remote_cluster",
        permission("manage_secure_connections"),
        fail(
            501,
            "api.remote_cluster.service_not_enabled.app_error",
            "The remote cluster service is not enabled.",
        ),
    ),  # remote_cluster.go deleteRemoteCluster
    answered(
        "GET",
        "/api/v4/remotecluster/{remote_id}",
        "get_remote_cluster",
        permission("manage_secure_connections"),
        fail(
            501,
            "api.remote_cluster.service_not_enabled.app_error",
            "The remote cluster service is not enabled.",
        ),
    ),  # remote_cluster.go getRemoteCluster
    answered(
        "PATCH",
        "/api/v4/remotecluster/{remote_id}",
        "patch_remote_cluster",
        permission("manage_secure_connections"),
        fail(
            501,
            "api.remote_cluster.service_not_enabled.app_error",
            "The remote cluster service is not enabled.",
        ),
    ),  # remote_cluster.go patchRemoteCluster
    answered(
        "POST",
        "/api/v4/remotecluster/{remote_id}/generate_invite",
        "generate_remote_cluster_invite",
        permission("manage_secure_connections"),
        fail(
            501,
            "api.remote_cluster.service_not_enabled.app_error",
            "The remote cluster service is not enabled.",
        ),
    ),  # remote_cluster.go generateRemoteClusterInvite
]
