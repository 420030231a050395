"""Preferences as JSON. Upstream: server/public/model/preference.go."""

from __future__ import annotations

from typing import Any

from mockmost.store.entities import Preference


def preference(p: Preference) -> dict[str, Any]:
    return {"user_id": p.user_id, "category": p.category, "name": p.name, "value": p.value}
