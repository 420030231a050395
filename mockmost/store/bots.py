"""Bot accounts: a Bot record beside a User with is_bot. Upstream: app/bot.go, model/bot.go,
sqlstore/bot_store.go, app/user.go (ConvertBotToUser)."""

from __future__ import annotations

import copy
import re
from typing import TYPE_CHECKING, Any

from mockmost.errors import AppError, invalid_body_param
from mockmost.store.entities import Bot, User
from mockmost.store.users import validate_password

if TYPE_CHECKING:
    from mockmost.store import Store

_USERNAME = re.compile(r"^[a-z0-9.\-_]+$")
_RESTRICTED = frozenset({"all", "channel", "matterbot", "system"})
BOT_DISPLAY_NAME_MAX_RUNES = 64
BOT_DESCRIPTION_MAX_RUNES = 1024
# i18n/en.json api.bot.teams_channels.add_message_mobile: the bot's first post, in its DM with the owner.
_BOT_DOCS = (
    "https://docs.mattermost.com/developer/bot-accounts.html"
    "#what-happens-when-a-user-who-owns-bot-accounts-is-disabled"
)
WELCOME_MESSAGE = (
    "Please add me to teams and channels you want me to interact in. To do this, use the browser "
    "or Mattermost Desktop App."
)


def bot_not_found() -> AppError:
    """model/bot.go MakeBotNotFoundError."""
    return AppError("store.sql_bot.get.missing.app_error", 404, message="Bot does not exist.")


def check_patch(fields: Any) -> None:
    """json.Decode into model.BotPatch: the three fields are strings or null."""
    if not isinstance(fields, dict):
        raise invalid_body_param("bot")
    for name in ("username", "display_name", "description"):
        if fields.get(name) is not None and not isinstance(fields[name], str):
            raise invalid_body_param("bot")


def validate_create(username: str, display_name: str, description: str, owner_id: str) -> None:
    """model/bot.go IsValidCreate (the username is checked before it is lower-cased)."""
    if not (1 <= len(username) <= 64) or not _USERNAME.match(username) or username in _RESTRICTED:
        raise AppError("model.bot.is_valid.username.app_error", 400, message="Invalid username.")
    if len(display_name) > BOT_DISPLAY_NAME_MAX_RUNES:
        # Upstream reuses the user id message for a display name that is too long.
        raise AppError("model.bot.is_valid.user_id.app_error", 400, message="Invalid user id.")
    if len(description) > BOT_DESCRIPTION_MAX_RUNES:
        raise AppError("model.bot.is_valid.description.app_error", 400, message="Invalid description.")
    # An empty owner only comes from seeds (the API always sets the caller): allowed there.
    if len(owner_id) > 190:
        raise AppError("model.bot.is_valid.creator_id.app_error", 400, message="Invalid creator id.")


class Bots:
    def __init__(self, store: Store) -> None:
        self.s = store

    def find(self, user_id: str) -> Bot | None:
        return self.s.bot_by_user_id.get(user_id)

    def get(self, user_id: str, include_deleted: bool = False) -> Bot:
        bot = self.s.bot_by_user_id.get(user_id)
        if bot is None or (bot.delete_at and not include_deleted):
            raise bot_not_found()
        return bot

    def list_bots(
        self,
        owner_id: str = "",
        include_deleted: bool = False,
        only_orphaned: bool = False,
        page: int = 0,
        per_page: int = 60,
    ) -> list[Bot]:
        """sqlstore/bot_store.go GetAll: ordered by create_at then username."""
        out = []
        for bot in self.s.bot_by_user_id.values():
            if bot.delete_at and not include_deleted:
                continue
            if owner_id and bot.owner_id != owner_id:
                continue
            if only_orphaned:
                owner = self.s.user_by_id.get(bot.owner_id)
                if owner is None or not owner.delete_at:  # an inner join on the owner's user row
                    continue
            out.append(bot)
        out.sort(key=lambda b: (b.create_at, b.username))
        return out[page * per_page : (page + 1) * per_page]

    def create(
        self, owner_id: str, fields: dict[str, Any], user_id: str | None = None, welcome: bool = False
    ) -> Bot:
        """app/bot.go CreateBot. `welcome`: as through the API, open a DM with the owner and post the
        add_bot_teams_channels message there."""
        check_patch(fields)
        username = fields.get("username") or ""
        display_name = fields.get("display_name") or ""
        description = fields.get("description") or ""
        validate_create(username, display_name, description, owner_id)
        with self.s.write():
            user = self.s.users.create(
                {
                    "id": user_id,
                    "username": username,
                    "email": f"{username}@localhost",
                    "first_name": display_name,
                    "bot_description": description,
                },
                is_bot=True,
                keep_id=bool(user_id),
            )
            # app/bot.go CreateBot saves the user row directly: no new_user event (app CreateUser sends it).
            self.s.drop_pending(lambda e: e.name == "new_user" and e.data.get("user_id") == user.id)
            bot = Bot(
                user_id=user.id,
                username=user.username,
                owner_id=owner_id,
                create_at=user.create_at,
                update_at=user.create_at,
                display_name=user.first_name,
                description=description,
            )
            self.s.bot_by_user_id[user.id] = bot
            owner = self.s.user_by_id.get(owner_id)
            if welcome and owner is not None:
                channel = self.s.channels.get_or_create_direct(user, owner, user.id)
                self.s.posts.create_system(
                    channel, user, "add_bot_teams_channels", WELCOME_MESSAGE, {"from_bot": "true"}
                )
        return bot

    def patch(self, bot: Bot, patch: dict[str, Any]) -> Bot:
        """app/bot.go PatchBot: nothing changes (not even update_at) unless a field would change."""
        check_patch(patch)
        user = self.s.users.get(bot.user_id)
        would = any(
            patch.get(name) is not None and patch[name] != getattr(bot, name)
            for name in ("username", "display_name", "description")
        )
        if not would:
            return bot
        username = patch["username"] if patch.get("username") is not None else bot.username
        display_name = patch["display_name"] if patch.get("display_name") is not None else bot.display_name
        with self.s.write():
            self.s.users.patch(
                user, {"username": username, "email": f"{username}@localhost", "first_name": display_name}
            )
            bot.username = user.username
            bot.display_name = user.first_name
            if patch.get("description") is not None:
                bot.description = user.bot_description = patch["description"]
            bot.update_at = self.s.now()
        return bot

    def set_active(self, bot: Bot, active: bool) -> Bot:
        """app/bot.go UpdateBotActive: the user is (de)activated; the bot row changes only if it must."""
        with self.s.write():
            user: User = self.s.users.get(bot.user_id)
            before = (bot.delete_at, bot.update_at)
            self.s.users.set_active(user, active)
            if bool(before[0]) == (not active):
                bot.delete_at, bot.update_at = before
        return bot

    def assign(self, bot: Bot, owner_id: str) -> Bot:
        with self.s.write():
            bot.owner_id = owner_id
            bot.update_at = self.s.now()
        return bot

    def convert_user_to_bot(self, user: User) -> Bot:
        """app/bot.go ConvertUserToBot: the user becomes a bot owned by itself; its sessions are revoked.

        The answer carries display_name = username (model.BotFromUser); reads later show the first name."""
        if user.id in self.s.bot_by_user_id:
            raise AppError("app.bot.createbot.internal_error", 500, message="Unable to save the bot.")
        with self.s.write():
            now = self.s.now()
            user.auth_service, user.auth_data = "", ("" if user.auth_data is not None else None)
            user.is_bot = True
            bot = Bot(
                user_id=user.id,
                username=user.username,
                owner_id=user.id,
                create_at=now,
                update_at=now,
                display_name=user.first_name,
            )
            self.s.bot_by_user_id[user.id] = bot
            self.s.sessions.revoke_all_for_user(user.id)
        answer = copy.copy(bot)
        answer.display_name = user.username
        return answer

    def convert_bot_to_user(self, bot: Bot, patch: dict[str, Any], password: str, set_admin: bool) -> User:
        """app/user.go ConvertBotToUser: optional admin role, patch, password, then the bot row goes away."""
        user = self.s.users.get(bot.user_id)
        validate_password(self.s, password)  # checked first, so a refused password leaves no partial change
        with self.s.write():
            if set_admin and not user.has_role("system_admin"):
                self.s.users.set_roles(user, f"{user.roles} system_admin")
            fields = {k: v for k, v in patch.items() if k != "password"}
            self.s.users.patch(user, fields)  # app UpdateUser: user_updated even for an empty patch
            self.s.users.set_password(user, password)
            user.is_bot = False
            user.bot_description = ""
            user.bot_last_icon_update = 0
            del self.s.bot_by_user_id[bot.user_id]
        return user

    def owner_deactivated(self, owner: User) -> None:
        """app/user.go userDeactivated: system admins hear about the owner's active bots in their self-DM,
        and the bots are disabled when ServiceSettings.DisableBotsWhenOwnerIsDeactivated is on."""
        owned = self.list_bots(owner.id, per_page=10_000)
        if owned and not owner.is_bot:  # only the human owner's deactivation is reported
            self._notify_admins(owner, owned)
        if self.s.settings.get("ServiceSettings.DisableBotsWhenOwnerIsDeactivated"):
            for bot in owned:
                self.set_active(bot, False)

    def _notify_admins(self, owner: User, bots: list[Bot]) -> None:
        """app/bot.go notifySysadminsBotOwnerDeactivated; i18n app.bot.get_disable_bot_sysadmin_message."""
        disabled = bool(self.s.settings.get("ServiceSettings.DisableBotsWhenOwnerIsDeactivated"))
        names = "".join(f"* {b.username}\n" for b in bots[:10])
        state = "have now been disabled" if disabled else "are still enabled"
        if len(bots) <= 10:
            head = f"{owner.username} was deactivated. They managed the following bot accounts which {state}."
            head += "\n\n"
            head += names if disabled else names + "\n"
        else:
            head = (
                f"{owner.username} was deactivated. They managed {len(bots)} bot accounts which {state}, "
                f"including the following:\n\n{names}"
            )
        more = f"For more information, see our [documentation]({_BOT_DOCS})."
        if disabled:
            message = (
                f"{head}You can take ownership of each bot by enabling it at **Integrations > Bot "
                f"Accounts** and creating new tokens for the bot.\n\n{more}"
            )
        else:
            message = (
                f"{head}We strongly recommend you to take ownership of each bot by re-enabling it at "
                f"**Integrations > Bot Accounts** and creating new tokens for the bot.\n\n{more}\n\n"
                "If you want bot accounts to disable automatically after owner deactivation, set "
                "\u201cDisable bot accounts when owner is deactivated\u201d in **System Console > "
                "Integrations > Bot Accounts** to true."
            )
        admins = sorted(
            (u for u in self.s.users.all() if u.is_system_admin and not u.delete_at), key=lambda u: u.username
        )
        for admin in admins:
            channel = self.s.channels.get_or_create_direct(admin, admin, admin.id)
            self.s.posts.create_system(channel, admin, "system_generic", message, {})

    def purge_user(self, user_id: str) -> None:
        self.s.bot_by_user_id.pop(user_id, None)
