"""oauth: the OAuth 2.0 service provider (apps, dynamic client registration, the authorisation server
metadata, and the flow under /oauth/ outside /api/v4), and outgoing OAuth connections (off on a stock 11.2).
Checks run in the server's order: session, permission, config (in the app layer, after the app is read),
body. Upstream: server/channels/api4/oauth.go, server/channels/web/oauth.go, server/channels/app/oauth.go,
server/channels/api4/outgoing_oauth_connection.go."""

from __future__ import annotations

from dataclasses import fields
from typing import Any
from urllib.parse import urlencode

from mockmost import gojson
from mockmost.auth import permissions as perms
from mockmost.errors import AppError, invalid_body_param, permission_denied
from mockmost.http.checks import answered, fail, permission
from mockmost.http.context import Ctx
from mockmost.http.dispatch import PUBLIC, TRUST, Route
from mockmost.http.replies import Reply, created, ok, raw, status_ok
from mockmost.ids import is_valid_id
from mockmost.store.attachments import DecodeError, go_bool, go_list, go_str
from mockmost.store.entities import OAuthApp
from mockmost.store.oauth_apps import AuthorizeRequest, TokenRequest, validate_authorize_request
from mockmost.wire import oauth as wire

_APP_FIELDS = ("name", "description", "icon_url", "homepage")


def _decode_app(ctx: Ctx, *, full: bool) -> tuple[dict[str, Any], dict[str, Any]]:
    """json.Decode into model.OAuthAppRequest (create) or model.OAuthApp (update): the app's fields and
    the body; an empty body or a wrong JSON type is 400 invalid oauth_app."""
    try:
        body = gojson.decode(ctx.body)
    except ValueError:
        raise invalid_body_param("oauth_app") from None
    if body is None:
        body = {}
    if not isinstance(body, dict):
        raise invalid_body_param("oauth_app")
    try:
        fields: dict[str, Any] = {name: go_str(body, name) for name in _APP_FIELDS}
        urls = go_list(body, "callback_urls") or []
        if not all(u is None or isinstance(u, str) for u in urls):
            raise DecodeError("callback_urls")
        fields["callback_urls"] = [u or "" for u in urls]
        fields["is_trusted"] = go_bool(body, "is_trusted")
        extra: dict[str, Any] = {"is_public": go_bool(body, "is_public")} if not full else {}
        if full:
            fields["mattermost_app_id"] = go_str(body, "mattermost_app_id")
            extra = {name: go_str(body, name) for name in ("id", "creator_id", "client_secret")}
            go_bool(body, "is_dynamically_registered")
            for name in ("create_at", "update_at"):
                value = gojson.field(body, name)
                if value is not None and type(value) is not int:
                    raise DecodeError(name)
    except DecodeError:
        raise invalid_body_param("oauth_app") from None
    return fields, extra


def _owned(ctx: Ctx, app: OAuthApp) -> None:
    """Another user's app needs manage_system_wide_oauth."""
    if app.creator_id != ctx.session.user_id:
        perms.require_system(ctx.store, ctx.session, "manage_system_wide_oauth")


def _app_id(ctx: Ctx) -> str:
    return ctx.path_id("app_id")


# ---- /api/v4/oauth/apps --------------------------------------------------------------------------
def create_o_auth_app(ctx: Ctx) -> Reply:
    fields, extra = _decode_app(ctx, full=False)
    perms.require_system(ctx.store, ctx.session, "manage_oauth")
    if not perms.has_system(ctx.store, ctx.session, "manage_system"):
        fields["is_trusted"] = False
    app = ctx.store.oauth_apps.create(ctx.session.user_id, fields, generate_secret=not extra["is_public"])
    return created(wire.oauth_app(app))


def get_o_auth_apps(ctx: Ctx) -> Reply:
    if not perms.has_system(ctx.store, ctx.session, "manage_oauth"):
        raise AppError("api.command.admin_only.app_error", 403)
    page, per_page = ctx.paging()
    apps = ctx.store.oauth_apps
    if perms.has_system(ctx.store, ctx.session, "manage_system_wide_oauth"):
        found = apps.list_all(page, per_page)
    else:
        found = apps.list_by_creator(ctx.session.user_id, page, per_page)
    return ok([wire.oauth_app(a) for a in found])


def get_o_auth_app(ctx: Ctx) -> Reply:
    app_id = _app_id(ctx)
    perms.require_system(ctx.store, ctx.session, "manage_oauth")
    app = ctx.store.oauth_apps.get(app_id)
    _owned(ctx, app)
    return ok(wire.oauth_app(app))


def get_o_auth_app_info(ctx: Ctx) -> Reply:
    return ok(wire.oauth_app(ctx.store.oauth_apps.get(_app_id(ctx)), sanitize=True))


def update_o_auth_app(ctx: Ctx) -> Reply:
    app_id = _app_id(ctx)
    perms.require_system(ctx.store, ctx.session, "manage_oauth")
    fields, extra = _decode_app(ctx, full=True)
    if extra["id"] != app_id:
        raise invalid_body_param("app_id")
    old = ctx.store.oauth_apps.get(app_id)
    _owned(ctx, old)
    if not perms.has_system(ctx.store, ctx.session, "manage_system"):
        fields["is_trusted"] = old.is_trusted
    return ok(wire.oauth_app(ctx.store.oauth_apps.update(old, fields)))


def delete_o_auth_app(ctx: Ctx) -> Reply:
    app_id = _app_id(ctx)
    perms.require_system(ctx.store, ctx.session, "manage_oauth")
    app = ctx.store.oauth_apps.get(app_id)
    _owned(ctx, app)
    ctx.store.oauth_apps.delete(app)
    return status_ok()


def regenerate_o_auth_app_secret(ctx: Ctx) -> Reply:
    app_id = _app_id(ctx)
    perms.require_system(ctx.store, ctx.session, "manage_oauth")
    app = ctx.store.oauth_apps.get(app_id)
    _owned(ctx, app)
    if app.is_public_client:
        raise AppError("api.oauth.regenerate_secret.public_client.app_error", 400)
    return ok(wire.oauth_app(ctx.store.oauth_apps.regenerate_secret(app)))


def get_authorized_o_auth_apps_for_user(ctx: Ctx) -> Reply:
    user_id = ctx.user_id()
    perms.require_user(ctx.store, ctx.session, user_id)
    # web/params.go keeps a negative page when the path names a user (the store then fails: 500).
    page, per_page = ctx.query_int("page", 0), ctx.paging()[1]
    apps = ctx.store.oauth_apps.authorized_for(user_id, page, per_page)
    return ok([wire.oauth_app(a, sanitize=True) for a in apps])


def _dcr_error(kind: str, description: str, status: int = 400) -> Reply:
    return ok({"error": kind, "error_description": description}, status)


def register_o_auth_client(ctx: Ctx) -> Reply:
    """RFC 7591 registration: no session or permission; errors in the RFC's shape, never AppErrors."""
    try:
        body = gojson.decode(ctx.body)
        if body is None:
            body = {}
        if not isinstance(body, dict):
            raise DecodeError("body")
        uris = go_list(body, "redirect_uris") or []
        if not all(u is None or isinstance(u, str) for u in uris):
            raise DecodeError("redirect_uris")
        names = ("token_endpoint_auth_method", "client_name", "client_uri")
        optional = {name: gojson.field(body, name) for name in names}
        if any(v is not None and not isinstance(v, str) for v in optional.values()):
            raise DecodeError("body")
    except ValueError:
        return _dcr_error("invalid_client_metadata", "Invalid JSON in request body")
    if not ctx.store.oauth_apps.enabled():
        return _dcr_error("unsupported_operation", "OAuth service provider is disabled")
    if not ctx.settings.get("ServiceSettings.EnableDynamicClientRegistration"):
        return _dcr_error("unsupported_operation", "Dynamic client registration is disabled")
    try:
        app = ctx.store.oauth_apps.register([u or "" for u in uris], **optional)
    except AppError as err:
        return _dcr_error("invalid_client_metadata", err.message, err.status)
    return created(wire.registration_response(app))


# ---- /.well-known and /oauth/ (web/oauth.go) -------------------------------------------------------
def get_authorization_server_metadata(ctx: Ctx) -> Reply:
    if not ctx.store.oauth_apps.enabled():
        raise AppError("api.oauth.authorization_server_metadata.disabled.app_error", 501)
    registration = bool(ctx.settings.get("ServiceSettings.EnableDynamicClientRegistration"))
    return ok(wire.server_metadata(ctx.site_url, registration))


def _web_error(ctx: Ctx, status: int, params: dict[str, str]) -> Reply:
    """utils.RenderWebError: an HTML page that sends the browser to the web app's /error page."""
    return raw(wire.web_error_page(params, ctx.request_id), "text/html", status)


def _redirect(location: str) -> Reply:
    """http.Redirect after the API handler set its JSON Content-Type: a 302 with no body."""
    return Reply(302, b"", "application/json", headers=[(b"location", location.encode())])


def authorize_o_auth_page(ctx: Ctx) -> Reply:
    """GET /oauth/authorize: to the login page without a session; straight back to the app when it is
    trusted or already authorised; else the web app's page asking the user (a stock 11.2 without its web
    client answers the file server's 404 there, as mockmost does: the page is the web app's)."""
    apps = ctx.store.oauth_apps
    if not apps.enabled():
        message = AppError("api.oauth.authorize_oauth.disabled.app_error", 501).message
        return _web_error(ctx, 501, {"message": message})
    req = AuthorizeRequest(*(ctx.query.get(f.name, "") for f in fields(AuthorizeRequest)))
    try:
        validate_authorize_request(req)
    except AppError as err:
        return _web_error(ctx, err.status, {"type": "oauth_invalid_param", "message": err.message})
    try:
        app = apps.get(req.client_id)
    except AppError as err:
        return _web_error(ctx, err.status, {"message": err.message})
    session = ctx.optional_session
    if session is None:
        target = "/login/sso/saml" if ctx.query.get("login_hint") == "saml" else "/login"
        return _redirect(f"{ctx.site_url}{target}?{urlencode({'redirect_to': ctx.request_uri})}")
    refused = _refused_on_the_page(ctx, app, req)
    if refused is not None:
        return refused
    if app.is_trusted or apps.is_authorized(session.user_id, app.id):
        try:
            return _redirect(apps.allow(ctx.me, req))
        except AppError as err:
            return _web_error(ctx, err.status, {"message": err.message})
    reply = raw(b"404 page not found\n", "text/plain; charset=utf-8", 404)
    reply.header("x-frame-options", "SAMEORIGIN")
    return reply.header("content-security-policy", "frame-ancestors 'self' ")


def _refused_on_the_page(ctx: Ctx, app: OAuthApp, req: AuthorizeRequest) -> Reply | None:
    """authorizeOAuthPage's own checks, rendered as error pages with their `type`."""
    if req.redirect_uri not in app.callback_urls:
        message = AppError("api.oauth.allow_oauth.redirect_callback.app_error", 400).message
        return _web_error(ctx, 400, {"type": "oauth_invalid_redirect_url", "message": message})
    if app.is_public_client and req.response_type == "code" and not req.code_challenge:
        message = "PKCE is required for public clients using authorization code flow"
        return _web_error(ctx, 400, {"type": "oauth_pkce_required", "message": message})
    return None


def authorize_o_auth_app(ctx: Ctx) -> Reply:
    """POST /oauth/authorize (the web app's Allow button): the redirect, as JSON."""
    body = ctx.json_value("authorize_request")
    if not isinstance(body, dict):
        raise invalid_body_param("authorize_request")
    body = gojson.struct_view(body, ctx.body)
    try:
        req = AuthorizeRequest(*(go_str(body, f.name) for f in fields(AuthorizeRequest)))
    except DecodeError:
        raise invalid_body_param("authorize_request") from None
    validate_authorize_request(req)
    if ctx.session.is_oauth:
        raise permission_denied()
    return ok({"redirect": ctx.store.oauth_apps.allow(ctx.me, req)})


def deauthorize_o_auth_app(ctx: Ctx) -> Reply:
    client_id = ctx.string_map().get("client_id", "")
    if not is_valid_id(client_id):
        raise invalid_body_param("client_id")
    ctx.store.oauth_apps.deauthorize(ctx.session.user_id, client_id)
    return status_ok()


def get_access_token(ctx: Ctx) -> Reply:
    """POST /oauth/access_token: a form (r.ParseForm); errors are AppErrors whose texts start with the
    RFC 6749 error code."""
    try:
        form = ctx.form()
    except ValueError:
        raise AppError("api.oauth.get_access_token.bad_request.app_error", 400) from None
    grant = form.get("grant_type", "")
    if grant == "authorization_code" and not form.get("code"):
        raise AppError("api.oauth.get_access_token.missing_code.app_error", 400)
    if grant == "refresh_token" and not form.get("refresh_token"):
        raise AppError("api.oauth.get_access_token.missing_refresh_token.app_error", 400)
    if grant not in ("authorization_code", "refresh_token"):
        raise AppError("api.oauth.get_access_token.bad_grant.app_error", 400)
    if not is_valid_id(form.get("client_id", "")):
        raise AppError("api.oauth.get_access_token.bad_client_id.app_error", 400)
    names = ("client_secret", "code", "redirect_uri", "refresh_token", "code_verifier", "resource")
    request = TokenRequest(grant, form["client_id"], *(form.get(n, "") for n in names))
    token = ctx.store.oauth_apps.exchange(request)
    reply = ok(wire.access_response(token))
    return reply.header("cache-control", "no-store").header("pragma", "no-cache")


_OFF = (
    501,
    "api.context.outgoing_oauth_connection.not_available.configuration_disabled",
    "Outgoing OAuth connections are not available on this server.",
)


def _outgoing(method: str, path: str, operation: str) -> Route:
    # outgoing_oauth_connection.go: manage_system (or the connection permission), then the config check.
    return answered(method, path, operation, permission("manage_system"), fail(*_OFF), tag="oauth")


ROUTES = [
    Route("POST", "/api/v4/oauth/apps", create_o_auth_app),
    Route("GET", "/api/v4/oauth/apps", get_o_auth_apps),
    Route("GET", "/api/v4/oauth/apps/{app_id}", get_o_auth_app),
    Route("PUT", "/api/v4/oauth/apps/{app_id}", update_o_auth_app),
    Route("DELETE", "/api/v4/oauth/apps/{app_id}", delete_o_auth_app),
    Route("GET", "/api/v4/oauth/apps/{app_id}/info", get_o_auth_app_info),
    Route("POST", "/api/v4/oauth/apps/{app_id}/regen_secret", regenerate_o_auth_app_secret),
    Route("POST", "/api/v4/oauth/apps/register", register_o_auth_client, auth=PUBLIC),
    Route("GET", "/api/v4/users/{user_id}/oauth/apps/authorized", get_authorized_o_auth_apps_for_user),
    Route("GET", "/.well-known/oauth-authorization-server", get_authorization_server_metadata, auth=TRUST),
    Route("GET", "/oauth/authorize", authorize_o_auth_page, auth=TRUST, documented=False),
    Route("POST", "/oauth/authorize", authorize_o_auth_app, documented=False),
    Route("POST", "/oauth/deauthorize", deauthorize_o_auth_app, documented=False),
    Route("POST", "/oauth/access_token", get_access_token, auth=TRUST, documented=False),
    _outgoing("GET", "/api/v4/oauth/outgoing_connections", "list_outgoing_o_auth_connections"),
    _outgoing("POST", "/api/v4/oauth/outgoing_connections", "create_outgoing_o_auth_connection"),
    _outgoing("POST", "/api/v4/oauth/outgoing_connections/validate", "validate_outgoing_o_auth_connection"),
    _outgoing(
        "DELETE", "/api/v4/oauth/outgoing_connections/{connection_id}", "delete_outgoing_o_auth_connection"
    ),
    _outgoing("GET", "/api/v4/oauth/outgoing_connections/{connection_id}", "get_outgoing_o_auth_connection"),
    _outgoing(
        "PUT", "/api/v4/oauth/outgoing_connections/{connection_id}", "update_outgoing_o_auth_connection"
    ),
]
