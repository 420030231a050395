"""ldap: operations a stock unlicensed 11.2 answers with a refusal or a fixed answer, in its order of checks
(session, permission, licence or config, body). Upstream: server/channels/api4/ (ldap.go)."""

from __future__ import annotations

from mockmost.http.checks import answered, body_field, fail, permission

ROUTES = [
    answered(
        "DELETE",
        "/api/v4/ldap/certificate/private",
        "delete_ldap_private_certificate",
        permission("remove_ldap_private_cert"),
        fail(
            500,
            "api.admin.remove_certificate.delete.app_error",
            "An error occurred while deleting the certificate.",
        ),
    ),  # ldap.go removeLdapPrivateCertificate
    answered(
        "POST",
        "/api/v4/ldap/certificate/private",
        "upload_ldap_private_certificate",
        permission("add_ldap_private_cert"),
        fail(400, "api.admin.add_certificate.parseform.app_error", "Error parsing multiform request"),
    ),  # ldap.go addLdapPrivateCertificate
    answered(
        "DELETE",
        "/api/v4/ldap/certificate/public",
        "delete_ldap_public_certificate",
        permission("remove_ldap_public_cert"),
        fail(
            500,
            "api.admin.remove_certificate.delete.app_error",
            "An error occurred while deleting the certificate.",
        ),
    ),  # ldap.go removeLdapPublicCertificate
    answered(
        "POST",
        "/api/v4/ldap/certificate/public",
        "upload_ldap_public_certificate",
        permission("add_ldap_public_cert"),
        fail(400, "api.admin.add_certificate.parseform.app_error", "Error parsing multiform request"),
    ),  # ldap.go addLdapPublicCertificate
    answered(
        "GET",
        "/api/v4/ldap/groups",
        "get_ldap_groups",
        permission("sysconsole_read_user_management_groups"),
        fail(501, "api.ldap_groups.license_error", "your license does not support ldap groups"),
        tag="ldap",
    ),  # ldap.go getLdapGroups
    answered(
        "POST",
        "/api/v4/ldap/groups/{remote_id}/link",
        "link_ldap_group",
        permission("manage_system"),
        fail(501, "api.ldap_groups.license_error", "your license does not support ldap groups"),
        tag="ldap",
    ),  # not registered (the router's 404)
    answered(
        "POST",
        "/api/v4/ldap/migrateid",
        "migrate_id_ldap",
        body_field("toAttribute"),
        permission("manage_system"),
        fail(501, "api.ldap_groups.license_error", "your license does not support ldap groups"),
    ),  # ldap.go migrateIDLdap
    answered(
        "POST",
        "/api/v4/ldap/sync",
        "sync_ldap",
        fail(501, "api.ldap_groups.license_error", "your license does not support ldap groups"),
    ),  # ldap.go syncLdap
    answered(
        "POST",
        "/api/v4/ldap/test",
        "test_ldap",
        fail(501, "api.ldap_groups.license_error", "your license does not support ldap groups"),
    ),  # ldap.go testLdap
    answered(
        "POST",
        "/api/v4/ldap/test_connection",
        "test_ldap_connection",
        fail(501, "api.ldap_groups.license_error", "your license does not support ldap groups"),
    ),  # ldap.go testLdapConnection
    answered(
        "POST",
        "/api/v4/ldap/test_diagnostics",
        "test_ldap_diagnostics",
        fail(501, "api.ldap_groups.license_error", "your license does not support ldap groups"),
    ),  # ldap.go testLdapDiagnostics
    answered(
        "POST",
        "/api/v4/ldap/users/{user_id}/group_sync_memberships",
        "add_user_to_group_syncables",
        permission("sysconsole_write_user_management_groups"),
        fail(400, "api.user.add_user_to_group_syncables.not_ldap_user.app_error", "not an ldap user"),
    ),  # ldap.go addUserToGroupSyncables
    answered(
        "DELETE",
        "/api/v4/ldap/groups/{remote_id}/link",
        "unlink_ldap_group",
        permission("manage_system"),
        fail(501, "api.ldap_groups.license_error", "your license does not support ldap groups"),
        tag="groups",
    ),  # ldap.go unlinkLdapGroup (the router's 404)
]
