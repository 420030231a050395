"""access_control: operations a stock unlicensed 11.2 answers with a refusal or a fixed answer, in its order
of checks (session, permission, licence or config, body). Upstream: server/channels/api4/
(access_control.go, channel.go)."""

from __future__ import annotations

from mockmost.http.checks import answered, body_field, fail, permission, query_field, reply

ROUTES = [
    answered(
        "PUT",
        "/api/v4/access_control_policies",
        "create_access_control_policy",
        body_field("type"),
        permission("manage_system"),
        fail(
            501, "app.pap.create_access_control_policy.app_error", "Could not create access control policy."
        ),
    ),  # access_control.go createAccessControlPolicy
    answered(
        "GET",
        "/api/v4/access_control_policies/cel/autocomplete/fields",
        "get_access_control_policy_autocomplete_fields",
        permission("manage_system"),
        fail(400, "api.access_control_policy.get_fields.limit.app_error", "Get fields limit is not valid."),
    ),  # access_control.go getFieldsAutocomplete
    answered(
        "POST",
        "/api/v4/access_control_policies/cel/check",
        "check_access_control_policy_expression",
        permission("manage_system"),
        fail(501, "app.pap.check_expression.app_error", "Could not check expression."),
    ),  # access_control.go checkExpression
    answered(
        "POST",
        "/api/v4/access_control_policies/cel/test",
        "test_access_control_policy_expression",
        permission("manage_system"),
        fail(501, "app.pap.check_expression.app_error", "Could not check expression."),
    ),  # access_control.go testExpression
    answered(
        "POST",
        "/api/v4/access_control_policies/cel/validate_requester",
        "validate_expression_against_requester",
        permission("manage_system"),
        fail(501, "app.pap.check_expression.app_error", "Could not check expression."),
    ),  # access_control.go validateExpressionAgainstRequester
    answered(
        "POST",
        "/api/v4/access_control_policies/cel/visual_ast",
        "get_cel_visual_ast",
        permission("manage_system"),
        fail(
            501,
            "app.pap.expression_to_visual_ast.app_error",
            "Could not genereate visual AST from expression.",
        ),
        operation_id="GetCELVisualAST",
    ),  # access_control.go convertToVisualAST
    answered(
        "POST",
        "/api/v4/access_control_policies/search",
        "search_access_control_policies",
        permission("manage_system"),
        fail(
            501,
            "app.pap.search_access_control_policies.app_error",
            "Could not search access control policies.",
        ),
    ),  # access_control.go searchAccessControlPolicies
    answered(
        "DELETE",
        "/api/v4/access_control_policies/{policy_id}",
        "delete_access_control_policy",
        permission("manage_system"),
        fail(
            501, "app.pap.delete_access_control_policy.app_error", "Could not delete access control policy."
        ),
    ),  # access_control.go deleteAccessControlPolicy
    answered(
        "GET",
        "/api/v4/access_control_policies/{policy_id}",
        "get_access_control_policy",
        permission("manage_system"),
        fail(501, "app.pap.get_policy.app_error", "Unable to retrieve the access control policy."),
    ),  # access_control.go getAccessControlPolicy
    answered(
        "GET",
        "/api/v4/access_control_policies/{policy_id}/activate",
        "update_access_control_policy_active_status",
        permission("manage_system"),
        query_field("active"),
        fail(
            501,
            "app.pap.update_access_control_policy_active.app_error",
            "Could not change active status of access control policy.",
        ),
    ),  # access_control.go updateActiveStatus
    answered(
        "POST",
        "/api/v4/access_control_policies/{policy_id}/assign",
        "assign_access_control_policy_to_channels",
        permission("manage_system"),
        reply(None, 200),
    ),  # access_control.go assignAccessPolicy
    answered(
        "GET",
        "/api/v4/access_control_policies/{policy_id}/resources/channels",
        "get_channels_for_access_control_policy",
        permission("manage_system"),
        fail(
            400, "api.access_control_policy.get_channels.limit.app_error", "Get channels limit is not valid."
        ),
    ),  # access_control.go getChannelsForAccessControlPolicy
    answered(
        "POST",
        "/api/v4/access_control_policies/{policy_id}/resources/channels/search",
        "search_channels_for_access_control_policy",
        permission("manage_system"),
        reply({"channels": [], "total_count": 0}, 200),
    ),  # access_control.go searchChannelsForAccessControlPolicy
    answered(
        "DELETE",
        "/api/v4/access_control_policies/{policy_id}/unassign",
        "unassign_access_control_policy_from_channels",
        permission("manage_system"),
        body_field("assignments"),
        fail(
            501,
            "app.pap.unassign_access_control_policy_from_channels.app_error",
            "Could not unassign access control policy from channels.",
        ),
    ),  # access_control.go unassignAccessPolicy
    answered(
        "GET",
        "/api/v4/channels/{channel_id}/access_control/attributes",
        "get_channel_access_control_attributes",
        fail(
            501,
            "app.pap.get_channel_access_control_attributes.app_error",
            "Could not get attributes for channel.",
        ),
    ),  # channel.go getChannelAccessControlAttributes
]
