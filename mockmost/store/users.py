"""Users: create, read, patch, deactivate, roles, search. Upstream: app/user.go, app/users/users.go,
model/user.go."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from mockmost.errors import AppError, invalid_body_param
from mockmost.events import catalog
from mockmost.store.entities import User
from mockmost.store.sanitize import sanitize_unicode
from mockmost.store.teams import KNOWN_ROLES

if TYPE_CHECKING:
    from mockmost.store import Store

_USERNAME = re.compile(r"^[a-z0-9.\-_]+$")
_RESERVED_USERNAMES = {"all", "channel", "matterbot", "system"}
_EMAIL = re.compile(r"^[^@\s<>()\[\],;:\"]+@[^@\s<>()\[\],;:\"]+$")
_SUPPORTED_LOCALES = {
    "de",
    "en",
    "en-AU",
    "es",
    "fa",
    "fr",
    "hu",
    "it",
    "ja",
    "ko",
    "nl",
    "pl",
    "pt-BR",
    "ro",
    "ru",
    "sv",
    "tr",
    "uk",
    "vi",
    "zh-CN",
    "zh-TW",
    "bg",
    "cs",
}
_STR_FIELDS = ("username", "email", "nickname", "first_name", "last_name", "position", "locale", "password")
_PATCHABLE = (
    "username",
    "email",
    "nickname",
    "first_name",
    "last_name",
    "position",
    "locale",
    "props",
    "notify_props",
    "timezone",
    "disable_welcome_email",
)


def hash_password(password: str) -> str:
    return hashlib.sha256(b"mockmost:" + password.encode()).hexdigest()


def _clean(value: str) -> str:
    return sanitize_unicode(value)


def check_user_json(fields: dict[str, Any]) -> None:
    """What json.Decode into model.User refuses (a 400 invalid param `user`): strings, booleans, string
    maps."""
    for name in (*_STR_FIELDS, "roles", "id", "auth_service", "auth_data"):
        if fields.get(name) is not None and not isinstance(fields[name], str):
            raise invalid_body_param("user")
    for name in ("email_verified", "allow_marketing", "disable_welcome_email", "mfa_active", "is_bot"):
        if fields.get(name) is not None and not isinstance(fields[name], bool):
            raise invalid_body_param("user")
    for name in ("props", "notify_props", "timezone"):
        value = fields.get(name)
        if value is not None and (
            not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values())
        ):
            raise invalid_body_param("user")


def validate_user(user: User) -> None:
    """model/user.go IsValid, in upstream's order."""

    def bad(field: str) -> AppError:
        return AppError(f"model.user.is_valid.{field}.app_error", 400, detailed_error=f"user_id={user.id}")

    if (
        not (1 <= len(user.username) <= 64)
        or not _USERNAME.match(user.username)
        or user.username in _RESERVED_USERNAMES
    ):
        raise bad("username")
    if (
        not user.email
        or len(user.email) > 128
        or not _EMAIL.match(user.email)
        or user.email != user.email.lower()
    ):
        raise bad("email")
    for field_name, limit in (("nickname", 64), ("position", 128), ("first_name", 64), ("last_name", 64)):
        if len(getattr(user, field_name)) > limit:
            raise bad(field_name)
    if len(user.locale) > 5:
        raise bad("locale")
    if len(user.roles) > 256:
        raise bad("roles_limit")


def validate_password(store: Store, password: str) -> None:
    minimum = store.settings.get("PasswordSettings.MinimumLength")
    if len(password.encode()) < minimum:
        raise AppError(
            "model.user.is_valid.pwd_min_length.app_error",
            400,
            message=f"Your password must contain at least {minimum} characters.",
        )
    if len(password.encode()) > 72:
        raise AppError(
            "model.user.is_valid.pwd_max_length.app_error",
            400,
            message="Your password must contain no more than 72 characters.",
        )


class Users:
    def __init__(self, store: Store) -> None:
        self.s = store

    # ---- reads -------------------------------------------------------------------------------
    def find(self, user_id: str) -> User | None:
        return self.s.user_by_id.get(user_id)

    def get(self, user_id: str) -> User:
        user = self.s.user_by_id.get(user_id)
        if user is None:
            raise AppError("app.user.missing_account.const", 404, detailed_error=f"user_id={user_id}")
        return user

    def find_by_username(self, username: str) -> User | None:
        uid = self.s.user_id_by_username.get(username.lower())
        return self.s.user_by_id.get(uid) if uid else None

    def get_by_username(self, username: str) -> User:
        user = self.find_by_username(username)
        if user is None:
            raise AppError("app.user.get_by_username.app_error", 404)
        return user

    def find_by_email(self, email: str) -> User | None:
        uid = self.s.user_id_by_email.get(email.strip().lower())
        return self.s.user_by_id.get(uid) if uid else None

    def find_by_login(self, login_id: str) -> User | None:
        login = login_id.strip().lower()
        by_email = self.s.settings.get("EmailSettings.EnableSignInWithEmail")
        by_username = self.s.settings.get("EmailSettings.EnableSignInWithUsername")
        if by_username and (user := self.find_by_username(login)):
            return user
        if by_email and (user := self.find_by_email(login)):
            return user
        return None

    def all(self) -> Iterable[User]:
        return self.s.user_by_id.values()

    def has_human_users(self) -> bool:
        return any(not u.is_bot for u in self.s.user_by_id.values())

    # ---- writes ------------------------------------------------------------------------------
    def create(
        self, fields: dict[str, Any], *, is_bot: bool = False, keep_id: bool = False, trusted: bool = False
    ) -> User:
        """app/users/users.go CreateUser: sanitise input, check password, validate, check uniqueness."""
        check_user_json(fields)
        now = self.s.now()
        user_id = str(fields["id"]) if keep_id and fields.get("id") else self.s.new_id()
        username = _clean(fields.get("username") or "").lower() or ("a" + self.s.new_id())
        user = User(
            id=user_id,
            username=username,
            email=(fields.get("email") or "").strip().lower(),
            create_at=now,
            update_at=now,
            nickname=_clean(fields.get("nickname") or ""),
            first_name=_clean(fields.get("first_name") or ""),
            last_name=_clean(fields.get("last_name") or ""),
            position=fields.get("position") or "",
            locale=fields.get("locale") or "en",
            is_bot=is_bot,
            # A bot's user row is saved with no RemoteId (nil), a user's with "" (observed on 11.2.0:
            # tests/parity/snapshots/bots_basic.json, users_crud.json).
            remote_id=None if is_bot else "",
            bot_description=fields.get("bot_description") or "",
            last_password_update=now,
            last_picture_update=0,
        )
        if user.locale not in _SUPPORTED_LOCALES:
            user.locale = "en"
        if isinstance(fields.get("props"), dict):
            user.props = {str(k): str(v) for k, v in fields["props"].items()}
        if isinstance(fields.get("notify_props"), dict):
            user.notify_props.update({str(k): str(v) for k, v in fields["notify_props"].items()})
        if isinstance(fields.get("timezone"), dict):
            user.timezone = {str(k): str(v) for k, v in fields["timezone"].items()}
        if trusted and isinstance(fields.get("email_verified"), bool):
            user.email_verified = fields["email_verified"]
        if trusted and isinstance(fields.get("roles"), str) and fields["roles"]:
            user.roles = fields["roles"]
        password = fields.get("password") or ""
        if not is_bot:
            validate_password(self.s, password)
            user.password_hash = hash_password(password)
        validate_user(user)
        with self.s.write():
            if username in self.s.user_id_by_username:
                raise AppError(
                    "app.user.save.username_exists.app_error",
                    400,
                    message="An account with that username already exists.",
                )
            if user.email in self.s.user_id_by_email:
                raise AppError(
                    "app.user.save.email_exists.app_error",
                    400,
                    message="An account with that email already exists.",
                )
            if not is_bot and not self.has_human_users():
                user.roles = "system_admin system_user"
            self.s.user_by_id[user.id] = user
            self.s.user_id_by_username[user.username] = user.id
            self.s.user_id_by_email[user.email] = user.id
            if not is_bot:
                self.s.preferences.add_defaults(user.id)
            self.s.emit(catalog.new_user(user.id))
        return user

    def patch(self, user: User, patch: dict[str, Any], *, replace: bool = False) -> User:
        """PUT /users/{id}/patch (and PUT /users/{id} when replace): validate a copy, then swap fields in."""
        import copy

        draft = copy.copy(user)
        draft.props, draft.notify_props, draft.timezone = (
            dict(user.props),
            dict(user.notify_props),
            dict(user.timezone),
        )
        for name in _PATCHABLE:
            if name not in patch or patch[name] is None:
                continue
            value = patch[name]
            if name in ("props", "notify_props", "timezone"):
                if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
                    raise invalid_body_param("user")
                setattr(draft, name, dict(value))
            elif name == "disable_welcome_email":
                if not isinstance(value, bool):
                    raise invalid_body_param("user")
                draft.disable_welcome_email = value
            else:
                if not isinstance(value, str):
                    raise invalid_body_param("user")
                if name == "username":
                    value = _clean(value).lower()
                elif name == "email":
                    value = value.strip().lower()
                elif name in ("nickname", "first_name", "last_name"):
                    value = _clean(value)
                setattr(draft, name, value)
        if replace:  # PUT stores the body's remote_id and timezone as they are: absent, they are nil
            remote_id = patch.get("remote_id")
            draft.remote_id = remote_id if isinstance(remote_id, str) else None
            if patch.get("timezone") is None:
                draft.timezone = {}
        validate_user(draft)
        with self.s.write():
            other = self.s.user_id_by_username.get(draft.username)
            if other and other != user.id:
                raise AppError(
                    "app.user.save.username_exists.app_error",
                    400,
                    message="An account with that username already exists.",
                )
            other = self.s.user_id_by_email.get(draft.email)
            if other and other != user.id:
                raise AppError(
                    "app.user.save.email_exists.app_error",
                    400,
                    message="An account with that email already exists.",
                )
            self.s.user_id_by_username.pop(user.username, None)
            self.s.user_id_by_email.pop(user.email, None)
            for name in _PATCHABLE:
                setattr(user, name, getattr(draft, name))
            if replace:
                user.remote_id = draft.remote_id
            user.update_at = self.s.now()
            self.s.user_id_by_username[user.username] = user.id
            self.s.user_id_by_email[user.email] = user.id
            answered = user
            if replace and patch.get("timezone") is None:
                answered = copy.copy(user)
                answered.timezone_null = True
            self.s.emit(catalog.user_updated(answered))
        return answered

    def set_active(self, user: User, active: bool) -> User:
        with self.s.write():
            now = self.s.now()
            user.delete_at = 0 if active else now
            user.update_at = now
            if not active:
                self.s.sessions.revoke_all_for_user(user.id)
                self.s.statuses.set_offline(user.id, manual=False, force=True)  # app/user.go UpdateActive
            if user.is_bot and (bot := self.s.bot_by_user_id.get(user.id)):
                bot.delete_at = user.delete_at
                bot.update_at = now
            self.s.emit(catalog.user_updated(user))
            if not active:
                self.s.bots.owner_deactivated(user)  # app/user.go userDeactivated
                self.s.oauth_apps.forget_codes(user.id)  # userDeactivated: RemoveAuthDataByUserId
        return user

    def set_profile_image(self, user: User, png: bytes | None) -> User:
        """app/user.go SetProfileImageFromFile (png: the adjusted picture; LastPictureUpdate = now) or, with
        None, UpdateDefaultProfileImage (the generated picture again; LastPictureUpdate = -now). Both touch
        UpdateAt and publish user_updated."""
        with self.s.write():
            now = self.s.now()
            if png is None:
                self.s.profile_image_by_user.pop(user.id, None)
                user.last_picture_update = -now
            else:
                if self.s.profile_image_by_user.get(user.id) == png:
                    return user  # the same picture again changes nothing (SetProfileImageFromFile)
                self.s.profile_image_by_user[user.id] = png
                user.last_picture_update = now
            user.update_at = now
            self.s.emit(catalog.user_updated_for_all(user))
        return user

    def set_roles(self, user: User, roles: str) -> User:
        """app/user.go UpdateUserRoles: every role must exist (app/role.go CheckRolesExist)."""
        parts = roles.split()
        for part in parts:
            if part not in KNOWN_ROLES:
                raise AppError(
                    "app.role.check_roles_exist.role_not_found",
                    400,
                    message="The provided role does not exist",
                    detailed_error=f"role={part}",
                )
        with self.s.write():
            user.roles = " ".join(parts)
            user.update_at = self.s.now()
            for session in self.s.sessions.list_for_user(user.id):
                session.roles = user.roles
            self.s.emit(catalog.user_role_updated(user))
        return user

    def set_password(self, user: User, new_password: str) -> None:
        validate_password(self.s, new_password)
        with self.s.write():
            user.password_hash = hash_password(new_password)
            user.last_password_update = user.update_at = self.s.now()

    def check_password(self, user: User, password: str) -> bool:
        return bool(user.password_hash) and user.password_hash == hash_password(password)

    def record_login(self, user: User, ok: bool) -> None:
        with self.s.write():
            if not ok:
                user.failed_attempts += 1
                return
            # Resetting failed attempts refreshes the cached user, and the last login's time lands in its
            # update_at (app/authentication.go, sqlstore UpdateLastLogin); a plain login changes only
            # the stored row, which the next login reads.
            user.last_login = self.s.now()
            if user.failed_attempts:
                user.failed_attempts = 0
                user.update_at = user.last_login

    def reset_failed_attempts(self, user: User) -> None:
        with self.s.write():
            user.failed_attempts = 0

    def verify_email(self, user: User) -> None:
        """app/user.go VerifyUserEmail: email_verified set, user_updated sent."""
        with self.s.write():
            user.email_verified = True
            user.update_at = self.s.now()
            self.s.emit(catalog.user_updated_raw_to_self(user))

    def deactivate_mfa(self, user: User) -> None:
        """app/user.go DeactivateMfa: MfaActive off, UpdateAt moved (sqlstore UpdateMfaActive); no event."""
        with self.s.write():
            user.mfa_active = False
            user.update_at = self.s.now()

    # ---- lists -------------------------------------------------------------------------------
    def search(self, term: str, candidates: Iterable[User], allow_inactive: bool, limit: int) -> list[User]:
        """sqlstore performSearch: every word of the term is a substring of the username, a name, the nickname
        or the email (case-insensitive), or the whole id; by username."""
        words = [w.lstrip("@").lower() for w in term.split()]
        out: list[User] = []
        if limit <= 0:
            return out
        for u in sorted(candidates, key=lambda x: x.username):
            if u.delete_at and not allow_inactive:
                continue
            fields = (
                u.username.lower(),
                u.first_name.lower(),
                u.last_name.lower(),
                u.nickname.lower(),
                u.email.lower(),
            )
            if all(any(w in f for f in fields) or w == u.id for w in words):
                out.append(u)
                if len(out) >= limit:
                    break
        return out

    def purge(self, user: User) -> None:
        """Permanent deletion of the user row and its name and email indexes."""
        del self.s.user_by_id[user.id]
        self.s.user_id_by_username.pop(user.username, None)
        self.s.user_id_by_email.pop(user.email.lower(), None)
        self.s.user_id_by_email.pop(user.email, None)
