"""data_retention: operations a stock unlicensed 11.2 answers with a refusal or a fixed answer, in its order
of checks (session, permission, licence or config, body). Upstream: server/channels/api4/
(data_retention.go)."""

from __future__ import annotations

from mockmost.http.checks import answered, fail, payload_list, permission, reply

ROUTES = [
    answered(
        "GET",
        "/api/v4/data_retention/policies",
        "get_data_retention_policies",
        permission("sysconsole_read_compliance_data_retention_policy"),
        fail(
            501, "ent.data_retention.generic.license.error", "Your license does not support Data Retention."
        ),
    ),  # data_retention.go getPolicies
    answered(
        "POST",
        "/api/v4/data_retention/policies",
        "create_data_retention_policy",
        permission("sysconsole_write_compliance_data_retention_policy"),
        fail(
            501, "ent.data_retention.generic.license.error", "Your license does not support Data Retention."
        ),
    ),  # data_retention.go createPolicy
    answered(
        "DELETE",
        "/api/v4/data_retention/policies/{policy_id}",
        "delete_data_retention_policy",
        permission("sysconsole_write_compliance_data_retention_policy"),
        fail(
            501, "ent.data_retention.generic.license.error", "Your license does not support Data Retention."
        ),
    ),  # data_retention.go deletePolicy
    answered(
        "GET",
        "/api/v4/data_retention/policies/{policy_id}",
        "get_data_retention_policy_by_id",
        permission("sysconsole_read_compliance_data_retention_policy"),
        fail(
            501, "ent.data_retention.generic.license.error", "Your license does not support Data Retention."
        ),
        operation_id="GetDataRetentionPolicyByID",
    ),  # data_retention.go getPolicy
    answered(
        "PATCH",
        "/api/v4/data_retention/policies/{policy_id}",
        "patch_data_retention_policy",
        permission("sysconsole_write_compliance_data_retention_policy"),
        fail(
            501, "ent.data_retention.generic.license.error", "Your license does not support Data Retention."
        ),
    ),  # data_retention.go patchPolicy
    answered(
        "DELETE",
        "/api/v4/data_retention/policies/{policy_id}/channels",
        "remove_channels_from_retention_policy",
        payload_list(),
        permission("sysconsole_write_compliance_data_retention_policy"),
        fail(
            501, "ent.data_retention.generic.license.error", "Your license does not support Data Retention."
        ),
    ),  # data_retention.go removeChannelsFromPolicy
    answered(
        "GET",
        "/api/v4/data_retention/policies/{policy_id}/channels",
        "get_channels_for_retention_policy",
        permission("sysconsole_read_compliance_data_retention_policy"),
        fail(
            501, "ent.data_retention.generic.license.error", "Your license does not support Data Retention."
        ),
    ),  # data_retention.go getChannelsForPolicy
    answered(
        "POST",
        "/api/v4/data_retention/policies/{policy_id}/channels",
        "add_channels_to_retention_policy",
        payload_list(),
        permission("sysconsole_write_compliance_data_retention_policy"),
        fail(
            501, "ent.data_retention.generic.license.error", "Your license does not support Data Retention."
        ),
    ),  # data_retention.go addChannelsToPolicy
    answered(
        "POST",
        "/api/v4/data_retention/policies/{policy_id}/channels/search",
        "search_channels_for_retention_policy",
        permission("sysconsole_read_compliance_data_retention_policy"),
        reply([], 200),
    ),  # data_retention.go searchChannelsInPolicy
    answered(
        "DELETE",
        "/api/v4/data_retention/policies/{policy_id}/teams",
        "remove_teams_from_retention_policy",
        payload_list(),
        permission("sysconsole_write_compliance_data_retention_policy"),
        fail(
            501, "ent.data_retention.generic.license.error", "Your license does not support Data Retention."
        ),
    ),  # data_retention.go removeTeamsFromPolicy
    answered(
        "GET",
        "/api/v4/data_retention/policies/{policy_id}/teams",
        "get_teams_for_retention_policy",
        permission("sysconsole_read_compliance_data_retention_policy"),
        fail(
            501, "ent.data_retention.generic.license.error", "Your license does not support Data Retention."
        ),
    ),  # data_retention.go getTeamsForPolicy
    answered(
        "POST",
        "/api/v4/data_retention/policies/{policy_id}/teams",
        "add_teams_to_retention_policy",
        payload_list(),
        permission("sysconsole_write_compliance_data_retention_policy"),
        fail(
            501, "ent.data_retention.generic.license.error", "Your license does not support Data Retention."
        ),
    ),  # data_retention.go addTeamsToPolicy
    answered(
        "POST",
        "/api/v4/data_retention/policies/{policy_id}/teams/search",
        "search_teams_for_retention_policy",
        permission("sysconsole_read_compliance_data_retention_policy"),
        reply([], 200),
    ),  # data_retention.go searchTeamsInPolicy
    answered(
        "GET",
        "/api/v4/data_retention/policies_count",
        "get_data_retention_policies_count",
        permission("sysconsole_read_compliance_data_retention_policy"),
        fail(
            501, "ent.data_retention.generic.license.error", "Your license does not support Data Retention."
        ),
    ),  # data_retention.go getPoliciesCount
    answered(
        "GET",
        "/api/v4/data_retention/policy",
        "get_data_retention_policy",
        fail(
            501, "ent.data_retention.generic.license.error", "Your license does not support Data Retention."
        ),
    ),  # data_retention.go getGlobalPolicy
    answered(
        "GET",
        "/api/v4/users/{user_id}/data_retention/channel_policies",
        "get_channel_policies_for_user",
        fail(
            501, "ent.data_retention.generic.license.error", "Your license does not support Data Retention."
        ),
    ),  # data_retention.go getChannelPoliciesForUser
    answered(
        "GET",
        "/api/v4/users/{user_id}/data_retention/team_policies",
        "get_team_policies_for_user",
        fail(
            501, "ent.data_retention.generic.license.error", "Your license does not support Data Retention."
        ),
    ),  # data_retention.go getTeamPoliciesForUser
]
