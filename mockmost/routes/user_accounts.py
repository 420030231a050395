"""user_accounts: operations a stock unlicensed 11.2 answers with a refusal or a fixed answer, in its order
of checks (session, permission, licence or config, body). Upstream: server/channels/api4/ (not, user.go)."""

from __future__ import annotations

import re
import time
from email.utils import formatdate

from mockmost import wire
from mockmost.auth import permissions as perms
from mockmost.errors import AppError, invalid_body_param
from mockmost.http import replies
from mockmost.http.checks import answered, body_field, fail, permission, public, status_ok
from mockmost.http.context import Ctx
from mockmost.http.dispatch import Route
from mockmost.http.replies import Reply, ok
from mockmost.operations import ANSWERED


def get_users_with_invalid_emails(ctx: Ctx) -> Reply:
    """Users whose email domain is outside TeamSettings.RestrictCreationToDomains (none when unset)."""
    perms.require_system(ctx.store, ctx.session, "sysconsole_read_user_management_users")
    return ok([])


def get_total_users_stats_filtered(ctx: Ctx) -> Reply:
    perms.require_system(ctx.store, ctx.session, "sysconsole_read_user_management_users")
    q = ctx.query
    users = [
        u
        for u in ctx.store.user_by_id.values()
        if (q.get("include_deleted") == "true" or not u.delete_at)
        and (q.get("include_bots") == "true" or not u.is_bot)
    ]
    return ok({"total_users_count": len(users)})


def get_user_audits(ctx: Ctx) -> Reply:
    """getUserAudits: the user or edit_other_users; the audits newest first."""
    user_id = ctx.user_id()
    perms.require_user(ctx.store, ctx.session, user_id)
    page, per_page = ctx.paging()
    return ok([wire.audit(a) for a in ctx.store.audits.page(user_id, page, per_page)])


def update_user_mfa(ctx: Ctx) -> Reply:
    """updateUserMfa: turning MFA off works with MFA disabled on the server, turning it on is refused
    (app/user.go UpdateMfa, ActivateMfa). Audited "attempt" once the body is read, then the success."""
    user_id = ctx.user_id()
    perms.require_user(ctx.store, ctx.session, user_id)
    props = ctx.any_map()
    activate = props.get("activate")
    if not isinstance(activate, bool):
        raise invalid_body_param("activate")
    if activate and not (isinstance(props.get("code"), str) and props["code"]):
        raise invalid_body_param("code")
    ctx.audit("attempt")
    user = ctx.store.users.get(user_id)
    if activate:
        raise AppError(
            "mfa.mfa_disabled.app_error",
            501,
            message="Multi-factor authentication has been disabled on this server.",
        )
    ctx.store.users.deactivate_mfa(user)
    ctx.audit("success - mfa updated")
    return replies.status_ok()


# blang/semver Parse, as handleDeviceProps checks mobile_version.
_SEMVER = re.compile(
    r"(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)"
    r"(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?"
)


def attach_device_extra_props(ctx: Ctx) -> Reply:
    """handleDeviceProps: the two optional props checked, then a device id attached (the cookie renewed for
    the mobile session length, audited), then the props saved on the session."""
    props = ctx.string_map()
    disabled, version = props.get("device_notification_disabled", ""), props.get("mobile_version", "")
    if disabled and disabled not in ("true", "false"):
        raise invalid_body_param("device_notification_disabled")
    if version and not _SEMVER.fullmatch(version):
        raise invalid_body_param("mobile_version")
    extra = {k: v for k, v in (("device_notification_disabled", disabled), ("mobile_version", version)) if v}
    device_id = props.get("device_id", "")
    session = ctx.session
    ctx.store.sessions.attach_device(session, device_id, extra)
    if device_id:
        max_age = ctx.settings.get("ServiceSettings.SessionLengthMobileInHours") * 3600
        expires = formatdate(int(time.time()) + max_age, usegmt=True)
        cookie = f"MMAUTHTOKEN={session.token}; Path=/; Expires={expires}; Max-Age={max_age}; HttpOnly"
        ctx.response_headers.append((b"set-cookie", cookie.encode()))
        ctx.audit("")
    return replies.status_ok()


ROUTES = [
    Route("GET", "/api/v4/users/{user_id}/audits", get_user_audits),
    public(
        "POST",
        "/api/v4/users/email/verify",
        "verify_user_email",
        body_field("token"),
        fail(400, "api.user.verify_email.bad_link.app_error", "Bad verify email link."),
    ),  # user.go verifyUserEmail
    public(
        "POST", "/api/v4/users/email/verify/send", "send_verification_email", body_field("email"), status_ok()
    ),  # user.go sendVerificationEmail
    public(
        "POST",
        "/api/v4/users/login/cws",
        "login_by_cws_token",
        fail(401, "api.user.login_cws.license.error", "CWS login is forbidden."),
    ),  # user.go loginCWS
    public(
        "POST",
        "/api/v4/users/login/sso/code-exchange",
        "login_sso_code_exchange",
        body_field("login_code | code_verifier | state"),
        fail(400, "api.oauth.get_access_token.bad_request.app_error", "invalid_request: Bad request."),
        operation_id="LoginSSOCodeExchange",
    ),  # user.go loginSSOCodeExchange
    public(
        "POST",
        "/api/v4/users/login/switch",
        "switch_account_type",
        body_field("switch_request"),
        fail(
            400,
            "api.context.invalid_body_param.app_error",
            "Invalid or missing switch_request in request body.",
        ),
    ),  # user.go switchAccountType
    answered(
        "POST",
        "/api/v4/users/migrate_auth/ldap",
        "migrate_auth_to_ldap",
        body_field("from"),
        permission("manage_system"),
        fail(501, "api.admin.ldap.not_available.app_error", "LDAP is not available."),
    ),  # user.go migrateAuthToLDAP
    answered(
        "POST",
        "/api/v4/users/migrate_auth/saml",
        "migrate_auth_to_saml",
        body_field("from"),
        permission("manage_system"),
        fail(
            501,
            "api.admin.saml.not_available.app_error",
            "SAML 2.0 is not configured or supported on this server.",
        ),
    ),  # user.go migrateAuthToSaml
    public(
        "POST",
        "/api/v4/users/password/reset/send",
        "send_password_reset_email",
        body_field("email"),
        status_ok(),
    ),  # user.go sendPasswordReset
    Route("PUT", "/api/v4/users/sessions/device", attach_device_extra_props),
    answered(
        "PUT",
        "/api/v4/users/{user_id}/auth",
        "update_user_auth",
        permission("edit_other_users"),
        fail(
            400,
            "api.user.update_user_auth.invalid_request",
            "Request is missing either AuthData or AuthService parameter.",
        ),
    ),  # user.go updateUserAuth
    answered(
        "POST",
        "/api/v4/users/{user_id}/demote",
        "demote_user_to_guest",
        fail(
            501, "api.team.demote_user_to_guest.license.error", "Your license does not support guest accounts"
        ),
    ),  # user.go demoteUserToGuest
    Route("PUT", "/api/v4/users/{user_id}/mfa", update_user_mfa),
    answered(
        "POST",
        "/api/v4/users/{user_id}/mfa/generate",
        "generate_mfa_secret",
        fail(
            501, "mfa.mfa_disabled.app_error", "Multi-factor authentication has been disabled on this server."
        ),
    ),  # user.go generateMfaSecret
    answered(
        "POST",
        "/api/v4/users/{user_id}/promote",
        "promote_guest_to_user",
        permission("promote_guest"),
        fail(
            501,
            "api.user.promote_guest_to_user.no_guest.app_error",
            "Unable to convert the guest to regular user because is not a guest.",
        ),
    ),  # user.go promoteGuestToUser
    answered(
        "GET",
        "/api/v4/users/{user_id}/terms_of_service",
        "get_user_terms_of_service",
        fail(404, "app.user_terms_of_service.get_by_user.no_rows.app_error", "No terms of service found."),
    ),  # user.go getUserTermsOfService
    answered(
        "POST",
        "/api/v4/users/{user_id}/terms_of_service",
        "register_terms_of_service_action",
        body_field("termsOfServiceId"),
        fail(400, "api.context.invalid_body_param.app_error", "Invalid or missing accepted in request body."),
    ),  # user.go saveUserTermsOfService
    Route("GET", "/api/v4/users/invalid_emails", get_users_with_invalid_emails, kind=ANSWERED),
    Route("GET", "/api/v4/users/stats/filtered", get_total_users_stats_filtered),
]
