"""ETag header values, each as the real server's model computes it; all start with model.CurrentVersion.
Upstream: model/user.go, model/post.go, model/file_info.go, model/bot.go Etag; sqlstore PostStore.GetEtag."""

from __future__ import annotations

from collections.abc import Sequence

from mockmost.settings import SERVER_VERSION, Settings
from mockmost.store.entities import Bot, FileInfo, Post, User


def _flag(value: object) -> str:
    return "true" if value else "false"


def user(u: User, settings: Settings) -> str:
    """model/user.go Etag: id, update_at, terms of service id and time, the two privacy switches, bot icon."""
    full_name = _flag(settings.get("PrivacySettings.ShowFullName"))
    email = _flag(settings.get("PrivacySettings.ShowEmailAddress"))
    return f"{SERVER_VERSION}.{u.id}.{u.update_at}..0.{full_name}.{email}.{u.bot_last_icon_update}"


def post(p: Post) -> str:
    return f"{SERVER_VERSION}.{p.id}.{p.update_at}"


def file_infos(infos: Sequence[FileInfo]) -> str:
    """model/file_info.go: the post id and the newest update_at; the bare version when there are none."""
    if not infos:
        return SERVER_VERSION
    return f"{SERVER_VERSION}.{infos[0].post_id}.{max(i.update_at for i in infos)}"


def channel_posts(latest: int) -> str:
    """sqlstore PostStore.GetEtag: the latest update_at of the channel's posts."""
    return f"{SERVER_VERSION}.{latest}"


def bot(b: Bot) -> str:
    return f"{SERVER_VERSION}.{b.user_id}.{b.update_at}"


def bots(items: Sequence[Bot]) -> str:
    """model/bot.go BotList.Etag: the most recently updated bot, its time, 0 and the count."""
    newest_id, newest = "0", 0
    for b in items:
        if b.update_at > newest:
            newest_id, newest = b.user_id, b.update_at
    return f"{SERVER_VERSION}.{newest_id}.{newest}.0.{len(items)}"


def post_list(order: Sequence[str], posts: Sequence[Post]) -> str:
    """model/post_list.go Etag: the first id of the order, then the latest update_at (a tie goes to the
    larger id) and its post."""
    latest_id, latest = "0", 0
    for p in posts:
        if p.update_at > latest or (p.update_at == latest and p.id > latest_id):
            latest_id, latest = p.id, p.update_at
    return f"{SERVER_VERSION}.{order[0] if order else ''}.{latest_id}.{latest}"


def users_in_team(members: Sequence[User], settings: Settings) -> str:
    """app/users GetUsersInTeamEtag: the version and newest update_at of the team's users, then the two
    privacy settings printed from Go pointers (so addresses, fixed here), then the restrictions hash
    (none)."""
    newest = max((u.update_at for u in members), default=0)
    return f"{SERVER_VERSION}.{newest}.0xc000a1f2e9.0xc000a1f2e8."
