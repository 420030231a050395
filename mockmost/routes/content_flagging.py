"""Content flagging: every operation refused by an unlicensed server (requireContentFlaggingEnabled: 501
api.content_flagging.error.license, before anything else). Upstream:
server/channels/api4/content_flagging.go. The document gives these operations no operationId: handlers are
named after the Go handlers."""

from __future__ import annotations

from mockmost.http.checks import answered, fail

_UNLICENSED = fail(
    501, "api.content_flagging.error.license", "Your license does not support content flagging."
)

ROUTES = [
    answered(
        "GET", "/api/v4/content_flagging/flag/config", "get_flagging_configuration", _UNLICENSED
    ),  # content_flagging.go getFlaggingConfiguration
    answered(
        "GET",
        "/api/v4/content_flagging/team/{team_id}/status",
        "get_team_post_flagging_feature_status",
        _UNLICENSED,
    ),  # content_flagging.go getTeamPostFlaggingFeatureStatus
    answered(
        "POST", "/api/v4/content_flagging/post/{post_id}/flag", "flag_post", _UNLICENSED
    ),  # content_flagging.go flagPost
    answered(
        "GET", "/api/v4/content_flagging/fields", "get_content_flagging_fields", _UNLICENSED
    ),  # content_flagging.go getContentFlaggingFields
    answered(
        "GET", "/api/v4/content_flagging/post/{post_id}/field_values", "get_post_property_values", _UNLICENSED
    ),  # content_flagging.go getPostPropertyValues
    answered(
        "GET", "/api/v4/content_flagging/post/{post_id}", "get_flagged_post", _UNLICENSED
    ),  # content_flagging.go getFlaggedPost
    answered(
        "PUT", "/api/v4/content_flagging/post/{post_id}/remove", "remove_flagged_post", _UNLICENSED
    ),  # content_flagging.go removeFlaggedPost
    answered(
        "PUT", "/api/v4/content_flagging/post/{post_id}/keep", "keep_flagged_post", _UNLICENSED
    ),  # content_flagging.go keepFlaggedPost
    answered(
        "GET", "/api/v4/content_flagging/config", "get_content_flagging_settings", _UNLICENSED
    ),  # content_flagging.go getContentFlaggingSettings
    answered(
        "PUT", "/api/v4/content_flagging/config", "save_content_flagging_settings", _UNLICENSED
    ),  # content_flagging.go saveContentFlaggingSettings
    answered(
        "GET", "/api/v4/content_flagging/team/{team_id}/reviewers/search", "search_reviewers", _UNLICENSED
    ),  # content_flagging.go searchReviewers
    answered(
        "POST",
        "/api/v4/content_flagging/post/{post_id}/assign/{content_reviewer_id}",
        "assign_flagged_post_reviewer",
        _UNLICENSED,
    ),  # content_flagging.go assignFlaggedPostReviewer
]
