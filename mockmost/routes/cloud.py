"""cloud: operations a stock unlicensed 11.2 answers with a refusal or a fixed answer, in its order of checks
(session, permission, licence or config, body). Upstream: server/channels/api4/ (cloud.go, not)."""

from __future__ import annotations

from mockmost.http.checks import answered, fail

ROUTES = [
    answered(
        "GET",
        "/api/v4/cloud/customer",
        "get_cloud_customer",
        fail(
            400,
            "api.server.cws.needs_enterprise_edition",
            "Service only available in Mattermost Enterprise edition",
        ),
    ),  # cloud.go getCloudCustomer
    answered(
        "PUT",
        "/api/v4/cloud/customer",
        "update_cloud_customer",
        fail(
            400,
            "api.server.cws.needs_enterprise_edition",
            "Service only available in Mattermost Enterprise edition",
        ),
    ),  # cloud.go updateCloudCustomer
    answered(
        "PUT",
        "/api/v4/cloud/customer/address",
        "update_cloud_customer_address",
        fail(
            400,
            "api.server.cws.needs_enterprise_edition",
            "Service only available in Mattermost Enterprise edition",
        ),
    ),  # cloud.go updateCloudCustomerAddress
    answered(
        "GET",
        "/api/v4/cloud/installation",
        "get_endpoint_for_installation_information",
        fail(
            400,
            "api.server.cws.needs_enterprise_edition",
            "Service only available in Mattermost Enterprise edition",
        ),
    ),  # cloud.go getInstallation
    answered(
        "GET",
        "/api/v4/cloud/limits",
        "get_cloud_limits",
        fail(
            400,
            "api.server.cws.needs_enterprise_edition",
            "Service only available in Mattermost Enterprise edition",
        ),
    ),  # cloud.go getCloudLimits
    answered(
        "GET",
        "/api/v4/cloud/preview/modal_data",
        "get_preview_modal_data",
        fail(
            404, "app.cloud.preview_modal_bucket_url_not_configured", "Preview bucket URL is not configured"
        ),
    ),  # cloud.go getPreviewModalData
    answered(
        "GET",
        "/api/v4/cloud/products",
        "get_cloud_products",
        fail(
            400,
            "api.server.cws.needs_enterprise_edition",
            "Service only available in Mattermost Enterprise edition",
        ),
    ),  # cloud.go getCloudProducts
    answered(
        "GET",
        "/api/v4/cloud/subscription",
        "get_subscription",
        fail(
            400,
            "api.server.cws.needs_enterprise_edition",
            "Service only available in Mattermost Enterprise edition",
        ),
    ),  # cloud.go getSubscription
    answered(
        "GET",
        "/api/v4/cloud/subscription/invoices",
        "get_invoices_for_subscription",
        fail(
            400,
            "api.server.cws.needs_enterprise_edition",
            "Service only available in Mattermost Enterprise edition",
        ),
    ),  # cloud.go getInvoicesForSubscription
    answered(
        "GET",
        "/api/v4/cloud/subscription/invoices/{invoice_id}/pdf",
        "get_invoice_for_subscription_as_pdf",
        fail(
            400,
            "api.server.cws.needs_enterprise_edition",
            "Service only available in Mattermost Enterprise edition",
        ),
    ),  # cloud.go getSubscriptionInvoicePDF
    answered(
        "POST",
        "/api/v4/cloud/webhook",
        "post_endpoint_for_cws_webhooks",
        fail(401, "api.context.session_expired.app_error", "Invalid or expired session, please login again."),
    ),  # cloud.go handleCWSWebhook
]
