"""The Systems table: named server-wide values (model/system.go). Upstream: api4/plugin.go."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mockmost.events import catalog

if TYPE_CHECKING:
    from mockmost.store import Store

FIRST_ADMIN_VISIT_MARKETPLACE = "FirstAdminVisitMarketplace"


class SystemValues:
    def __init__(self, store: Store) -> None:
        self.s = store
        self.by_name: dict[str, str] = {}

    def get(self, name: str, default: str) -> str:
        return self.by_name.get(name, default)

    def mark_marketplace_visited(self) -> None:
        """setFirstAdminVisitMarketplaceStatus: saved as "true", announced to every connection."""
        with self.s.write():
            self.by_name[FIRST_ADMIN_VISIT_MARKETPLACE] = "true"
            self.s.emit(catalog.first_admin_visit_marketplace_status_received("true"))
