"""custom_profile_attributes: operations a stock unlicensed 11.2 answers with a refusal or a fixed answer, in
its order of checks (session, permission, licence or config, body). Upstream: server/channels/api4/
(custom_profile_attributes.go)."""

from __future__ import annotations

from mockmost.http.checks import answered, fail, permission

ROUTES = [
    answered(
        "GET",
        "/api/v4/custom_profile_attributes/fields",
        "list_all_cpa_fields",
        fail(
            403,
            "api.custom_profile_attributes.license_error",
            "Your license does not support Custom Profile Attributes.",
        ),
        operation_id="ListAllCPAFields",
    ),  # custom_profile_attributes.go listCPAFields
    answered(
        "POST",
        "/api/v4/custom_profile_attributes/fields",
        "create_cpa_field",
        permission("manage_system"),
        fail(
            403,
            "api.custom_profile_attributes.license_error",
            "Your license does not support Custom Profile Attributes.",
        ),
        operation_id="CreateCPAField",
    ),  # custom_profile_attributes.go createCPAField
    answered(
        "DELETE",
        "/api/v4/custom_profile_attributes/fields/{field_id}",
        "delete_cpa_field",
        permission("manage_system"),
        fail(
            403,
            "api.custom_profile_attributes.license_error",
            "Your license does not support Custom Profile Attributes.",
        ),
        operation_id="DeleteCPAField",
    ),  # custom_profile_attributes.go deleteCPAField
    answered(
        "PATCH",
        "/api/v4/custom_profile_attributes/fields/{field_id}",
        "patch_cpa_field",
        permission("manage_system"),
        fail(
            403,
            "api.custom_profile_attributes.license_error",
            "Your license does not support Custom Profile Attributes.",
        ),
        operation_id="PatchCPAField",
    ),  # custom_profile_attributes.go patchCPAField
    answered(
        "GET",
        "/api/v4/custom_profile_attributes/group",
        "get_cpa_group",
        fail(
            403,
            "api.custom_profile_attributes.license_error",
            "Your license does not support Custom Profile Attributes.",
        ),
        operation_id="GetCPAGroup",
    ),  # custom_profile_attributes.go getCPAGroup
    answered(
        "PATCH",
        "/api/v4/custom_profile_attributes/values",
        "patch_cpa_values",
        fail(
            403,
            "api.custom_profile_attributes.license_error",
            "Your license does not support Custom Profile Attributes.",
        ),
        operation_id="PatchCPAValues",
    ),  # custom_profile_attributes.go patchCPAValues
    answered(
        "GET",
        "/api/v4/users/{user_id}/custom_profile_attributes",
        "list_cpa_values",
        fail(
            403,
            "api.custom_profile_attributes.license_error",
            "Your license does not support Custom Profile Attributes.",
        ),
        operation_id="ListCPAValues",
    ),  # custom_profile_attributes.go listCPAValues
    answered(
        "PATCH",
        "/api/v4/users/{user_id}/custom_profile_attributes",
        "patch_cpa_values_for_user",
        fail(
            403,
            "api.custom_profile_attributes.license_error",
            "Your license does not support Custom Profile Attributes.",
        ),
        operation_id="PatchCPAValuesForUser",
    ),  # custom_profile_attributes.go patchCPAValuesForUser
]
