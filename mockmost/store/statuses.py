"""User statuses (online/away/dnd/offline/ooo), typing, custom statuses.

Upstream: server/channels/app/platform/status.go (SetStatusOnline, SetStatusOffline, SetStatusAwayIfNeeded,
SetStatusDoNotDisturbTimed, GetStatusesByIds, BroadcastStatus: `status_change` goes to the user's own
connections only), app/status.go (custom statuses: user props `customStatus` and the recent list in the
`custom_status` / `recent_custom_statuses` preference), app/user.go PublishUserTyping, model/status.go,
model/custom_status.go.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from mockmost.errors import AppError
from mockmost.events import catalog
from mockmost.store.entities import Preference, Status

if TYPE_CHECKING:
    from mockmost.store import Store

CUSTOM_STATUS_PROP = "customStatus"
RECENT_CATEGORY, RECENT_NAME = "custom_status", "recent_custom_statuses"
MAX_RECENT = 5
TEXT_MAX_RUNES = 100
DURATIONS = frozenset({"thirty_minutes", "one_hour", "four_hours", "today", "this_week", "date_and_time"})
ZERO_TIME = "0001-01-01T00:00:00Z"


class Statuses:
    def __init__(self, store: Store) -> None:
        self.s = store
        self.rows: dict[str, Status] = {}

    def _enabled(self) -> bool:
        return bool(self.s.settings.get("ServiceSettings.EnableUserStatuses"))

    # ---- reads -------------------------------------------------------------------------------
    def find(self, user_id: str) -> Status | None:
        status = self.rows.get(user_id)
        if (
            status is not None
            and status.status == "dnd"
            and status.dnd_end_time
            and status.dnd_end_time * 1000 <= self.s.now()
        ):
            # The DND expiry job (app/status.go UpdateDNDStatusOfUsers) would have restored the status.
            self._expire_dnd(status)
        return status

    def _broadcast(self, event: Any) -> None:
        """platform/status.go BroadcastStatus: nothing is sent while the server is marked busy."""
        if not self.s.is_busy():
            self.s.emit(event)

    def _expire_dnd(self, status: Status) -> None:
        with self.s.write():
            status.status, status.manual, status.dnd_end_time = status.prev_status or "online", False, 0
            self._broadcast(catalog.status_change(status.user_id, status.status))

    def by_ids(self, user_ids: list[str]) -> list[Status]:
        """GetUserStatusesByIds: known statuses first (in request order), then offline for the rest."""
        if not self._enabled():
            return []
        known = [s for uid in dict.fromkeys(user_ids) if (s := self.find(uid)) is not None]
        seen = {s.user_id for s in known}
        return known + [Status(user_id=uid) for uid in dict.fromkeys(user_ids) if uid not in seen]

    def map_by_ids(self, user_ids: list[str]) -> dict[str, str]:
        if not self._enabled():
            return {}
        return {uid: (s.status if (s := self.find(uid)) is not None else "offline") for uid in user_ids}

    def all_not_offline(self) -> dict[str, Any]:
        if not self._enabled():
            return {}
        return {
            uid: s.status
            for uid in list(self.rows)
            if (s := self.find(uid)) is not None and s.status != "offline"
        }

    # ---- status changes ----------------------------------------------------------------------
    def set_online(self, user_id: str, manual: bool) -> None:
        """A manual status is kept against automatic activity; `online` itself is never manual."""
        if not self._enabled():
            return
        with self.s.write():
            status = self.find(user_id)
            if status is None:
                status = self.rows[user_id] = Status(user_id=user_id, status="offline")
            elif status.manual and not manual:
                return
            changed = status.status != "online"
            status.status, status.manual, status.last_activity_at = "online", False, self.s.now()
            if changed:
                self._broadcast(catalog.status_change(user_id, "online"))

    def set_offline(self, user_id: str, manual: bool, force: bool = False) -> None:
        if not self._enabled():
            return
        with self.s.write():
            status = self.find(user_id)
            if status is not None and not force and status.manual and not manual:
                return
            self.rows[user_id] = Status(
                user_id=user_id, status="offline", manual=manual, last_activity_at=self.s.now()
            )
            self._broadcast(catalog.status_change(user_id, "offline"))

    def set_away_if_needed(self, user_id: str, manual: bool) -> None:
        if not self._enabled():
            return
        with self.s.write():
            status = self.find(user_id) or Status(user_id=user_id, status="offline", manual=manual)
            if not manual and status.manual:
                return
            if not manual:
                timeout = int(self.s.settings.get("TeamSettings.UserStatusAwayTimeout")) * 1000
                if status.status == "away" or self.s.now() - status.last_activity_at < timeout:
                    return
            status.status, status.manual = "away", manual
            self.rows[user_id] = status
            self._broadcast(catalog.status_change(user_id, "away"))

    def set_dnd_timed(self, user_id: str, end_time: int) -> None:
        """SetStatusDoNotDisturbTimed: dnd_end_time (seconds) truncated to the minute."""
        if not self._enabled():
            return
        with self.s.write():
            status = self.find(user_id) or Status(user_id=user_id, status="offline")
            status.prev_status = status.status
            status.status, status.manual = "dnd", True
            status.dnd_end_time = end_time - end_time % 60
            self.rows[user_id] = status
            self._broadcast(catalog.status_change(user_id, "dnd"))

    def publish_typing(self, user_id: str, channel_id: str, parent_id: str) -> None:
        """app/user.go PublishUserTyping: `typing` to the channel, omitting the typist."""
        with self.s.write():
            self.s.emit(catalog.typing(user_id, channel_id, parent_id))

    # ---- custom statuses -----------------------------------------------------------------------
    def set_custom(self, user_id: str, custom: dict[str, Any]) -> None:
        """app/status.go SetCustomStatus: the emoji must exist; the user is updated; the recent list grows."""
        if not custom.get("emoji") and not custom.get("text"):
            raise AppError(
                "api.custom_status.set_custom_statuses.update.app_error",
                400,
                message=(
                    "Failed to update the custom status. "
                    "Please add either emoji or custom text status or both."
                ),
            )
        if custom.get("emoji") and not self._emoji_exists(custom["emoji"]):
            raise AppError(
                "api.custom_status.set_custom_statuses.emoji_not_found",
                400,
                message=("Failed to update the custom status. An emoji with the given name does not exist."),
            )
        user = self.s.users.get(user_id)
        with self.s.write():
            user.props = {
                **user.props,
                CUSTOM_STATUS_PROP: json.dumps(custom, separators=(",", ":"), ensure_ascii=False),
            }
            user.update_at = self.s.now()
            self.s.emit(catalog.user_updated(user))
            recent = [r for r in self._recent(user_id) if r.get("text") != custom.get("text")]
            self._save_recent(user_id, [custom, *recent][:MAX_RECENT])

    def remove_custom(self, user_id: str) -> None:
        """RemoveCustomStatus: the prop is cleared (User.ClearCustomStatus) and the user updated."""
        user = self.s.users.get(user_id)
        with self.s.write():
            user.props = {**user.props, CUSTOM_STATUS_PROP: ""}
            user.update_at = self.s.now()
            self.s.emit(catalog.user_updated(user))

    def remove_recent(self, user_id: str, custom: dict[str, Any]) -> None:
        """RemoveRecentCustomStatus: the entry must be in the list, compared as JSON."""
        pref = self.s.preference_rows.get((user_id, RECENT_CATEGORY, RECENT_NAME))
        if pref is None:
            raise AppError("app.preference.get.app_error", 400, message="Unable to find preference.")
        failed = AppError(
            "api.custom_status.recent_custom_statuses.delete.app_error",
            400,
            message=(
                "Failed to delete the recent status. Please try adding the status first "
                "or contact your system administrator for details."
            ),
        )
        if not pref.value:
            raise failed
        recent = self._recent(user_id)
        if not custom.get("emoji") and not custom.get("text") or custom not in recent:
            raise failed
        with self.s.write():
            self._save_recent(user_id, [r for r in recent if r != custom])

    def _recent(self, user_id: str) -> list[dict[str, Any]]:
        pref = self.s.preference_rows.get((user_id, RECENT_CATEGORY, RECENT_NAME))
        if pref is None or not pref.value:
            return []
        try:
            value = json.loads(pref.value)
        except ValueError:
            raise AppError("api.unmarshal_error", 400, message="Failed to unmarshal.") from None
        return [normalise(v) for v in value if isinstance(v, dict)] if isinstance(value, list) else []

    def _save_recent(self, user_id: str, recent: list[dict[str, Any]]) -> None:
        value = json.dumps(recent, separators=(",", ":"), ensure_ascii=False)
        self.s.preferences.save(user_id, [Preference(user_id, RECENT_CATEGORY, RECENT_NAME, value)])

    def _emoji_exists(self, name: str) -> bool:
        """confirmEmojiExists: a system emoji name, or a custom emoji."""
        from mockmost.store.emoji import is_system_emoji  # type: ignore[attr-defined, unused-ignore]

        return bool(is_system_emoji(name)) or self.s.emoji.find_by_name(name) is not None


def normalise(custom: dict[str, Any]) -> dict[str, Any]:
    """model.CustomStatus as Go re-encodes it: emoji, text, duration, expires_at (RFC 3339)."""
    return {
        "emoji": str(custom.get("emoji") or ""),
        "text": str(custom.get("text") or ""),
        "duration": str(custom.get("duration") or ""),
        "expires_at": str(custom.get("expires_at") or ZERO_TIME),
    }


def parse_time(value: str) -> datetime | None:
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def pre_save(custom: dict[str, Any], now: datetime | None = None) -> dict[str, Any] | None:
    """AreDurationAndExpirationTimeValid then PreSave; None when invalid."""
    now = now or datetime.now(timezone.utc)
    expires = parse_time(custom["expires_at"])
    if expires is None:
        return None
    is_zero = custom["expires_at"] == ZERO_TIME or expires.year == 1
    in_past = not is_zero and expires < now or is_zero
    duration = custom["duration"]
    if not ((duration == "" and (is_zero or not in_past)) or (duration in DURATIONS and not in_past)):
        return None
    out = dict(custom)
    if duration == "" and not in_past:
        out["duration"] = "date_and_time"
    runes = list(out["text"])
    if len(runes) > TEXT_MAX_RUNES:
        out["text"] = "".join(runes[:TEXT_MAX_RUNES])
    return out
