"""saml: operations a stock unlicensed 11.2 answers with a refusal or a fixed answer, in its order of checks
(session, permission, licence or config, body). Upstream: server/channels/api4/ (saml.go)."""

from __future__ import annotations

from mockmost.http.checks import answered, body_field, fail, permission, public, reply

ROUTES = [
    answered(
        "DELETE",
        "/api/v4/saml/certificate/idp",
        "delete_saml_idp_certificate",
        permission("remove_saml_idp_cert"),
        fail(
            500,
            "api.admin.remove_certificate.delete.app_error",
            "An error occurred while deleting the certificate.",
        ),
    ),  # saml.go removeSamlIdpCertificate
    answered(
        "POST",
        "/api/v4/saml/certificate/idp",
        "upload_saml_idp_certificate",
        permission("add_saml_idp_cert"),
        fail(
            400,
            "api.admin.saml.set_certificate_from_metadata.invalid_content_type.app_error",
            "Invalid content type.",
        ),
    ),  # saml.go addSamlIdpCertificate
    answered(
        "DELETE",
        "/api/v4/saml/certificate/private",
        "delete_saml_private_certificate",
        permission("remove_saml_private_cert"),
        fail(
            500,
            "api.admin.remove_certificate.delete.app_error",
            "An error occurred while deleting the certificate.",
        ),
    ),  # saml.go removeSamlPrivateCertificate
    answered(
        "POST",
        "/api/v4/saml/certificate/private",
        "upload_saml_private_certificate",
        permission("add_saml_private_cert"),
        fail(400, "api.admin.add_certificate.no_file.app_error", "No file under 'certificate' in request."),
    ),  # saml.go addSamlPrivateCertificate
    answered(
        "DELETE",
        "/api/v4/saml/certificate/public",
        "delete_saml_public_certificate",
        permission("remove_saml_public_cert"),
        fail(
            500,
            "api.admin.remove_certificate.delete.app_error",
            "An error occurred while deleting the certificate.",
        ),
    ),  # saml.go removeSamlPublicCertificate
    answered(
        "POST",
        "/api/v4/saml/certificate/public",
        "upload_saml_public_certificate",
        permission("add_saml_public_cert"),
        fail(400, "api.admin.add_certificate.no_file.app_error", "No file under 'certificate' in request."),
    ),  # saml.go addSamlPublicCertificate
    answered(
        "GET",
        "/api/v4/saml/certificate/status",
        "get_saml_certificate_status",
        permission("get_saml_cert_status"),
        reply(
            {"idp_certificate_file": False, "private_key_file": False, "public_certificate_file": False}, 200
        ),
    ),  # saml.go getSamlCertificateStatus
    public(
        "GET",
        "/api/v4/saml/metadata",
        "get_saml_metadata",
        fail(
            501,
            "api.admin.saml.not_available.app_error",
            "SAML 2.0 is not configured or supported on this server.",
        ),
    ),  # saml.go getSamlMetadata
    public(
        "POST",
        "/api/v4/saml/metadatafromidp",
        "get_saml_metadata_from_idp",
        permission("get_saml_metadata_from_idp"),
        body_field("saml_metadata_url"),
        fail(
            400,
            "api.admin.saml.failure_get_metadata_from_idp.app_error",
            "Failed to obtain metadata from Identity Provider URL.",
        ),
    ),  # saml.go getSamlMetadataFromIdp
    answered(
        "POST",
        "/api/v4/saml/reset_auth_data",
        "reset_saml_auth_data_to_email",
        permission("manage_system"),
        fail(
            501,
            "api.admin.saml.not_available.app_error",
            "SAML 2.0 is not configured or supported on this server.",
        ),
    ),  # saml.go resetAuthDataToEmail
]
