"""The Audits table: what the server records of account and integration actions (model/audit.go). Upstream:
web/context.go LogAudit / LogAuditWithUserId (written by the handlers in api4/), store/sqlstore/audit_store.go
(Get: newest first, every user's when no user is given; PermanentDeleteByUser)."""

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
        self.rows: list[Audit] = []  # every user's, oldest first

    def record(
        self, user_id: str, action: str, extra_info: str, ip_address: str, session_id: str = ""
    ) -> None:
        with self.s.write():
            audit = Audit(self.s.new_id(), self.s.now(), user_id, action, extra_info, ip_address, session_id)
            self.by_user.setdefault(user_id, []).append(audit)
            self.rows.append(audit)

    def page(self, user_id: str, page: int, per_page: int) -> list[Audit]:
        """GetAuditsPage: newest first; an empty user_id reads every user's (GET /audits)."""
        rows = self.by_user.get(user_id, []) if user_id else self.rows
        end = len(rows) - page * per_page
        return rows[max(end - per_page, 0) : max(end, 0)][::-1]

    def purge_user(self, user_id: str) -> None:
        if self.by_user.pop(user_id, None) is not None:
            self.rows = [a for a in self.rows if a.user_id != user_id]
