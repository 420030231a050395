"""Preferences: upsert, delete, read by category and name; flagged (saved) posts.

Upstream: server/channels/app/preference.go (UpdatePreferences, DeletePreferences, GetPreference*),
server/public/model/preference.go (IsValid, PreUpdate), server/channels/store/sqlstore/preference_store.go,
server/channels/store/sqlstore/post_store.go (getFlaggedPosts), server/channels/app/users/users.go
(the preferences a new account starts with).
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

from mockmost.errors import AppError, invalid_body_param
from mockmost.events import catalog
from mockmost.ids import is_valid_id
from mockmost.store.entities import Preference

if TYPE_CHECKING:
    from mockmost.store import Store

MAX_VALUE_RUNES = 20000
MAX_VISIBLE_DMS_GMS = 40
FLAGGED_POST = "flagged_post"
_COLOUR = re.compile(r"^#[0-9a-fA-F]{3}([0-9a-fA-F]{3})?$")
_THEME_KEEP = ("image", "type", "codeTheme")
_ATOI = re.compile(r"^[+-]?[0-9]+$")  # strconv.Atoi


def parse_preferences(body: Any) -> list[Preference]:
    """json.Decode into model.Preferences: an array of objects whose known fields are strings."""
    if not isinstance(body, list):
        raise invalid_body_param("preferences")
    out = []
    for item in body:
        if item is None:
            item = {}
        if not isinstance(item, dict):
            raise invalid_body_param("preferences")
        values = [item.get(k) for k in ("user_id", "category", "name", "value")]
        if any(v is not None and not isinstance(v, str) for v in values):
            raise invalid_body_param("preferences")
        out.append(Preference(*(v or "" for v in values)))
    return out


def _bad(field: str, detail: str) -> AppError:
    return AppError(f"model.preference.is_valid.{field}.app_error", 400, detailed_error=detail)


def _pre_update(pref: Preference) -> Preference:
    """model.Preference.PreUpdate: theme colours that are not #rgb/#rrggbb become #ffffff."""
    if pref.category != "theme":
        return pref
    try:
        props = json.loads(pref.value)
    except ValueError:
        return pref
    if not isinstance(props, dict) or not all(isinstance(v, str) for v in props.values()):
        return pref
    cleaned = {k: v if k in _THEME_KEEP or _COLOUR.match(v) else "#ffffff" for k, v in props.items()}
    value = json.dumps(dict(sorted(cleaned.items())), separators=(",", ":"), ensure_ascii=False)
    return Preference(pref.user_id, pref.category, pref.name, value)


def _validate(pref: Preference) -> None:
    """model.Preference.IsValid, in upstream's order."""
    if not is_valid_id(pref.user_id):
        raise _bad("id", f"user_id={pref.user_id}")
    if not pref.category or len(pref.category) > 32:
        raise _bad("category", f"category={pref.category}")
    if len(pref.name) > 32:
        raise _bad("name", f"name={pref.name}")
    if len(pref.value) > MAX_VALUE_RUNES:
        raise _bad("value", "")
    if pref.category == "theme":
        try:
            theme = json.loads(pref.value)
        except ValueError:
            theme = None
        if not isinstance(theme, dict) or not all(isinstance(v, str) for v in theme.values()):
            raise _bad("theme", f"value={pref.value}")
    if pref.category == "sidebar_settings" and pref.name == "limit_visible_dms_gms":
        if not _ATOI.match(pref.value) or not 1 <= int(pref.value) <= MAX_VISIBLE_DMS_GMS:
            raise _bad("limit_visible_dms_gms", f"value={pref.value}")


class Preferences:
    def __init__(self, store: Store) -> None:
        self.s = store

    # ---- reads -------------------------------------------------------------------------------
    def for_user(self, user_id: str) -> list[Preference]:
        return [p for (uid, _, _), p in self.s.preference_rows.items() if uid == user_id]

    def by_category(self, user_id: str, category: str) -> list[Preference]:
        """app GetPreferenceByCategoryForUser: 404 when the category is empty."""
        found = [
            p for (uid, cat, _), p in self.s.preference_rows.items() if uid == user_id and cat == category
        ]
        if not found:
            raise AppError(
                "api.preference.preferences_category.get.app_error",
                404,
                message="Unable to find preferences for the category.",
            )
        return found

    def get(self, user_id: str, category: str, name: str) -> Preference:
        """app GetPreferenceByCategoryAndNameForUser: a missing row is a 400, not a 404."""
        pref = self.s.preference_rows.get((user_id, category, name))
        if pref is None:
            raise AppError("app.preference.get.app_error", 400, message="Unable to find preference.")
        return pref

    # ---- writes ------------------------------------------------------------------------------
    def save(self, user_id: str, prefs: list[Preference]) -> None:
        """app UpdatePreferences: every user_id must be the path user; validate all, then upsert."""
        for pref in prefs:
            if pref.user_id != user_id:
                raise AppError(
                    "api.preference.update_preferences.set.app_error",
                    403,
                    message="Unable to set user preferences.",
                    detailed_error=f"userId={user_id}, preference.UserId={pref.user_id}",
                )
        cleaned = [_pre_update(p) for p in prefs]
        for pref in cleaned:
            _validate(pref)
        with self.s.write():
            for pref in cleaned:
                self.s.preference_rows[(pref.user_id, pref.category, pref.name)] = pref
                self.s.sidebar.favorite_changed(pref)
            self.s.emit(catalog.sidebar_category_updated(user_id))
            self.s.emit(catalog.preferences_changed(user_id, list(prefs)))

    def set_one(self, pref: Preference) -> None:
        """A preference the server sets for its user (slash commands): one preference_changed event."""
        with self.s.write():
            self.s.preference_rows[(pref.user_id, pref.category, pref.name)] = pref
            self.s.emit(catalog.preference_changed(pref.user_id, pref))

    def delete(self, user_id: str, prefs: list[Preference]) -> None:
        """app DeletePreferences: rows that do not exist are fine; the event echoes the request."""
        for pref in prefs:
            if pref.user_id != user_id:
                raise AppError(
                    "api.preference.delete_preferences.delete.app_error",
                    403,
                    message="Unable to delete user preferences.",
                    detailed_error=f"userId={user_id}, preference.UserId={pref.user_id}",
                )
        with self.s.write():
            for pref in prefs:
                self.s.preference_rows.pop((user_id, pref.category, pref.name), None)
                self.s.sidebar.favorite_changed(pref, deleted=True)
            self.s.emit(catalog.sidebar_category_updated(user_id))
            self.s.emit(catalog.preferences_deleted(user_id, list(prefs)))

    # ---- rows the server writes itself, with no event (app/oauth.go: the store, not UpdatePreferences) ----
    def find(self, user_id: str, category: str, name: str) -> Preference | None:
        return self.s.preference_rows.get((user_id, category, name))

    def names_for_user(self, user_id: str) -> set[str]:
        return {name for uid, _, name in self.s.preference_rows if uid == user_id}

    def store_quietly(self, pref: Preference) -> None:
        with self.s.write():
            self.s.preference_rows[(pref.user_id, pref.category, pref.name)] = pref

    def remove_quietly(self, user_id: str, category: str, name: str) -> None:
        with self.s.write():
            self.s.preference_rows.pop((user_id, category, name), None)

    def remove_named(self, category: str, name: str) -> None:
        """Every user's row of that category and name (an OAuth app deleted)."""
        with self.s.write():
            for key in [k for k in self.s.preference_rows if k[1] == category and k[2] == name]:
                del self.s.preference_rows[key]

    def add_defaults(self, user_id: str) -> None:
        """app/users/users.go CreateUser: what a new (non-bot) account starts with; no events."""
        for category, name, value in (
            ("recommended_next_steps", "hide", "false"),
            ("tutorial_step", user_id, "0"),
            ("system_notice", "GMasDM", "true"),
        ):
            self.s.preference_rows[(user_id, category, name)] = Preference(user_id, category, name, value)

    # ---- flagged posts -----------------------------------------------------------------------
    def flagged_post_ids(self, user_id: str, channel_id: str = "", team_id: str = "") -> list[str]:
        """sqlstore getFlaggedPosts: flagged, not deleted, in channels the user belongs to, newest first."""
        member_of = self.s.channels_of_user.get(user_id, set())
        posts = []
        for uid, cat, name in self.s.preference_rows:
            if uid != user_id or cat != FLAGGED_POST:
                continue
            post = self.s.post_by_id.get(name)
            if post is None or post.delete_at or post.channel_id not in member_of:
                continue
            if channel_id and post.channel_id != channel_id:
                continue
            channel = self.s.channel_by_id.get(post.channel_id)
            if team_id and (channel is None or channel.team_id not in (team_id, "")):
                continue
            posts.append(post)
        posts.sort(key=lambda p: (p.create_at, p.id), reverse=True)
        return [p.id for p in posts]

    def purge_user(self, user_id: str) -> None:
        for key in [k for k in self.s.preference_rows if k[0] == user_id]:
            del self.s.preference_rows[key]

    def forget_flags(self, post_id: str) -> None:
        """Every user's flag of a post that is gone."""
        for key in [k for k in self.s.preference_rows if k[1] == "flagged_post" and k[2] == post_id]:
            del self.s.preference_rows[key]
