"""Sessions and personal access tokens. Upstream: app/session.go, app/user_access_token.go."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mockmost.errors import AppError, invalid_body_param, invalid_url_param
from mockmost.store.entities import Session, User, UserAccessToken

if TYPE_CHECKING:
    from mockmost.store import Store

_HUNDRED_YEARS_MS = 100 * 365 * 24 * 3600 * 1000


class Sessions:
    def __init__(self, store: Store) -> None:
        self.s = store
        # token → the session a personal access token was last read as: reused while the token, its user's
        # roles and bot flag are unchanged (its times are not read: nothing lists or expires a PAT session).
        self._pat_sessions: dict[str, Session] = {}

    def create(
        self,
        user: User,
        *,
        device_id: str = "",
        props: dict[str, str] | None = None,
        token: str | None = None,
    ) -> Session:
        now = self.s.now()
        kind = "Mobile" if device_id else "Web"  # app/login.go DoLogin
        length = self.s.settings.get(f"ServiceSettings.SessionLength{kind}InHours") * 3600 * 1000
        session = Session(
            id=self.s.new_id(),
            token=token or self.s.new_id(),
            user_id=user.id,
            create_at=now,
            expires_at=now + length,
            last_activity_at=now,
            roles=user.roles,
            device_id=device_id,
            props={
                "csrf": self.s.new_id(),
                "isMobile": "false",
                "isSaml": "false",
                "isOAuthUser": "false",
                "platform": "Unknown",
                "os": "",
                "browser": "Unknown/0.0",
                "is_guest": "true" if "system_guest" in user.roles.split() else "false",
                **(props or {}),
            },
        )
        with self.s.write():
            if device_id:
                for other in self.list_for_user(user.id):
                    if other.device_id == device_id:
                        self._drop(other)
            self.s.session_by_token[session.token] = session
            self.s.session_by_id[session.id] = session
        return session

    def attach_device(self, session: Session, device_id: str, props: dict[str, str]) -> None:
        """api4/user.go handleDeviceProps: a device id ends the user's other sessions on that device and gives
        this one the mobile session length, counted from its creation (app/session.go
        RevokeSessionsForDeviceId, AttachDeviceId); the extra props are merged in (SetExtraSessionProps)."""
        with self.s.write():
            if device_id:
                for other in self.list_for_user(session.user_id):
                    if other.device_id == device_id and other.id != session.id:
                        self._drop(other)
                session.device_id = device_id
                hours = self.s.settings.get("ServiceSettings.SessionLengthMobileInHours")
                session.expires_at = session.create_at + hours * 3600 * 1000
            session.props.update(props)

    def create_oauth(self, user: User, app_name: str, app_id: str, mattermost_app_id: str) -> Session:
        """app/oauth.go newSession: an OAuth session lasts ServiceSettings.SessionLengthSSOInHours and says
        which app it belongs to."""
        now = self.s.now()
        hours = self.s.settings.get("ServiceSettings.SessionLengthSSOInHours")
        session = Session(
            id=self.s.new_id(),
            token=self.s.new_id(),
            user_id=user.id,
            create_at=now,
            expires_at=now + hours * 3600 * 1000,
            last_activity_at=now,
            roles=user.roles,
            is_oauth=True,
            props={
                "csrf": self.s.new_id(),
                "platform": app_name,
                "oauth_app_id": app_id,
                "mattermost_app_id": mattermost_app_id,
                "os": "OAuth2",
                "browser": "OAuth2",
            },
        )
        with self.s.write():
            self.s.session_by_token[session.token] = session
            self.s.session_by_id[session.id] = session
        return session

    def find_by_token(self, token: str) -> Session | None:
        """A session token, else a personal access token (app/session.go GetSession)."""
        session = self.s.session_by_token.get(token)
        if session is not None:
            if session.expires_at and session.expires_at < self.s.now():
                return None
            until = self.s.session_cached_until.get(token)
            if until is not None and until < self.s.now():
                return None
            return session
        token_id = self.s.token_id_by_value.get(token)
        if token_id is None:
            return None
        pat = self.s.token_by_id[token_id]
        user = self.s.user_by_id.get(pat.user_id)
        if not pat.is_active or user is None or user.delete_at:
            return None
        if not user.is_bot and not self.s.settings.get("ServiceSettings.EnableUserAccessTokens"):
            return None
        is_bot = "true" if user.is_bot else "false"
        cached = self._pat_sessions.get(token)
        if (
            cached is not None
            and cached.id == pat.id
            and cached.user_id == user.id
            and cached.roles == user.roles
            and cached.props["is_bot"] == is_bot
        ):
            return cached
        now = self.s.now()
        props = {
            "type": "UserAccessToken",
            "user_access_token_id": pat.id,
            "is_bot": is_bot,
        }
        # A PAT session is not stored by token in the session table; it is built with a stable id.
        if len(self._pat_sessions) >= 1024:
            self._pat_sessions.clear()
        session = self._pat_sessions[token] = Session(
            id=pat.id,
            token=token,
            user_id=user.id,
            create_at=now,
            expires_at=now + _HUNDRED_YEARS_MS,
            last_activity_at=now,
            roles=user.roles,
            props=props,
        )
        return session

    def list_for_user(self, user_id: str) -> list[Session]:
        """Most recently active first, as sqlstore SessionStore.GetSessions orders them."""
        found = [s for s in self.s.session_by_id.values() if s.user_id == user_id]
        return sorted(found, key=lambda s: (s.last_activity_at, s.create_at), reverse=True)

    def _drop(self, session: Session) -> None:
        self.s.session_by_token.pop(session.token, None)
        self.s.session_by_id.pop(session.id, None)
        self.s.session_cached_until.pop(session.token, None)

    def retire_cached(self, token: str) -> None:
        """SessionStore.Remove without clearing the session cache (app/oauth.go newSessionUpdateToken, which
        created the session with AddSessionToCache): the row is gone, so it is listed no more, but the token
        keeps working until the cache entry ages out (ServiceSettings.SessionCacheInMinutes). Observed on
        11.2.0: a refreshed-away OAuth token still answers 200 (tests/parity/snapshots/oauth_flow.json)."""
        with self.s.write():
            session = self.s.session_by_token.get(token)
            if session is None:
                return
            self.s.session_by_id.pop(session.id, None)
            minutes = self.s.settings.get("ServiceSettings.SessionCacheInMinutes")
            self.s.session_cached_until[token] = self.s.now() + int(minutes) * 60_000

    def clear_cache(self, user_id: str | None = None) -> None:
        """ClearUserSessionCache (a user) or InvalidateAllCaches (None): retired tokens stop working."""
        with self.s.write():
            for token in list(self.s.session_cached_until):
                session = self.s.session_by_token.get(token)
                if session is None or user_id is None or session.user_id == user_id:
                    self.s.session_by_token.pop(token, None)
                    del self.s.session_cached_until[token]

    def revoke(self, session_id: str, user_id: str) -> None:
        """api4/user.go revokeSession: unknown id 400 app.session.get.app_error; another user's 400
        user_id."""
        session = self.s.session_by_id.get(session_id)
        if session is None:
            raise AppError(
                "app.session.get.app_error", 400, message="We encountered an error finding the session."
            )
        if session.user_id != user_id:
            raise invalid_url_param("user_id")
        with self.s.write():
            self._drop(session)

    def revoke_token_session(self, token: str) -> None:
        with self.s.write():
            session = self.s.session_by_token.get(token)
            if session:
                self._drop(session)

    def revoke_all_for_user(self, user_id: str) -> None:
        with self.s.write():
            for session in self.list_for_user(user_id):
                self._drop(session)
            self.clear_cache(user_id)

    def revoke_all(self) -> None:
        """Every user's sessions (POST /users/sessions/revoke/all); personal access tokens stay."""
        with self.s.write():
            for user_id in {s.user_id for s in self.s.session_by_id.values()}:
                self.revoke_all_for_user(user_id)

    # ---- personal access tokens --------------------------------------------------------------
    def create_token(
        self, user: User, description: object, token: str | None = None, token_id: str | None = None
    ) -> UserAccessToken:
        if not isinstance(description, str) or not description:
            raise invalid_body_param("description")
        if len(description) > 255:
            raise AppError("model.user_access_token.is_valid.description.app_error", 400)
        pat = UserAccessToken(
            id=token_id or self.s.new_id(),
            token=token or self.s.new_id(),
            user_id=user.id,
            description=description,
        )
        with self.s.write():
            self.s.token_by_id[pat.id] = pat
            self.s.token_id_by_value[pat.token] = pat.id
        return pat

    def get_token(self, token_id: str) -> UserAccessToken:
        pat = self.s.token_by_id.get(token_id)
        if pat is None:
            raise AppError(
                "app.user_access_token.get_by_user.app_error",
                404,
                message="Unable to get user access tokens by user.",
            )
        return pat

    def tokens_for_user(self, user_id: str) -> list[UserAccessToken]:
        return [t for t in self.s.token_by_id.values() if t.user_id == user_id]

    def revoke_token(self, pat: UserAccessToken) -> None:
        with self.s.write():
            self.s.token_by_id.pop(pat.id, None)
            self.s.token_id_by_value.pop(pat.token, None)

    def set_token_active(self, pat: UserAccessToken, active: bool) -> None:
        with self.s.write():
            pat.is_active = active

    def purge_user(self, user_id: str) -> None:
        """Permanent deletion: the user's sessions and personal access tokens."""
        self.revoke_all_for_user(user_id)
        for token_id in [t.id for t in self.s.token_by_id.values() if t.user_id == user_id]:
            token = self.s.token_by_id.pop(token_id)
            self.s.token_id_by_value.pop(token.token, None)
