"""The Audits table: what the server records of a user's account actions (model/audit.go). Upstream:
web/context.go LogAudit/LogAuditWithUserId, api4/user.go login ("authenticated", then "success")."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mockmost.store import Store


@dataclass(slots=True)
class Audit:
    id: str
    create_at: int
    user_id: str
    action: str
    extra_info: str
    ip_address: str
    session_id: str


class Audits:
    def __init__(self, store: Store) -> None:
        self.s = store
        self.by_user: dict[str, list[Audit]] = {}

    def record(
        self, user_id: str, action: str, extra_info: str, ip_address: str, session_id: str = ""
    ) -> None:
        with self.s.write():
            audit = Audit(self.s.new_id(), self.s.now(), user_id, action, extra_info, ip_address, session_id)
            self.by_user.setdefault(user_id, []).append(audit)

    def page(self, user_id: str, page: int, per_page: int) -> list[Audit]:
        """GetAuditsPage: newest first."""
        newest_first = list(reversed(self.by_user.get(user_id, [])))
        return newest_first[page * per_page : (page + 1) * per_page]

    def purge_user(self, user_id: str) -> None:
        self.by_user.pop(user_id, None)
