"""brand: operations a stock unlicensed 11.2 answers with a refusal or a fixed answer, in its order of checks
(session, permission, licence or config, body). Upstream: server/channels/api4/ (brand.go)."""

from __future__ import annotations

from mockmost.http.checks import answered, fail, permission, public, reply

ROUTES = [
    answered(
        "DELETE",
        "/api/v4/brand/image",
        "delete_brand_image",
        permission("edit_brand"),
        fail(
            404, "api.admin.delete_brand_image.storage.not_found", "Unable to delete brand image, not found."
        ),
    ),  # brand.go deleteBrandImage
    public("GET", "/api/v4/brand/image", "get_brand_image", reply(None, 404)),  # brand.go getBrandImage
    answered(
        "POST",
        "/api/v4/brand/image",
        "upload_brand_image",
        fail(400, "api.admin.upload_brand_image.parse.app_error", "Could not parse multipart form."),
    ),  # brand.go uploadBrandImage
]
