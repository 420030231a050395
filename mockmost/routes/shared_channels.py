"""shared_channels: operations a stock unlicensed 11.2 answers with a refusal or a fixed answer, in its order
of checks (session, permission, licence or config, body). Upstream: server/channels/api4/ (not,
shared_channel.go)."""

from __future__ import annotations

from mockmost.http.checks import answered, fail, permission, reply

ROUTES = [
    answered(
        "POST",
        "/api/v4/remotecluster/{remote_id}/channels/{channel_id}/invite",
        "invite_remote_cluster_to_channel",
        permission("manage_system"),
        fail(
            501,
            "api.remote_cluster.service_not_enabled.app_error",
            "The remote cluster service is not enabled.",
        ),
    ),  # not registered (the router's 404)
    answered(
        "POST",
        "/api/v4/remotecluster/{remote_id}/channels/{channel_id}/uninvite",
        "uninvite_remote_cluster_to_channel",
        permission("manage_system"),
        fail(
            501,
            "api.remote_cluster.service_not_enabled.app_error",
            "The remote cluster service is not enabled.",
        ),
    ),  # not registered (the router's 404)
    answered(
        "GET",
        "/api/v4/remotecluster/{remote_id}/sharedchannelremotes",
        "get_shared_channel_remotes_by_remote_cluster",
        permission("manage_secure_connections"),
        fail(
            501,
            "api.remote_cluster.service_not_enabled.app_error",
            "The remote cluster service is not enabled.",
        ),
    ),  # shared_channel.go getSharedChannelRemotesByRemoteCluster
    answered(
        "GET",
        "/api/v4/sharedchannels/remote_info/{remote_id}",
        "get_remote_cluster_info",
        fail(
            501,
            "api.remote_cluster.service_not_enabled.app_error",
            "The remote cluster service is not enabled.",
        ),
    ),  # shared_channel.go getRemoteClusterInfo
    answered(
        "GET",
        "/api/v4/sharedchannels/users/{user_id}/can_dm/{other_user_id}",
        "can_user_direct_message",
        reply({"can_dm": True}, 200),
    ),  # not registered (the router's 404)
    answered(
        "GET",
        "/api/v4/sharedchannels/{channel_id}/remotes",
        "get_shared_channel_remotes",
        fail(
            501,
            "api.remote_cluster.service_not_enabled.app_error",
            "The remote cluster service is not enabled.",
        ),
    ),  # shared_channel.go getSharedChannelRemotes
    answered(
        "GET",
        "/api/v4/sharedchannels/{team_id}",
        "get_all_shared_channels",
        fail(
            501,
            "api.remote_cluster.service_not_enabled.app_error",
            "The remote cluster service is not enabled.",
        ),
    ),  # shared_channel.go getSharedChannels
]
