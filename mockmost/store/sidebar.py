"""Sidebar categories: each user's favorites, channels and direct-message categories per team, plus custom
ones. Upstream: server/channels/store/sqlstore/channel_store_categories.go, app/channel_category.go,
model/channel_sidebar.go.

Only explicit placements are stored (SidebarChannels); the Channels and Direct Messages categories are filled
at read time with the user's channels that no category of that team holds, by display name."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from mockmost.errors import AppError
from mockmost.events import catalog
from mockmost.store.entities import Preference

if TYPE_CHECKING:
    from mockmost.store import Store

SORT_DISTANCE = 10  # model.MinimalSidebarSortDistance
FAVORITE = "favorite_channel"  # model.PreferenceCategoryFavoriteChannel
_DEFAULTS = (
    ("favorites", "Favorites", ""),
    ("channels", "Channels", ""),
    ("direct_messages", "Direct Messages", "recent"),
)


@dataclass(slots=True)
class SidebarCategory:
    id: str
    user_id: str
    team_id: str
    type: str
    display_name: str
    sorting: str = ""
    muted: bool = False
    collapsed: bool = False
    sort_order: int = 0
    channel_ids: list[str] = field(default_factory=list)  # explicit placements, in order


def error(status: int) -> AppError:
    return AppError(
        "app.channel.sidebar_categories.app_error", status, message="Failed to insert record to database."
    )


class Sidebar:
    def __init__(self, store: Store) -> None:
        self.s = store

    # ---- reads ---------------------------------------------------------------------------------
    def find(self, category_id: str) -> SidebarCategory | None:
        return self.s.sidebar_category_by_id.get(category_id)

    def order(self, user_id: str, team_id: str) -> list[str]:
        return list(self.s.sidebar_order.get((user_id, team_id), ()))

    def ensure(self, user_id: str, team_id: str) -> None:
        """createInitialSidebarCategoriesT: deterministic ids; favorites taken from favorite_channel
        preferences of channels the user is in (this team's or DMs/GMs), by display name then name."""
        key = (user_id, team_id)
        if self.s.sidebar_order.get(key):
            return
        with self.s.write():
            order = []
            for position, (kind, name, sorting) in enumerate(_DEFAULTS):
                category = SidebarCategory(
                    f"{kind}_{user_id}_{team_id}",
                    user_id,
                    team_id,
                    kind,
                    name,
                    sorting,
                    sort_order=position * SORT_DISTANCE,
                )
                self.s.sidebar_category_by_id[category.id] = category
                order.append(category.id)
            favorites = self.s.sidebar_category_by_id[order[0]]
            favorite_ids = [
                name
                for (uid, category, name), pref in self.s.preference_rows.items()
                if uid == user_id and category == FAVORITE and pref.value == "true"
            ]
            picked = [
                c
                for c in map(self.s.channels.find, favorite_ids)
                if c is not None and c.team_id in (team_id, "") and self.s.channels.member(c.id, user_id)
            ]
            favorites.channel_ids = [c.id for c in sorted(picked, key=lambda c: (c.display_name, c.name))]
            self.s.sidebar_order[key] = order

    def populated(self, category: SidebarCategory) -> dict[str, Any]:
        """The category as the API shows it: explicit channels, then the orphans the Channels / Direct
        Messages category collects (completePopulatingCategoryT)."""
        channel_ids = list(category.channel_ids)
        if category.type in ("channels", "direct_messages"):
            channel_ids += self._orphans(category.user_id, category.team_id, category.type)
        return {
            "id": category.id,
            "user_id": category.user_id,
            "team_id": category.team_id,
            "sort_order": category.sort_order,
            "sorting": category.sorting,
            "type": category.type,
            "display_name": category.display_name,
            "muted": category.muted,
            "collapsed": category.collapsed,
            "channel_ids": channel_ids,
        }

    def _orphans(self, user_id: str, team_id: str, kind: str) -> list[str]:
        placed = {
            cid
            for category_id in self.s.sidebar_order.get((user_id, team_id), ())
            for cid in self.s.sidebar_category_by_id[category_id].channel_ids
        }
        wanted = ("O", "P") if kind == "channels" else ("D", "G")
        found = [
            c
            for cid in self.s.channels_of_user.get(user_id, ())
            if (c := self.s.channel_by_id.get(cid)) is not None
            and c.id not in placed
            and c.type in wanted
            and not c.delete_at
            and (kind == "direct_messages" or c.team_id == team_id)
        ]
        return [c.id for c in sorted(found, key=lambda c: (c.display_name, c.id))]

    def categories(self, user_id: str, team_id: str) -> dict[str, Any]:
        """OrderedSidebarCategories."""
        self.ensure(user_id, team_id)
        order = self.order(user_id, team_id)
        return {
            "categories": [self.populated(self.s.sidebar_category_by_id[i]) for i in order],
            "order": order,
        }

    # ---- writes --------------------------------------------------------------------------------
    def _reorder(self, key: tuple[str, str], order: list[str]) -> None:
        self.s.sidebar_order[key] = order
        for position, category_id in enumerate(order):
            self.s.sidebar_category_by_id[category_id].sort_order = position * SORT_DISTANCE

    def _unplace(self, user_id: str, team_id: str, channel_ids: list[str]) -> None:
        for category_id in self.s.sidebar_order.get((user_id, team_id), ()):
            category = self.s.sidebar_category_by_id[category_id]
            category.channel_ids = [c for c in category.channel_ids if c not in channel_ids]

    def create(
        self, user_id: str, team_id: str, display_name: str, sorting: str, muted: bool, channel_ids: list[str]
    ) -> dict[str, Any]:
        """CreateSidebarCategory: after Favorites when Favorites is first, else first; the channels leave
        their old categories."""
        self.ensure(user_id, team_id)
        key = (user_id, team_id)
        with self.s.write():
            order = self.order(user_id, team_id)
            category = SidebarCategory(
                self.s.new_id(), user_id, team_id, "custom", display_name, sorting, muted
            )
            first = self.s.sidebar_category_by_id[order[0]]
            position = 1 if first.type == "favorites" else 0
            order.insert(position, category.id)
            self._unplace(user_id, team_id, channel_ids)
            category.channel_ids = list(channel_ids)
            self.s.sidebar_category_by_id[category.id] = category
            self._reorder(key, order)
            self.s.emit(catalog.sidebar_category_created(team_id, user_id, category.id))
        return self.populated(category) | {"channel_ids": list(channel_ids)}

    def update_order(self, user_id: str, team_id: str, order: list[str]) -> None:
        """UpdateSidebarCategoryOrder: the same categories, in a new order. A list of another length fails
        outside the store's own checks, which the real server answers with a 500."""
        self.ensure(user_id, team_id)
        existing = self.order(user_id, team_id)
        if len(existing) != len(order):
            raise error(500)
        if any(category_id not in order for category_id in existing):
            raise error(400)
        with self.s.write():
            self._reorder((user_id, team_id), list(order))
            self.s.emit(catalog.sidebar_category_order_updated(team_id, user_id, list(order)))

    def update(self, user_id: str, team_id: str, requests: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """UpdateSidebarCategories: read-only fields kept; display name only for custom categories; the
        Direct Messages category keeps no explicit channels; favorites preferences follow the Favorites
        category; moving channels into or out of a muted category mutes or unmutes them."""
        originals: list[SidebarCategory] = []
        for request in requests:
            category = self.find(str(request.get("id") or ""))
            if category is None:
                raise error(500)
            originals.append(category)
        before = [(c, self.populated(c)) for c in originals]
        with self.s.write():
            for category, request in zip(originals, requests, strict=True):
                if category.type == "custom":
                    category.display_name = request.get("display_name") or ""
                category.sorting = request.get("sorting") or ""
                category.collapsed = bool(request.get("collapsed"))
                if category.type != "direct_messages":
                    category.muted = bool(request.get("muted"))
            for category in originals:
                category.channel_ids = []
            for category, request in zip(originals, requests, strict=True):
                if category.type != "direct_messages":
                    category.channel_ids = list(request.get("channel_ids") or [])
            for (category, old), request in zip(before, requests, strict=True):
                self._sync_favorites(
                    user_id, category, old["channel_ids"], list(request.get("channel_ids") or [])
                )
            updated = [self.populated(c) for c in originals]
            self._mute_moved(user_id, [old for _, old in before], updated)
            self.s.emit(catalog.sidebar_categories_updated(team_id, user_id, json.dumps(updated)))
        return updated

    def _sync_favorites(
        self, user_id: str, category: SidebarCategory, old: list[str], new: list[str]
    ) -> None:
        rows = self.s.preference_rows
        if category.type == "favorites":
            for channel_id in old:
                rows.pop((user_id, FAVORITE, channel_id), None)
            for channel_id in new:
                rows[(user_id, FAVORITE, channel_id)] = Preference(user_id, FAVORITE, channel_id, "true")
        else:
            for channel_id in new:
                rows.pop((user_id, FAVORITE, channel_id), None)

    def _mute_moved(self, user_id: str, old: list[dict[str, Any]], new: list[dict[str, Any]]) -> None:
        """muteChannelsForUpdatedCategories + setChannelsMuted: mark_unread mention or all, and
        channel_member_updated for each member changed."""
        to_mute: list[str] = []
        to_unmute: list[str] = []
        for before, after in zip(old, new, strict=True):
            if after["muted"] and not before["muted"]:
                to_mute += after["channel_ids"]
            elif before["muted"] and not after["muted"]:
                to_unmute += after["channel_ids"]
        was_in = {cid: c for c in old for cid in c["channel_ids"]}
        now_in = {cid: c for c in new for cid in c["channel_ids"]}
        for channel_id, source in was_in.items():
            target = now_in.get(channel_id)
            if target is None or target["id"] == source["id"]:
                continue
            if target["muted"] and not source["muted"]:
                to_mute.append(channel_id)
            elif source["muted"] and not target["muted"]:
                to_unmute.append(channel_id)
        for channel_ids, muted in ((to_mute, True), (to_unmute, False)):
            for channel_id in dict.fromkeys(channel_ids):
                member = self.s.channels.member(channel_id, user_id)
                if member is None or (member.notify_props.get("mark_unread") == "mention") == muted:
                    continue
                member.notify_props = {**member.notify_props, "mark_unread": "mention" if muted else "all"}
                self.s.emit(catalog.channel_member_updated(member))

    def delete(self, category_id: str) -> None:
        """DeleteSidebarCategory: custom categories only; their channels fall back to Channels / DMs."""
        category = self.find(category_id)
        if category is None:
            raise error(500)
        if category.type != "custom":
            raise error(400)
        key = (category.user_id, category.team_id)
        with self.s.write():
            del self.s.sidebar_category_by_id[category_id]
            # the others keep their sort_order: the gap stays (observed on 11.2)
            self.s.sidebar_order[key] = [c for c in self.s.sidebar_order[key] if c != category_id]
            self.s.emit(catalog.sidebar_category_deleted(category.team_id, category.user_id, category_id))

    # ---- hooks from other areas (called inside their writes) ----------------------------------
    def favorite_changed(self, pref: Preference, deleted: bool = False) -> None:
        """UpdateSidebarChannelsByPreferences / DeleteSidebarChannelsByPreferences: a favorite joins the front
        of the user's Favorites categories (of the channel's team, or all for DMs); `false` or a delete takes
        it out."""
        if pref.category != FAVORITE:
            return
        for category in self.s.sidebar_category_by_id.values():
            if category.user_id != pref.user_id or category.type != "favorites":
                continue
            if deleted or pref.value == "false":
                category.channel_ids = [c for c in category.channel_ids if c != pref.name]
                continue
            channel = self.s.channels.find(pref.name)
            if channel is None or (channel.team_id and channel.team_id != category.team_id):
                continue
            if pref.name not in category.channel_ids:
                category.channel_ids.insert(0, pref.name)

    def clear_team(self, user_id: str, team_id: str) -> None:
        """ClearSidebarOnTeamLeave."""
        for category_id in self.s.sidebar_order.pop((user_id, team_id), []):
            self.s.sidebar_category_by_id.pop(category_id, None)

    def purge_user(self, user_id: str) -> None:
        for key in [k for k in self.s.sidebar_order if k[0] == user_id]:
            for category_id in self.s.sidebar_order.pop(key):
                self.s.sidebar_category_by_id.pop(category_id, None)
