"""Synced drafts: one row per (user, channel, root), upserted, listed per team, hard-deleted.

Upstream: server/channels/app/draft.go (UpsertDraft, GetDraftsForUser, DeleteDraft),
server/public/model/draft.go (IsValid, PreSave, PreCommit), server/channels/store/sqlstore/draft_store.go
(Upsert, GetDraftsForUser, Delete, PermanentDeleteByUser, DeleteDraftsAssociatedWithPost),
server/channels/db/migrations/postgres/000099_create_drafts.up.sql (Message VARCHAR(65535): at most
65535 / 4 runes).
"""

from __future__ import annotations

import dataclasses
import json
from typing import TYPE_CHECKING, Any

from mockmost.errors import AppError
from mockmost.events import catalog
from mockmost.ids import is_valid_id
from mockmost.store.entities import Draft

if TYPE_CHECKING:
    from mockmost.store import Store

MAX_DRAFT_RUNES = 65535 // 4  # sqlstore determineMaxDraftSize: the column's byte length over four
_FILE_IDS_MAX_RUNES = 300  # model.PostFileidsMaxRunes
_PROPS_MAX_RUNES = 800000  # model.PostPropsMaxRunes


def _save_error() -> AppError:
    """Every IsValid failure reaches the client wrapped by the app as this 500."""
    return AppError("app.draft.save.app_error", 500, message="Unable to save the Draft.")


def _runes_of_json(value: Any) -> int:
    return len(json.dumps(value, ensure_ascii=False, separators=(",", ":")))


class Drafts:
    def __init__(self, store: Store) -> None:
        self.s = store
        self.rows: dict[tuple[str, str, str], Draft] = {}

    def get(self, user_id: str, channel_id: str, root_id: str) -> Draft | None:
        return self.rows.get((user_id, channel_id, root_id))

    def upsert(self, draft: Draft, connection_id: str) -> Draft | None:
        """app UpsertDraft after the handler's permission check: the channel must be live; an empty message
        deletes the row (no event) and answers None; else PreSave, IsValid, the upsert and draft_created."""
        channel = self.s.channel_by_id.get(draft.channel_id)
        if channel is None:
            raise AppError(
                "api.context.invalid_param.app_error",
                400,
                message="Invalid or missing draft.channel_id parameter in request URL.",
            )
        if channel.delete_at:
            raise AppError(
                "api.draft.create_draft.can_not_draft_to_deleted.error",
                400,
                message="Can not save draft to deleted channel",
            )
        key = (draft.user_id, draft.channel_id, draft.root_id)
        with self.s.write():
            if draft.message == "":
                self.rows.pop(key, None)
                return None
            now = self.s.now()
            # PreSave: the client's create_at stays (the answer carries it); update_at is now.
            if draft.create_at == 0:
                draft.create_at = now
            draft.update_at = now
            draft.file_ids = list(dict.fromkeys(draft.file_ids))
            self._validate(draft)
            row = self.rows.get(key)
            if row is None:
                self.rows[key] = dataclasses.replace(
                    draft, props=dict(draft.props), file_ids=list(draft.file_ids)
                )
            else:  # ON CONFLICT DO UPDATE keeps the stored create_at
                row.update_at, row.message, row.props = draft.update_at, draft.message, dict(draft.props)
                row.file_ids, row.priority = list(draft.file_ids), draft.priority
            self.s.emit(catalog.draft_created(draft, connection_id))
        return draft

    @staticmethod
    def _validate(draft: Draft) -> None:
        """model.Draft IsValid (create_at, update_at, user_id and channel_id hold after PreSave and the
        permission check)."""
        if len(draft.message) > MAX_DRAFT_RUNES:
            raise _save_error()
        if draft.root_id and not is_valid_id(draft.root_id):
            raise _save_error()
        if _runes_of_json(draft.file_ids) > _FILE_IDS_MAX_RUNES:
            raise _save_error()
        if _runes_of_json(draft.props) > _PROPS_MAX_RUNES:
            raise _save_error()
        if draft.priority is not None and _runes_of_json(draft.priority) > _PROPS_MAX_RUNES:
            raise _save_error()

    def for_user(self, user_id: str, team_id: str) -> list[Draft]:
        """sqlstore GetDraftsForUser: the user's drafts in channels they are a member of, in the team's
        channels or in DMs and GMs (no team), newest update first."""
        out = []
        for (uid, channel_id, _root), row in self.rows.items():
            if uid != user_id or self.s.channels.member(channel_id, user_id) is None:
                continue
            channel = self.s.channel_by_id.get(channel_id)
            if channel is None or (team_id and channel.team_id not in (team_id, "")):
                continue
            out.append(row)
        return sorted(out, key=lambda d: -d.update_at)

    def delete(self, draft: Draft, connection_id: str) -> None:
        """app DeleteDraft: the row goes, and draft_deleted carries it as it was stored."""
        with self.s.write():
            self.rows.pop((draft.user_id, draft.channel_id, draft.root_id), None)
            self.s.emit(catalog.draft_deleted(draft, connection_id))

    def forget_root(self, channel_id: str, root_id: str) -> None:
        """sqlstore DeleteDraftsAssociatedWithPost (a post was deleted): every user's thread drafts, no
        event."""
        for key in [k for k in self.rows if k[1] == channel_id and k[2] == root_id]:
            del self.rows[key]

    def purge_user(self, user_id: str) -> None:
        """sqlstore PermanentDeleteByUser."""
        for key in [k for k in self.rows if k[0] == user_id]:
            del self.rows[key]
