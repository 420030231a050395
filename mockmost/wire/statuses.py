"""Statuses as JSON. Upstream: model/status.go (active_channel never sent, PrevStatus hidden)."""

from __future__ import annotations

from typing import Any

from mockmost.store.entities import Status


def status(s: Status) -> dict[str, Any]:
    return {
        "user_id": s.user_id,
        "status": s.status,
        "manual": s.manual,
        "last_activity_at": s.last_activity_at,
        "dnd_end_time": s.dnd_end_time,
    }
