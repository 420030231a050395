"""OAuth 2.0 service provider: registered apps, authorisation codes, access data and the sessions they open.

Upstream: server/channels/app/oauth.go, server/public/model/oauth.go (IsValid, ValidateForGrantType),
server/public/model/authorize.go (AuthorizeRequest.IsValid, PKCE), server/public/model/access.go,
server/channels/store/sqlstore/oauth_store.go (what a delete removes, and list orders: none, so insertion).
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from mockmost.errors import AppError
from mockmost.ids import is_valid_id
from mockmost.store.entities import OAuthAccessData, OAuthApp, OAuthAuthData, Preference, User
from mockmost.store.webhooks import is_valid_http_url

if TYPE_CHECKING:
    from mockmost.store import Store

AUTHORIZED_CATEGORY = "oauth_app"  # model.PreferenceCategoryAuthorizedOAuthApp
DEFAULT_SCOPE = "user"
_CHALLENGE = re.compile(r"^[A-Za-z0-9_-]+$")
_VERIFIER = re.compile(r"^[A-Za-z0-9\-._~]+$")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


@dataclass(slots=True)
class AuthorizeRequest:
    """model.AuthorizeRequest, from the query string (GET) or a JSON body (POST)."""

    response_type: str = ""
    client_id: str = ""
    redirect_uri: str = ""
    scope: str = ""
    state: str = ""
    code_challenge: str = ""
    code_challenge_method: str = ""
    resource: str = ""


@dataclass(slots=True)
class TokenRequest:
    """The form of POST /oauth/access_token (web/oauth.go getAccessToken)."""

    grant_type: str
    client_id: str
    client_secret: str = ""
    code: str = ""
    redirect_uri: str = ""
    refresh_token: str = ""
    code_verifier: str = ""
    resource: str = ""


def _bad(error_id: str, status: int = 400) -> AppError:
    return AppError(error_id, status)


def validate_app(app: OAuthApp) -> None:
    """model.OAuthApp.IsValid, in upstream's order (lengths are Go's byte lengths unless said)."""
    if not is_valid_id(app.id):
        raise _bad("model.oauth.is_valid.app_id.app_error")
    if not app.create_at:
        raise _bad("model.oauth.is_valid.create_at.app_error")
    if not app.update_at:
        raise _bad("model.oauth.is_valid.update_at.app_error")
    if not is_valid_id(app.creator_id) and not app.is_dynamically_registered:
        raise _bad("model.oauth.is_valid.creator_id.app_error")
    if len(app.client_secret.encode()) > 128:
        raise _bad("model.oauth.is_valid.client_secret.app_error")
    if not app.name or len(app.name.encode()) > 64:
        raise _bad("model.oauth.is_valid.name.app_error")
    # len(fmt.Sprintf("%s", CallbackUrls)): "[a b c]"
    printed = 2 + sum(len(u.encode()) for u in app.callback_urls) + max(len(app.callback_urls) - 1, 0)
    if not app.callback_urls or printed > 1024:
        raise _bad("model.oauth.is_valid.callback.app_error")
    if not all(is_valid_http_url(u) for u in app.callback_urls):
        raise _bad("model.oauth.is_valid.callback.app_error")
    if not app.homepage and not app.is_dynamically_registered:
        raise _bad("model.oauth.is_valid.homepage.app_error")
    if app.homepage and (len(app.homepage.encode()) > 256 or not is_valid_http_url(app.homepage)):
        raise _bad("model.oauth.is_valid.homepage.app_error")
    if len(app.description) > 512:  # utf8.RuneCountInString
        raise _bad("model.oauth.is_valid.description.app_error")
    if app.icon_url and (len(app.icon_url.encode()) > 512 or not is_valid_http_url(app.icon_url)):
        raise _bad("model.oauth.is_valid.icon_url.app_error")
    if len(app.mattermost_app_id.encode()) > 32:
        raise _bad("model.oauth.is_valid.mattermost_app_id.app_error")


def validate_resource(resource: str) -> None:
    """model.ValidateResourceParameter (RFC 8707): absolute, no fragment, at most 512 bytes."""
    if not resource:
        return
    if len(resource.encode()) > 512:
        raise _bad("model.authorize.is_valid.resource.length.app_error")
    if not _SCHEME.match(resource):
        raise _bad("model.authorize.is_valid.resource.not_absolute.app_error")
    if "#" in resource and resource.split("#", 1)[1]:
        raise _bad("model.authorize.is_valid.resource.has_fragment.app_error")


def validate_authorize_request(req: AuthorizeRequest) -> None:
    """model.AuthorizeRequest.IsValid, in upstream's order."""
    if not is_valid_id(req.client_id):
        raise _bad("model.authorize.is_valid.client_id.app_error")
    if not req.response_type:
        raise _bad("model.authorize.is_valid.response_type.app_error")
    uri = req.redirect_uri
    if not uri or len(uri.encode()) > 256 or not is_valid_http_url(uri):
        raise _bad("model.authorize.is_valid.redirect_uri.app_error")
    if len(req.state.encode()) > 1024:
        raise _bad("model.authorize.is_valid.state.app_error")
    if len(req.scope.encode()) > 128:
        raise _bad("model.authorize.is_valid.scope.app_error")
    if req.code_challenge or req.code_challenge_method:
        if not req.code_challenge:
            raise _bad("model.authorize.is_valid.code_challenge.app_error")
        if not req.code_challenge_method:
            raise _bad("model.authorize.is_valid.code_challenge_method.app_error")
        if req.code_challenge_method != "S256":
            raise _bad("model.authorize.is_valid.code_challenge_method.unsupported.app_error")
        if not 43 <= len(req.code_challenge) <= 128:
            raise _bad("model.authorize.is_valid.code_challenge.length.app_error")
        if not _CHALLENGE.match(req.code_challenge):
            raise _bad("model.authorize.is_valid.code_challenge.format.app_error")
    validate_resource(req.resource)


def _pkce_matches(auth: OAuthAuthData, verifier: str) -> bool:
    """AuthData.VerifyPKCE: S256 of a well-formed verifier equals the stored challenge."""
    if not auth.code_challenge and not auth.code_challenge_method:
        return True
    if not auth.code_challenge or not auth.code_challenge_method or auth.code_challenge_method != "S256":
        return False
    if not 43 <= len(verifier) <= 128 or not _VERIFIER.match(verifier):
        return False
    digest = hashlib.sha256(verifier.encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode() == auth.code_challenge


def _check_pkce(app: OAuthApp, auth: OAuthAuthData, verifier: str) -> None:
    """AuthData.ValidatePKCEForClientType."""
    if app.is_public_client and not auth.code_challenge:
        raise _bad("model.authorize.validate_pkce.public_client_required.app_error")
    if auth.code_challenge:
        if not verifier:
            raise _bad("model.authorize.validate_pkce.verifier_required.app_error")
        if not _pkce_matches(auth, verifier):
            raise _bad("model.authorize.validate_pkce.verification_failed.app_error")
    elif verifier:
        raise _bad("model.authorize.validate_pkce.not_used_in_auth.app_error")


def _check_client(app: OAuthApp, grant_type: str, secret: str, verifier: str) -> None:
    """OAuthApp.ValidateForGrantType: public clients send no secret and use PKCE; others their secret."""
    if app.is_public_client:
        if secret:
            raise _bad("model.oauth.validate_grant.public_client_secret.app_error")
        if grant_type == "refresh_token":
            raise _bad("model.oauth.validate_grant.public_client_refresh_token.app_error")
        if grant_type == "authorization_code" and not verifier:
            raise _bad("model.oauth.validate_grant.pkce_required.app_error")
    elif app.client_secret != secret:
        raise _bad("model.oauth.validate_grant.credentials.app_error", 401)


def with_query(uri: str, params: dict[str, str]) -> str:
    """url.Parse, Query().Set(...), Encode (keys sorted), String(): GetOAuthCodeRedirect's redirect."""
    parts = urlsplit(uri)
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    query.update(params)
    return urlunsplit(parts._replace(query=urlencode(sorted(query.items()))))


class OAuthApps:
    def __init__(self, store: Store) -> None:
        self.s = store

    # ---- config ------------------------------------------------------------------------------
    def enabled(self) -> bool:
        return bool(self.s.settings.get("ServiceSettings.EnableOAuthServiceProvider"))

    def require_enabled(self, error_id: str = "api.oauth.allow_oauth.turn_off.app_error") -> None:
        if not self.enabled():
            raise AppError(error_id, 501)

    # ---- apps --------------------------------------------------------------------------------
    def get(self, app_id: str) -> OAuthApp:
        """App.GetOAuthApp: 501 when the provider is off, 404 when there is no such app."""
        self.require_enabled()
        app = self.s.oauth_app_by_id.get(app_id)
        if app is None:
            raise _bad("app.oauth.get_app.find.app_error", 404)
        return app

    def create(self, creator_id: str, fields: dict[str, Any], generate_secret: bool) -> OAuthApp:
        """App.CreateOAuthAppInternal then sqlstore SaveApp (PreSave, IsValid)."""
        self.require_enabled("api.oauth.register_oauth_app.turn_off.app_error")
        now = self.s.now()
        app = OAuthApp(
            id=self.s.new_id(),
            creator_id=creator_id,
            create_at=now,
            update_at=now,
            client_secret=self.s.new_id() if generate_secret else "",
            **fields,
        )
        validate_app(app)
        with self.s.write():
            self.s.oauth_app_by_id[app.id] = app
        return app

    def register(
        self,
        redirect_uris: list[str],
        token_endpoint_auth_method: str | None = None,
        client_name: str | None = None,
        client_uri: str | None = None,
    ) -> OAuthApp:
        """Dynamic client registration (RFC 7591): ClientRegistrationRequest.IsValid, then an app with no
        creator (model.NewOAuthAppFromClientRegistration), saved as any app is (IsValid)."""
        self.require_enabled("api.oauth.register_oauth_app.turn_off.app_error")
        if not redirect_uris:
            raise _bad("model.dcr.is_valid.redirect_uris.app_error")
        if not all(is_valid_http_url(u) for u in redirect_uris):
            raise _bad("model.dcr.is_valid.redirect_uri_format.app_error")
        if client_name is not None and len(client_name.encode()) > 64:
            raise _bad("model.dcr.is_valid.client_name.app_error")
        if client_uri is not None and not is_valid_http_url(client_uri):
            raise _bad("model.dcr.is_valid.client_uri_format.app_error")
        if client_uri is not None and len(client_uri.encode()) > 256:
            raise _bad("model.dcr.is_valid.client_uri_length.app_error")
        if token_endpoint_auth_method not in (None, "client_secret_post", "none"):
            raise _bad("model.dcr.is_valid.unsupported_auth_method.app_error")
        now = self.s.now()
        app = OAuthApp(
            id=self.s.new_id(),
            creator_id="",
            create_at=now,
            update_at=now,
            client_secret="" if token_endpoint_auth_method == "none" else self.s.new_id(),
            name="Dynamically Registered Client" if client_name is None else client_name,
            callback_urls=list(redirect_uris),
            homepage=client_uri or "",
            is_dynamically_registered=True,
        )
        validate_app(app)
        with self.s.write():
            self.s.oauth_app_by_id[app.id] = app
        return app

    def list_all(self, page: int, per_page: int) -> list[OAuthApp]:
        self.require_enabled()
        return list(self.s.oauth_app_by_id.values())[page * per_page : (page + 1) * per_page]

    def list_by_creator(self, user_id: str, page: int, per_page: int) -> list[OAuthApp]:
        self.require_enabled()
        mine = [a for a in self.s.oauth_app_by_id.values() if a.creator_id == user_id]
        return mine[page * per_page : (page + 1) * per_page]

    def update(self, old: OAuthApp, fields: dict[str, Any]) -> OAuthApp:
        """App.UpdateOAuthApp: the body replaces every field but id, creator, create_at, the secret and
        is_dynamically_registered; then PreUpdate and IsValid."""
        self.require_enabled()
        new = OAuthApp(
            id=old.id,
            creator_id=old.creator_id,
            create_at=old.create_at,
            update_at=self.s.now(),
            client_secret=old.client_secret,
            is_dynamically_registered=old.is_dynamically_registered,
            **fields,
        )
        validate_app(new)
        with self.s.write():
            self.s.oauth_app_by_id[old.id] = new
        return new

    def regenerate_secret(self, app: OAuthApp) -> OAuthApp:
        """App.RegenerateOAuthAppSecret: the old secret stops working at once."""
        self.require_enabled()
        with self.s.write():
            app.client_secret = self.s.new_id()
            app.update_at = self.s.now()
        return app

    def delete(self, app: OAuthApp) -> None:
        """sqlstore DeleteApp: the app, the sessions of its tokens, its access data and every user's
        authorisation of it (its codes stay, unusable)."""
        self.require_enabled()
        with self.s.write():
            self.s.oauth_app_by_id.pop(app.id, None)
            for data in [d for d in self.s.oauth_access_by_token.values() if d.client_id == app.id]:
                self.s.sessions.revoke_token_session(data.token)
                del self.s.oauth_access_by_token[data.token]
            self.s.preferences.remove_named(AUTHORIZED_CATEGORY, app.id)
            self.s.sessions.clear_cache()  # app.DeleteOAuthApp: InvalidateAllCaches

    def authorized_for(self, user_id: str, page: int, per_page: int) -> list[OAuthApp]:
        """sqlstore GetAuthorizedApps: apps joined to the user's preferences on the app id as the name."""
        self.require_enabled()
        if page < 0:  # a negative OFFSET, which PostgreSQL refuses
            raise AppError("app.oauth.get_apps.find.app_error", 500)
        names = self.s.preferences.names_for_user(user_id)
        found = [a for a in self.s.oauth_app_by_id.values() if a.id in names]
        return found[page * per_page : (page + 1) * per_page]

    def is_authorized(self, user_id: str, app_id: str) -> bool:
        return self.s.preferences.find(user_id, AUTHORIZED_CATEGORY, app_id) is not None

    # ---- the flow ----------------------------------------------------------------------------
    def allow(self, user: User, req: AuthorizeRequest) -> str:
        """App.AllowOAuthAppAccessToUser: the URL to send the browser back to (a code, a token in the
        fragment, or an error in the query), and the app marked authorised for the user."""
        self.require_enabled()
        scope = req.scope or DEFAULT_SCOPE
        app = self.s.oauth_app_by_id.get(req.client_id)
        if app is None:
            raise _bad("app.oauth.get_app.find.app_error", 404)
        if req.redirect_uri not in app.callback_urls:
            raise _bad("api.oauth.allow_oauth.redirect_callback.app_error")
        if app.is_public_client and req.response_type == "code" and not req.code_challenge:
            raise _bad("api.oauth.allow_oauth.pkce_required_public.app_error")
        with self.s.write():
            if req.response_type == "code":
                redirect = self._code_redirect(user, req, scope)
            elif req.response_type == "token":
                redirect = self._implicit_redirect(app, user, req, scope)
            else:
                return f"{req.redirect_uri}?error=unsupported_response_type&state={req.state}"
            self.s.preferences.store_quietly(Preference(user.id, AUTHORIZED_CATEGORY, app.id, scope))
        return redirect

    def _code_redirect(self, user: User, req: AuthorizeRequest, scope: str) -> str:
        auth = OAuthAuthData(
            client_id=req.client_id,
            user_id=user.id,
            code=self.s.new_id() + self.s.new_id(),
            create_at=self.s.now(),
            redirect_uri=req.redirect_uri,
            state=req.state,
            scope=scope,
            code_challenge=req.code_challenge,
            code_challenge_method=req.code_challenge_method,
            resource=req.resource,
        )
        self.s.oauth_auth_by_code[auth.code] = auth
        return with_query(req.redirect_uri, {"code": auth.code, "state": auth.state})

    def _implicit_redirect(self, app: OAuthApp, user: User, req: AuthorizeRequest, scope: str) -> str:
        """GetOAuthImplicitRedirect: the session's token in the fragment, with what is left of its life."""
        session = self.s.sessions.create_oauth(user, app.name, app.id, app.mattermost_app_id)
        self.s.oauth_access_by_token[session.token] = OAuthAccessData(
            req.client_id, user.id, session.token, "", req.redirect_uri, session.expires_at, scope
        )
        # The server reads the clock again after writing the session to its database, which takes at
        # least a millisecond: the whole lifetime is never left (observed: 2591999 of 2592000 s).
        left = (session.expires_at - self.s.now() - 1) // 1000
        values = {"access_token": session.token, "expires_in": str(left), "scope": scope}
        values.update({"state": req.state, "token_type": "bearer"})
        return f"{req.redirect_uri}#{urlencode(sorted(values.items()))}"

    def exchange(self, req: TokenRequest) -> dict[str, Any]:
        """App.GetOAuthAccessTokenForCodeFlow: a code or a refresh token for an access token."""
        self.require_enabled("api.oauth.get_access_token.disabled.app_error")
        app = self.s.oauth_app_by_id.get(req.client_id)
        if app is None:
            raise _bad("api.oauth.get_access_token.credentials.app_error", 404)
        _check_client(app, req.grant_type, req.client_secret, req.code_verifier)
        with self.s.write():
            if req.grant_type == "authorization_code":
                return self._exchange_code(app, req)
            return self._exchange_refresh(app, req)

    def _exchange_code(self, app: OAuthApp, req: TokenRequest) -> dict[str, Any]:
        auth = self.s.oauth_auth_by_code.get(req.code)
        if auth is None:
            raise _bad("api.oauth.get_access_token.expired_code.app_error")
        if self.s.now() > auth.create_at + auth.expires_in * 1000:
            del self.s.oauth_auth_by_code[auth.code]
            raise _bad("api.oauth.get_access_token.expired_code.app_error", 403)
        if auth.redirect_uri != req.redirect_uri:
            raise _bad("api.oauth.get_access_token.redirect_uri.app_error")
        _check_pkce(app, auth, req.code_verifier)
        user = self.s.user_by_id.get(auth.user_id)
        if user is None:
            raise _bad("api.oauth.get_access_token.internal_user.app_error", 404)
        if user.delete_at:
            raise _bad("api.oauth.get_access_token.expired_code.app_error", 403)
        del self.s.oauth_auth_by_code[auth.code]  # deferred upstream: gone whatever happens next
        audience = auth.resource
        if req.resource:
            validate_resource(req.resource)
            if auth.resource and req.resource != auth.resource:
                raise _bad("api.oauth.get_access_token.resource_mismatch.app_error")
            audience = req.resource
        previous = self._previous(user.id, app.id)
        if previous is not None and not self._expired(previous):
            refresh = "" if app.is_public_client else previous.refresh_token
            left = (previous.expires_at - self.s.now()) // 1000
            return self._response(previous.token, left, refresh, previous.audience)
        if previous is not None:
            return self._renew(app, previous, user, audience)
        session = self.s.sessions.create_oauth(user, app.name, app.id, app.mattermost_app_id)
        data = OAuthAccessData(
            client_id=app.id,
            user_id=user.id,
            token=session.token,
            refresh_token="" if app.is_public_client else self.s.new_id(),
            redirect_uri=req.redirect_uri,
            expires_at=session.expires_at,
            scope=auth.scope,
            audience=audience,
        )
        self.s.oauth_access_by_token[data.token] = data
        return self._response(data.token, self._lifetime(), data.refresh_token, audience)

    def _exchange_refresh(self, app: OAuthApp, req: TokenRequest) -> dict[str, Any]:
        data = next(
            (d for d in self.s.oauth_access_by_token.values() if d.refresh_token == req.refresh_token), None
        )
        if data is None or not req.refresh_token:
            raise _bad("api.oauth.get_access_token.refresh_token.app_error", 404)
        user = self.s.user_by_id.get(data.user_id)
        if user is None:
            raise _bad("api.oauth.get_access_token.internal_user.app_error", 404)
        audience = data.audience
        if req.resource:
            validate_resource(req.resource)
            if data.audience and req.resource != data.audience:
                raise _bad("api.oauth.get_access_token.resource_mismatch.app_error")
            audience = req.resource
        return self._renew(app, data, user, audience)

    def _renew(self, app: OAuthApp, data: OAuthAccessData, user: User, audience: str) -> dict[str, Any]:
        """newSessionUpdateToken: the old session's row goes (its token lives on in the session cache), a new
        session and refresh token replace it."""
        self.s.sessions.retire_cached(data.token)
        self.s.oauth_access_by_token.pop(data.token, None)
        session = self.s.sessions.create_oauth(user, app.name, app.id, app.mattermost_app_id)
        data.token = session.token
        data.refresh_token = "" if app.is_public_client else self.s.new_id()
        data.expires_at = session.expires_at
        if audience:
            data.audience = audience
        self.s.oauth_access_by_token[data.token] = data
        return self._response(data.token, self._lifetime(), data.refresh_token, data.audience)

    def _previous(self, user_id: str, app_id: str) -> OAuthAccessData | None:
        """GetPreviousAccessData: the user's access data for the app that expires last."""
        found = [
            d for d in self.s.oauth_access_by_token.values() if d.user_id == user_id and d.client_id == app_id
        ]
        return max(found, key=lambda d: d.expires_at) if found else None

    def _expired(self, data: OAuthAccessData) -> bool:
        return data.expires_at > 0 and self.s.now() > data.expires_at

    def _lifetime(self) -> int:
        return int(self.s.settings.get("ServiceSettings.SessionLengthSSOInHours")) * 3600

    @staticmethod
    def _response(token: str, expires_in: int, refresh: str, audience: str) -> dict[str, Any]:
        return {
            "access_token": token,
            "token_type": "bearer",
            "expires_in": expires_in,
            "scope": "",
            "refresh_token": refresh,
            "id_token": "",
            "audience": audience,
        }

    def deauthorize(self, user_id: str, app_id: str) -> None:
        """App.DeauthorizeOAuthAppForUser: the user's tokens for the app and their sessions, its codes,
        and the authorisation itself. An unknown app is fine."""
        self.require_enabled()
        with self.s.write():
            for data in [
                d
                for d in self.s.oauth_access_by_token.values()
                if d.user_id == user_id and d.client_id == app_id
            ]:
                self.s.sessions.revoke_token_session(data.token)
                del self.s.oauth_access_by_token[data.token]
                self.s.sessions.clear_cache(user_id)  # platform RevokeAccessToken: ClearUserSessionCache
            for code in [
                c
                for c, a in self.s.oauth_auth_by_code.items()
                if a.user_id == user_id and a.client_id == app_id
            ]:
                del self.s.oauth_auth_by_code[code]
            self.s.preferences.remove_quietly(user_id, AUTHORIZED_CATEGORY, app_id)

    def forget_codes(self, user_id: str) -> None:
        """sqlstore RemoveAuthDataByUserId: a deactivated user's codes that were not exchanged yet."""
        with self.s.write():
            for code in [c for c, a in self.s.oauth_auth_by_code.items() if a.user_id == user_id]:
                del self.s.oauth_auth_by_code[code]

    def purge_user(self, user_id: str) -> None:
        """Permanent deletion: the user's codes and access data (their sessions go with the user's)."""
        for code in [c for c, a in self.s.oauth_auth_by_code.items() if a.user_id == user_id]:
            del self.s.oauth_auth_by_code[code]
        for token in [t for t, d in self.s.oauth_access_by_token.items() if d.user_id == user_id]:
            del self.s.oauth_access_by_token[token]
