"""Bot accounts: a Bot record beside a User with is_bot. Upstream: app/bot.go, model/bot.go."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from mockmost.errors import AppError, invalid_body_param
from mockmost.events import catalog
from mockmost.store.entities import Bot, User

if TYPE_CHECKING:
    from mockmost.store import Store

_USERNAME = re.compile(r"^[a-z0-9.\-_]+$")


class Bots:
    def __init__(self, store: Store) -> None:
        self.s = store

    def find(self, user_id: str) -> Bot | None:
        return self.s.bot_by_user_id.get(user_id)

    def get(self, user_id: str, include_deleted: bool = False) -> Bot:
        bot = self.s.bot_by_user_id.get(user_id)
        if bot is None or (bot.delete_at and not include_deleted):
            raise AppError("store.sql_bot.get.missing.app_error", 404, message="Bot does not exist.")
        return bot

    def create(self, owner_id: str, fields: dict[str, Any], user_id: str | None = None) -> Bot:
        for name in ("username", "display_name", "description"):
            if fields.get(name) is not None and not isinstance(fields[name], str):
                raise invalid_body_param("bot")
        username = (fields.get("username") or "").lower()
        if not username or len(username) > 64 or not _USERNAME.match(username):
            raise AppError("model.bot.is_valid.username.app_error", 400, message="Invalid username.")
        if len(fields.get("display_name") or "") > 64:
            raise AppError("model.bot.is_valid.username.app_error", 400, message="Invalid display name.")
        if len(fields.get("description") or "") > 1024:
            raise AppError("model.bot.is_valid.description.app_error", 400, message="Invalid description.")
        with self.s.write():
            user = self.s.users.create(
                {"id": user_id, "username": username, "email": f"{username}@localhost",
                 "first_name": fields.get("display_name") or "", "bot_description": fields.get("description") or ""},
                is_bot=True, keep_id=bool(user_id))
            bot = Bot(user_id=user.id, username=user.username, owner_id=owner_id, create_at=user.create_at,
                      update_at=user.create_at, display_name=fields.get("display_name") or "",
                      description=fields.get("description") or "")
            self.s.bot_by_user_id[user.id] = bot
        return bot

    def patch(self, bot: Bot, patch: dict[str, Any]) -> Bot:
        user = self.s.users.get(bot.user_id)
        for name in ("username", "display_name", "description"):
            if patch.get(name) is not None and not isinstance(patch[name], str):
                raise invalid_body_param("bot")
        with self.s.write():
            user_patch: dict[str, Any] = {}
            if patch.get("username"):
                user_patch["username"] = patch["username"]
            if patch.get("display_name") is not None:
                user_patch["first_name"] = patch["display_name"]
            if user_patch:
                self.s.users.patch(user, user_patch)
            bot.username = user.username
            if patch.get("display_name") is not None:
                bot.display_name = patch["display_name"]
            if patch.get("description") is not None:
                bot.description = user.bot_description = patch["description"]
            bot.update_at = self.s.now()
        return bot

    def set_active(self, bot: Bot, active: bool) -> Bot:
        with self.s.write():
            user: User = self.s.users.get(bot.user_id)
            self.s.users.set_active(user, active)
            bot.delete_at = user.delete_at
            bot.update_at = self.s.now()
            self.s.emit(catalog.user_updated(user))
        return bot

    def assign(self, bot: Bot, owner_id: str) -> Bot:
        with self.s.write():
            bot.owner_id = owner_id
            bot.update_at = self.s.now()
        return bot
