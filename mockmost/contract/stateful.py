"""Stateful sequences: hypothesis rule-based runs of users, channels, posts, replies, reactions and deletes,
each step read back through the API and compared with a model of what the server must hold.

The document has no OpenAPI links, so schemathesis' own state machine has nothing to chain; this machine
chains the calls itself. It talks HTTP through mockmost.client, so it runs against mockmost in process or
against a real server in the contract's sandbox team. Upstream facts: server/channels/api4/post.go
(deletePost removes the thread with its root), app/post.go (reply_count counts live replies),
app/post_metadata.go (reactions in metadata), api4/reaction.go.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, initialize, invariant, precondition, rule

from mockmost.client import Client, MattermostError

EMOJI = ("smile", "+1", "heart", "tada", "eyes")
MESSAGES = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9 .,!?#@]{0,40}", fullmatch=True)
ClientMaker = Callable[[str | None], Client]


@dataclass
class ModelPost:
    id: str
    channel_id: str
    user_id: str
    root_id: str
    message: str
    # Insertion-ordered (dicts, not sets): draws must not depend on the order of random ids, or hypothesis
    # replays a sequence differently.
    reactions: dict[tuple[str, str], None] = field(default_factory=dict)


def machine(
    make_client: ClientMaker, admin_token: str, team_id: str, reset: Callable[[], None] | None = None
) -> type[RuleBasedStateMachine]:
    """A state machine class bound to one server (clients by token) and one team the admin may use;
    `reset` (mockmost only) starts each run from the seed again."""

    class Sequences(RuleBasedStateMachine):
        users = Bundle("users")
        channels = Bundle("channels")

        def __init__(self) -> None:
            super().__init__()
            if reset is not None:
                reset()
            self.admin = make_client(admin_token)
            self.clients: dict[str, Client] = {}
            self.members: dict[str, dict[str, None]] = {}
            self.posts: dict[str, ModelPost] = {}
            self.prefix = f"mms{secrets.token_hex(3)}"
            self.count = 0

        def _name(self, kind: str) -> str:
            self.count += 1
            return f"{self.prefix}-{kind}{self.count}"

        @initialize(target=users)
        def first_user(self) -> str:
            return self._new_user()

        def _new_user(self) -> str:
            name, password = self._name("u"), f"Pw-{secrets.token_hex(6)}!"
            user = self.admin.create_user(name, f"{name}@example.com", password)
            self.admin.add_team_member(team_id, user["id"])
            client = make_client(None)
            assert client.login(name, password)["id"] == user["id"]
            self.clients[user["id"]] = client
            return user["id"]  # type: ignore[no-any-return]

        @precondition(lambda self: len(self.clients) < 4)
        @rule(target=users)
        def create_user(self) -> str:
            return self._new_user()

        @precondition(lambda self: len(self.members) < 3)
        @rule(target=channels, creator=users, private=st.booleans())
        def create_channel(self, creator: str, private: bool) -> str:
            name = self._name("c")
            channel = self.clients[creator].create_channel(team_id, name, name, "P" if private else "O")
            self.members[channel["id"]] = {creator: None}
            return channel["id"]  # type: ignore[no-any-return]

        @rule(channel=channels, user=users)
        def add_member(self, channel: str, user: str) -> None:
            self.admin.add_channel_member(channel, user)
            self.members[channel][user] = None

        def _member(self, data: st.DataObject, channel: str) -> str:
            return data.draw(st.sampled_from(list(self.members[channel])))

        @rule(channel=channels, data=st.data(), message=MESSAGES)
        def create_post(self, channel: str, data: st.DataObject, message: str) -> None:
            user = self._member(data, channel)
            post = self.clients[user].create_post(channel, message)
            assert (post["channel_id"], post["user_id"], post["root_id"]) == (channel, user, "")
            self.posts[post["id"]] = ModelPost(post["id"], channel, user, "", post["message"])

        @rule(channel=channels, user=users)
        def outsider_cannot_post(self, channel: str, user: str) -> None:
            if user not in self.members[channel]:
                self._refused(403, self.clients[user].create_post, channel, "not a member")

        @precondition(lambda self: any(not p.root_id for p in self.posts.values()))
        @rule(data=st.data(), message=MESSAGES)
        def reply(self, data: st.DataObject, message: str) -> None:
            root = data.draw(st.sampled_from([p.id for p in self.posts.values() if not p.root_id]))
            channel = self.posts[root].channel_id
            user = self._member(data, channel)
            post = self.clients[user].create_post(channel, message, root_id=root)
            assert post["root_id"] == root
            self.posts[post["id"]] = ModelPost(post["id"], channel, user, root, post["message"])

        @precondition(lambda self: bool(self.posts))
        @rule(data=st.data(), emoji=st.sampled_from(EMOJI))
        def react(self, data: st.DataObject, emoji: str) -> None:
            post = self.posts[data.draw(st.sampled_from(list(self.posts)))]
            user = self._member(data, post.channel_id)
            reaction = self.clients[user].add_reaction(user, post.id, emoji)
            assert (reaction["user_id"], reaction["post_id"], reaction["emoji_name"]) == (
                user,
                post.id,
                emoji,
            )
            post.reactions[(user, emoji)] = None

        @precondition(lambda self: any(p.reactions for p in self.posts.values()))
        @rule(data=st.data())
        def unreact(self, data: st.DataObject) -> None:
            post = data.draw(st.sampled_from([p for p in self.posts.values() if p.reactions]))
            user, emoji = data.draw(st.sampled_from(list(post.reactions)))
            self.clients[user].remove_reaction(user, post.id, emoji)
            del post.reactions[(user, emoji)]

        @precondition(lambda self: bool(self.posts))
        @rule(data=st.data(), by_admin=st.booleans())
        def delete(self, data: st.DataObject, by_admin: bool) -> None:
            post = self.posts[data.draw(st.sampled_from(list(self.posts)))]
            (self.admin if by_admin else self.clients[post.user_id]).delete_post(post.id)
            gone = [post.id] + (
                [p.id for p in self.posts.values() if p.root_id == post.id] if not post.root_id else []
            )
            for pid in gone:
                del self.posts[pid]
                self._refused(404, self.admin.get_post, pid)

        def _refused(self, status: int, call: Callable[..., Any], *args: Any) -> None:
            try:
                call(*args)
            except MattermostError as err:
                assert err.status_code == status, f"{call.__name__}{args}: {err.status_code} {err.id}"
                assert err.id and err.request_id is not None
            else:
                raise AssertionError(
                    f"{call.__name__}{args} was accepted; the server refuses it with {status}"
                )

        @staticmethod
        def _quietly(call: Callable[..., Any], *args: Any) -> None:
            try:
                call(*args)
            except MattermostError:
                pass

        @invariant()
        def channels_list_exactly_their_posts(self) -> None:
            for channel in self.members:
                page = self.admin.call(
                    "GetPostsForChannel",
                    {"channel_id": channel},
                    {"per_page": 200, "skipFetchThreads": "true"},
                )
                listed = {pid for pid in page["order"] if not page["posts"][pid]["type"]}
                expected = {p.id for p in self.posts.values() if p.channel_id == channel}
                assert listed == expected, (
                    f"channel {channel}: listed {listed ^ expected} differ from the model"
                )

        @invariant()
        def posts_read_back_with_replies_and_reactions(self) -> None:
            for post in self.posts.values():
                got = self.admin.get_post(post.id)
                assert (got["message"], got["user_id"], got["root_id"]) == (
                    post.message,
                    post.user_id,
                    post.root_id,
                )
                root = post.root_id or post.id
                replies = sum(1 for p in self.posts.values() if p.root_id == root)
                assert got["reply_count"] == replies, (
                    f"{post.id}: reply_count {got['reply_count']} != {replies}"
                )
                seen = {
                    (r["user_id"], r["emoji_name"])
                    for r in (got.get("metadata") or {}).get("reactions") or []
                }
                assert seen == set(post.reactions), f"{post.id}: reactions {seen} != {post.reactions}"
                assert bool(got.get("has_reactions")) == bool(post.reactions)

        def teardown(self) -> None:
            if (
                reset is None
            ):  # a real server: archive what the run made (users deactivated, channels deleted)
                for channel in self.members:
                    self._quietly(self.admin.delete_channel, channel)
                for user in self.clients:
                    self._quietly(self.admin.call, "DeleteUser", {"user_id": user})
            for client in self.clients.values():
                client.close()
            self.admin.close()

    return Sequences
