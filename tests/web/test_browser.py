"""The browser client served at `/`, in headless Chromium, against the default seed: sign-in, posting, live
updates, a real bot (mattermostdriver), interactive buttons and dialogs, threads, the inspector.

What the page does is checked through what a person sees (roles and accessible names, as the real web app
names them: "Email or Username", "Password", "Log in", "Write to Town Square") and through the server's state.
"""

from __future__ import annotations

import asyncio
import json
import re
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from mattermostdriver import Driver
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from mockmost.app import state_of
from tests.integration_receiver import receiver_fixture  # noqa: F401 - the `receiver` fixture
from tests.web.conftest import BOT_TOKEN, login_token

upstream = pytest.mark.upstream
DEV = "devchannelyyyyyyyyyyyyyyya"
TEAM = "testteamyyyyyyyyyyyyyyyyya"
ALICE = "aliceyyyyyyyyyyyyyyyyyyyya"
BOT = "helperbotyyyyyyyyyyyyyyyya"


def store_of(server: Any) -> Any:
    return state_of(server.app).store


def sign_in_as(page: Any, username: str) -> None:
    page.goto("/")
    page.get_by_role("list", name="Sign in as").get_by_role(
        "button", name=re.compile(rf"^{username}\b")
    ).click()
    page.get_by_role("textbox", name="Write to Town Square").wait_for()


def open_channel(page: Any, name: str) -> Any:
    page.get_by_role("navigation", name="Channels").get_by_role("link", name=name).click()
    box = page.get_by_role("textbox", name=f"Write to {name}")
    box.wait_for()
    return box


def messages(page: Any) -> Any:
    return page.get_by_role("log", name="Messages", exact=True)


def wait_until(predicate: Any, timeout: float = 10.0) -> Any:
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError("condition not met in time")


# ---- sign in ----


@upstream("webapp/channels/src/components/login/login.tsx", "Login")
def test_sign_in_with_the_login_form_sets_the_web_session_cookies(page, server):
    page.goto("/")
    page.get_by_label("Email or Username").fill("alice")
    page.get_by_label("Password").fill("alice-password")
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("textbox", name="Write to Town Square").wait_for()
    cookies = {c["name"]: c for c in page.context.cookies()}
    assert cookies["MMAUTHTOKEN"]["httpOnly"] and not cookies["MMCSRF"]["httpOnly"]
    session = store_of(server).sessions.find_by_token(cookies["MMAUTHTOKEN"]["value"])
    assert session.user_id == ALICE and session.csrf == cookies["MMCSRF"]["value"]
    # a reload keeps the session: straight back to the chat
    page.reload()
    page.get_by_role("textbox", name="Write to Town Square").wait_for()


def test_wrong_password_shows_the_server_message(page, server):
    page.goto("/")
    page.get_by_label("Email or Username").fill("alice")
    page.get_by_label("Password").fill("nope")
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("alert").get_by_text("Enter a valid email or username and/or password.").wait_for()


def test_sign_in_as_is_one_click_and_switching_user_too(page, server):
    sign_in_as(page, "alice")
    assert page.get_by_text("@alice").first.is_visible()
    page.locator(".switch-users").get_by_role("button", name="bob").click()
    page.get_by_text("@bob").first.wait_for()
    cookies = {c["name"]: c["value"] for c in page.context.cookies()}
    assert store_of(server).sessions.find_by_token(cookies["MMAUTHTOKEN"]).user_id == cookies["MMUSERID"]
    assert cookies["MMUSERID"] == "bobyyyyyyyyyyyyyyyyyyyyyya"


# ---- channels and posting ----


@upstream("server/channels/api4/post.go", "createPost")
def test_open_a_channel_and_post_enter_sends_shift_enter_is_a_new_line(page, server):
    sign_in_as(page, "alice")
    box = open_channel(page, "Development")
    assert "Where the code talks" in page.locator(".channel-header").inner_text()
    box.fill("")
    box.type("first line")
    box.press("Shift+Enter")
    box.type("second **bold** :tada:")
    box.press("Enter")
    messages(page).get_by_text("first line").wait_for()
    assert box.input_value() == ""
    posts = [p for p in store_of(server).post_by_id.values() if p.channel_id == DEV and p.user_id == ALICE]
    assert any(p.message == "first line\nsecond **bold** :tada:" for p in posts)
    last = messages(page).locator(".post").last
    assert last.locator("strong", has_text="bold").count() == 1
    assert last.locator(".emoji[aria-label=':tada:']").count() == 1


def test_markdown_code_blocks_links_and_mentions(page, server, api):
    api(login_token(server, "bob")).post(
        "/posts",
        json={
            "channel_id": DEV,
            "message": "see https://example.com and @alice\n```python\nprint(1 < 2)\n```",
        },
    )
    sign_in_as(page, "alice")
    open_channel(page, "Development")
    post = messages(page).locator(".post").last
    assert post.locator("pre.code code").inner_text() == "print(1 < 2)"
    assert post.get_by_role("link", name="https://example.com").get_attribute("href") == "https://example.com"
    assert post.locator(".mention-self", has_text="@alice").count() == 1


@upstream("server/channels/app/post.go", "SendNotifications")
def test_a_post_by_another_user_through_the_api_appears_without_reload(page, server, api):
    sign_in_as(page, "alice")
    town = next(c for c in store_of(server).channel_by_id.values() if c.name == "town-square")
    bob = api(login_token(server, "bob"))
    bob.post("/posts", json={"channel_id": town.id, "message": "live from bob"}).raise_for_status()
    messages(page).get_by_text("live from bob").wait_for()
    # in another channel: the sidebar counts the mention
    bob.post("/posts", json={"channel_id": DEV, "message": "ping @alice"}).raise_for_status()
    link = page.get_by_role("navigation", name="Channels").get_by_role(
        "link", name=re.compile("^Development")
    )
    link.get_by_label("1 mentions").wait_for()
    assert "unread" in link.get_attribute("class")
    link.click()
    messages(page).get_by_text("ping @alice").wait_for()
    assert link.get_by_label("1 mentions").count() == 0
    wait_until(lambda: store_of(server).channels.member(DEV, ALICE).mention_count == 0)


def test_older_history_pages_in_when_scrolled_up(page, server, api):
    store = store_of(server)
    alice = store.users.get(ALICE)
    channel = store.channel_by_id[DEV]
    for i in range(150):
        store.posts.create(alice, channel, {"message": f"history {i}"})
    sign_in_as(page, "alice")
    open_channel(page, "Development")
    log = messages(page)
    log.get_by_text("history 149").wait_for()
    assert log.get_by_text("history 0", exact=True).count() == 0
    shown = log.locator(".post").count()
    assert shown <= 70
    for _ in range(10):
        log.evaluate("el => { el.scrollTop = 0; el.dispatchEvent(new Event('scroll')); }")
        page.wait_for_timeout(150)
        if log.get_by_text("history 0", exact=True).count():
            break
    log.get_by_text("history 0", exact=True).wait_for()


# ---- a bot, interactive messages, dialogs ----


class Bot:
    """helperbot through mattermostdriver: listens on the WebSocket and answers "ping" with "pong"."""

    def __init__(self, server: Any) -> None:
        self.driver = Driver(
            {
                "url": "127.0.0.1",
                "port": server.port,
                "scheme": "http",
                "basepath": "/api/v4",
                "token": BOT_TOKEN,
                "timeout": 5,
            }
        )
        self.driver.login()
        self.server = server
        self.ready = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    async def on_event(self, raw: str) -> None:
        msg = json.loads(raw)
        if msg.get("event") == "hello":
            self.ready.set()
        if msg.get("event") != "posted":
            return
        post = json.loads(msg["data"]["post"])
        if post["user_id"] != BOT and "ping" in post["message"]:
            self.driver.posts.create_post(
                {"channel_id": post["channel_id"], "message": "pong from helperbot :robot:"}
            )

    def _run(self) -> None:
        asyncio.set_event_loop(asyncio.new_event_loop())
        try:
            self.driver.init_websocket(self.on_event)
        except Exception:  # noqa: BLE001 - the loop ends when the test drops the socket
            pass

    def start(self) -> Bot:
        self.thread.start()
        assert self.ready.wait(10), "the bot's websocket did not connect"
        return self

    def stop(self) -> None:
        self.driver.websocket.disconnect()
        state_of(self.server.app).hub.drop(BOT)
        self.thread.join(timeout=10)


@pytest.fixture
def bot(server: Any) -> Iterator[Bot]:
    b = Bot(server).start()
    try:
        yield b
    finally:
        b.stop()


def test_a_bot_answers_and_its_reply_appears(page, server, bot):
    sign_in_as(page, "alice")
    box = open_channel(page, "Development")
    box.fill("@helperbot ping")
    box.press("Enter")
    reply = messages(page).locator(".post", has_text="pong from helperbot")
    reply.wait_for()
    reply.locator(".author", has_text="helperbot").wait_for()
    reply.locator(".tag", has_text="BOT").wait_for()


def action_post(bot: Bot, url: str) -> dict[str, Any]:
    return bot.driver.posts.create_post(
        {
            "channel_id": DEV,
            "message": "Ready to deploy?",
            "props": {
                "attachments": [
                    {
                        "text": "Production, build 42",
                        "actions": [
                            {
                                "name": "Deploy",
                                "style": "primary",
                                "integration": {"url": url, "context": {"build": 42}},
                            },
                            {
                                "name": "Pick env",
                                "type": "select",
                                "options": [
                                    {"text": "staging", "value": "stg"},
                                    {"text": "production", "value": "prod"},
                                ],
                                "integration": {"url": url, "context": {"build": 42}},
                            },
                        ],
                    }
                ]
            },
        }
    )


@upstream("server/channels/app/integration_action.go", "DoPostActionWithCookie")
def test_clicking_an_interactive_button_reaches_the_integration_and_updates_the_post(
    page, server, bot, receiver
):
    url = receiver.reply(
        "/deploy",
        json_body={
            "update": {"message": "Deployed build 42 :rocket:", "props": {}},
            "ephemeral_text": "Deploying now",
        },
    )
    sign_in_as(page, "alice")
    open_channel(page, "Development")
    created = action_post(bot, url)
    post = messages(page).locator(f"[data-post-id='{created['id']}']")
    post.get_by_role("button", name="Deploy").click()
    [request] = receiver.wait(1)
    assert request.json["context"] == {"build": 42} and request.json["user_id"] == ALICE
    post.get_by_text("Deployed build 42").wait_for()
    assert post.get_by_role("button", name="Deploy").count() == 0
    messages(page).locator(".post.ephemeral", has_text="Deploying now").wait_for()


def test_choosing_from_an_interactive_menu_sends_the_option(page, server, bot, receiver):
    url = receiver.reply("/deploy", json_body={})
    sign_in_as(page, "alice")
    open_channel(page, "Development")
    created = action_post(bot, url)
    post = messages(page).locator(f"[data-post-id='{created['id']}']")
    post.get_by_role("combobox", name="Pick env").select_option("prod")
    [request] = receiver.wait(1)
    assert request.json["context"]["selected_option"] == "prod"


@upstream("server/channels/app/integration_action.go", "OpenInteractiveDialog")
def test_a_dialog_opened_by_the_bot_is_shown_and_submitted(page, server, bot, receiver):
    url = receiver.reply("/deploy", json_body={})
    dialog_url = receiver.reply("/dialog", json_body={})
    sign_in_as(page, "alice")
    open_channel(page, "Development")
    created = action_post(bot, url)
    messages(page).locator(f"[data-post-id='{created['id']}']").get_by_role("button", name="Deploy").click()
    [request] = receiver.wait(1)
    bot.driver.client.post(
        "/actions/dialogs/open",
        options={
            "trigger_id": request.json["trigger_id"],
            "url": dialog_url,
            "dialog": {
                "callback_id": "cb1",
                "title": "Deploy options",
                "submit_label": "Go",
                "state": "s1",
                "elements": [
                    {"display_name": "Reason", "name": "reason", "type": "text"},
                    {
                        "display_name": "Env",
                        "name": "env",
                        "type": "select",
                        "options": [
                            {"text": "Staging", "value": "stg"},
                            {"text": "Production", "value": "prod"},
                        ],
                    },
                ],
            },
        },
    )
    dialog = page.get_by_role("dialog", name="Deploy options")
    dialog.get_by_label("Reason").fill("hotfix")
    dialog.get_by_label("Env").select_option("prod")
    dialog.get_by_role("button", name="Go").click()
    submitted = receiver.wait(2)[1]
    assert submitted.path == "/dialog"
    assert submitted.json["submission"] == {"reason": "hotfix", "env": "prod"}
    assert submitted.json["callback_id"] == "cb1" and submitted.json["state"] == "s1"
    dialog.wait_for(state="detached")


# ---- threads, reactions, edit, delete, files, commands, typing ----


def test_a_thread_opens_and_a_reply_lands_in_it(page, server, api):
    store = store_of(server)
    sign_in_as(page, "alice")
    open_channel(page, "Development")
    root_id = messages(page).locator(".post", has_text="Deploy is green").get_attribute("data-post-id")
    root = messages(page).locator(f"[data-post-id='{root_id}']")
    root.get_by_role("button", name="1 reply").click()
    thread = page.get_by_role("log", name="Thread messages")
    thread.get_by_text("Nice work").wait_for()
    box = page.get_by_role("textbox", name="Reply to thread")
    box.fill("thanks bob")
    box.press("Enter")
    thread.get_by_text("thanks bob").wait_for()
    mine = next(p for p in store.post_by_id.values() if p.message == "thanks bob")
    assert mine.root_id == root_id
    # a reply by someone else lands in the open thread too, and the root's count follows
    api(login_token(server, "bob")).post(
        "/posts", json={"channel_id": DEV, "root_id": mine.root_id, "message": "you are welcome"}
    ).raise_for_status()
    thread.get_by_text("you are welcome").wait_for()
    root.get_by_role("button", name="3 replies").wait_for()
    assert messages(page).get_by_text("you are welcome").count() == 0


def test_reactions_edit_and_delete_of_own_posts(page, server):
    store = store_of(server)
    sign_in_as(page, "alice")
    box = open_channel(page, "Development")
    box.fill("typo here")
    box.press("Enter")
    post_id = messages(page).locator(".post", has_text="typo here").get_attribute("data-post-id")
    post = messages(page).locator(f"[data-post-id='{post_id}']")
    post.hover()
    post.get_by_role("button", name="Add reaction").click()
    page.get_by_role("dialog", name="Emoji picker").get_by_role("button", name="tada").click()
    post.get_by_role("button", name="tada 1").wait_for()
    assert [r.emoji_name for r in store.reactions.for_post(post_id)] == ["tada"]
    post.hover()
    post.get_by_role("button", name="Edit").click()
    edit = post.get_by_role("textbox", name="Edit message")
    edit.fill("fixed text")
    edit.press("Enter")
    post_after = messages(page).locator(f"[data-post-id='{post_id}']")
    post_after.get_by_text("fixed text").wait_for()
    post_after.get_by_text("(edited)").wait_for()
    assert store.post_by_id[post_id].message == "fixed text"
    post_after.hover()
    post_after.get_by_role("button", name="Delete").click()
    post_after.get_by_role("alertdialog").get_by_role("button", name="Delete").click()
    messages(page).locator(f"[data-post-id='{post_id}']").get_by_text("(message deleted)").wait_for()
    assert store.post_by_id[post_id].delete_at > 0
    # others' posts offer no edit or delete
    bobs = messages(page).locator(".post", has_text="Anyone for lunch?")
    bobs.hover()
    assert bobs.get_by_role("button", name="Edit").count() == 0


def test_file_attachment_with_an_image_preview(page, server, tmp_path):
    from PIL import Image

    image = tmp_path / "chart.png"
    Image.new("RGB", (300, 200), (30, 120, 200)).save(image)
    sign_in_as(page, "alice")
    box = open_channel(page, "Development")
    page.locator(".center input[type=file]").set_input_files(str(image))
    page.locator(".center .file-chip", has_text="chart.png").first.wait_for()
    box.fill("the chart")
    box.press("Enter")
    post = messages(page).locator(".post", has_text="the chart")
    img = post.get_by_role("img", name="chart.png")
    img.wait_for()
    wait_until(lambda: img.evaluate("i => i.complete && i.naturalWidth > 0"))
    stored = next(p for p in store_of(server).post_by_id.values() if p.message == "the chart")
    assert len(stored.file_ids) == 1


@upstream("server/channels/app/slashcommands/command_echo.go", "DoCommand")
def test_slash_command_autocomplete_and_execution(page, server):
    sign_in_as(page, "alice")
    box = open_channel(page, "Development")
    box.type("/ec")
    listbox = page.get_by_role("listbox", name="Commands")
    listbox.get_by_role("option", name="/echo").wait_for()
    box.press("Tab")
    assert box.input_value() == "/echo "
    box.type("hello from echo")
    box.press("Enter")
    messages(page).locator(".post", has_text="hello from echo").wait_for()


def test_mention_autocomplete_offers_the_channel_members(page, server):
    sign_in_as(page, "alice")
    box = open_channel(page, "Development")
    box.type("thanks @bo")
    page.get_by_role("listbox", name="Users").get_by_role("option", name="@bob").wait_for()
    box.press("Enter")
    assert box.input_value() == "thanks @bob "
    box.type("for the review")
    box.press("Enter")
    messages(page).locator(".post", has_text="thanks @bob for the review").locator(".mention").wait_for()


def test_the_typing_indicator_shows_who_is_typing(page, server):
    sign_in_as(page, "alice")
    open_channel(page, "Development")
    other = page.context.browser.new_context(base_url=page.url.split("/#")[0].rstrip("/"))
    try:
        bob = other.new_page()
        bob.goto("/")
        bob.get_by_role("list", name="Sign in as").get_by_role("button", name=re.compile(r"^bob\b")).click()
        bob_box = open_channel(bob, "Development")
        bob_box.type("hel")
        page.get_by_text("bob is typing...").wait_for()
    finally:
        other.close()


def test_ephemeral_posts_are_shown_only_to_their_user(page, server, api):
    sign_in_as(page, "alice")
    open_channel(page, "Development")
    api().post(
        "/posts/ephemeral",
        json={"user_id": ALICE, "post": {"channel_id": DEV, "message": "only you can see this"}},
    ).raise_for_status()
    post = messages(page).locator(".post.ephemeral", has_text="only you can see this")
    post.wait_for()
    assert post.get_by_text("(Only visible to you)").count() == 1


def test_the_socket_reconnects_and_catches_up(page, server, api):
    sign_in_as(page, "alice")
    open_channel(page, "Development")
    page.locator(".conn-connected").wait_for()
    hub = state_of(server.app).hub
    assert hub.drop(ALICE) >= 1
    api(login_token(server, "bob")).post("/posts", json={"channel_id": DEV, "message": "while you were away"})
    messages(page).get_by_text("while you were away").wait_for()
    page.locator(".conn-connected").wait_for()


# ---- the inspector ----


def test_the_inspector_shows_the_posted_event_with_its_data(page, server):
    sign_in_as(page, "alice")
    box = open_channel(page, "Development")
    page.get_by_role("button", name="Inspector").click()
    inspector = page.get_by_role("complementary", name="Inspector")
    box.fill("watch me in the inspector")
    box.press("Enter")
    inspector.get_by_label("Filter by event").fill("posted")
    row = inspector.locator("li.event[data-event=posted]", has_text="Development").first
    row.wait_for()
    row.locator("summary").click()
    shown = json.loads(row.locator("pre.json").inner_text())
    post = shown["data"]["post"]
    assert post["message"] == "watch me in the inspector" and post["user_id"] == ALICE
    assert shown["broadcast"]["channel_id"] == DEV
    # filtered by a user who did not post, the event is gone
    inspector.get_by_label("Filter by user").fill("bob")
    assert inspector.locator("li.event[data-event=posted]").count() == 0
    inspector.get_by_label("Filter by user").fill("alice")
    inspector.locator("li.event[data-event=posted]").first.wait_for()


def test_the_inspector_browses_data_and_resets_the_server(page, server):
    store = store_of(server)
    sign_in_as(page, "alice")
    box = open_channel(page, "Development")
    box.fill("to be reset away")
    box.press("Enter")
    messages(page).get_by_text("to be reset away").wait_for()
    page.get_by_role("button", name="Inspector").click()
    inspector = page.get_by_role("complementary", name="Inspector")
    inspector.get_by_role("tab", name="Data").click()
    users = inspector.get_by_role("table", name="Users")
    users.get_by_role("cell", name="helperbot", exact=True).wait_for()
    inspector.get_by_role("tab", name="Server").click()
    inspector.get_by_role("button", name="Reset").click()
    page.get_by_role("button", name="Log in").wait_for()
    wait_until(
        lambda: (
            not any(p.message == "to be reset away" for p in state_of(server.app).store.post_by_id.values())
        )
    )
    assert store is not state_of(server.app).store


def test_a_direct_message_to_the_bot_is_answered_there(page, server, bot):
    sign_in_as(page, "alice")
    page.get_by_role("button", name="Write a direct message").click()
    page.get_by_role("list", name="Direct message to").get_by_role("button", name="helperbot").click()
    box = page.get_by_role("textbox", name="Write to helperbot")
    box.wait_for()
    box.fill("ping in private")
    box.press("Enter")
    messages(page).get_by_text("pong from helperbot").wait_for()
    dm = next(c for c in store_of(server).channel_by_id.values() if c.type == "D" and ALICE in c.name)
    assert BOT in dm.name


def test_a_team_joined_while_signed_in_appears_and_switching_shows_its_channels(page, server, api):
    sign_in_as(page, "alice")
    admin = api()
    team = admin.post("/teams", json={"name": "second", "display_name": "Second Team", "type": "O"}).json()
    channel = admin.post(
        "/channels", json={"team_id": team["id"], "name": "plans", "display_name": "Plans", "type": "O"}
    ).json()
    admin.post(
        f"/teams/{team['id']}/members", json={"team_id": team["id"], "user_id": ALICE}
    ).raise_for_status()
    admin.post(f"/channels/{channel['id']}/members", json={"user_id": ALICE}).raise_for_status()
    page.get_by_role("navigation", name="Teams").get_by_role("link", name="Second Team").click()
    open_channel(page, "Plans")
    assert (
        page.get_by_role("navigation", name="Channels").get_by_role("link", name="Development").count() == 0
    )
    page.get_by_role("navigation", name="Teams").get_by_role("link", name="Test Team").click()
    page.get_by_role("navigation", name="Channels").get_by_role("link", name="Development").wait_for()


def test_browse_and_join_a_public_channel(page, server, api):
    admin = api()
    admin.post(
        "/channels",
        json={"team_id": TEAM, "name": "releases", "display_name": "Releases", "type": "O"},
    ).raise_for_status()
    sign_in_as(page, "alice")
    page.get_by_role("button", name="Browse channels").click()
    page.get_by_role("list", name="Channels to join").get_by_role("button", name="Releases").click()
    page.get_by_role("textbox", name="Write to Releases").wait_for()
    releases = next(c for c in store_of(server).channel_by_id.values() if c.name == "releases")
    assert store_of(server).channels.member(releases.id, ALICE) is not None


def test_a_channel_header_changed_through_the_api_updates_live(page, server, api):
    sign_in_as(page, "alice")
    open_channel(page, "Development")
    api().put(f"/channels/{DEV}/patch", json={"header": "Deploys: see **runbook**"}).raise_for_status()
    page.locator(".channel-header strong", has_text="runbook").wait_for()


@upstream("server/channels/api4/user.go", "getThreadsForUser")
def test_the_threads_list_shows_followed_threads_with_new_replies(page, server, api):
    sign_in_as(page, "alice")
    threads = page.get_by_role("button", name=re.compile("^Threads"))
    threads.get_by_label("1 unread threads").wait_for()
    threads.click()
    followed = page.get_by_role("list", name="Followed threads")
    item = followed.get_by_role("button", name=re.compile("Deploy is green"))
    item.wait_for()
    assert "1 new" in item.inner_text()
    item.click()
    page.get_by_role("log", name="Thread messages").get_by_text("Nice work").wait_for()
    # viewing it reads it: the sidebar's count goes
    threads.get_by_label("1 unread threads").wait_for(state="detached")


def test_a_revoked_session_returns_the_tab_to_sign_in(page, server, api):
    sign_in_as(page, "alice")
    box = open_channel(page, "Development")
    api().post(f"/users/{ALICE}/sessions/revoke/all").raise_for_status()
    # Either the post is refused (401) or, first, the tab's socket is closed and its reconnect refused: both
    # return the tab to sign-in; which comes first is a race.
    try:
        box.fill("anyone there?", timeout=3000)
        box.press("Enter", timeout=3000)
    except PlaywrightTimeoutError:
        pass
    page.get_by_role("button", name="Log in").wait_for()
    assert not any(p.message == "anyone there?" for p in store_of(server).post_by_id.values())


def test_the_inspector_journal_snapshot_restore_and_clock(page, server, api):
    state = state_of(server.app)
    sign_in_as(page, "alice")
    box = open_channel(page, "Development")
    box.fill("journal me")
    box.press("Enter")
    messages(page).get_by_text("journal me").wait_for()
    page.get_by_role("button", name="Inspector").click()
    inspector = page.get_by_role("complementary", name="Inspector")
    inspector.get_by_role("tab", name="Requests").click()
    inspector.get_by_label("Filter requests", exact=True).fill("POST /api/v4/posts 201")
    row = inspector.get_by_role("list", name="Requests").locator("li.event").first
    row.wait_for()
    assert "@alice" in row.locator(".target").inner_text()
    row.locator("summary").click()
    entry = json.loads(row.locator("pre.json").inner_text())
    assert entry["body"]["message"] == "journal me" and entry["status"] == 201
    inspector.get_by_role("tab", name="Server").click()
    inspector.get_by_role("button", name="Snapshot", exact=True).click()
    restore = inspector.get_by_role("button", name="Restore snapshot-1")
    restore.wait_for()
    api(login_token(server, "bob")).post("/posts", json={"channel_id": DEV, "message": "after the snapshot"})
    messages(page).get_by_text("after the snapshot").wait_for()
    with page.expect_event("load"):
        restore.click()
    page.get_by_role("textbox", name="Write to Development").wait_for()
    messages(page).get_by_text("journal me").wait_for()
    assert messages(page).get_by_text("after the snapshot").count() == 0
    assert not any(p.message == "after the snapshot" for p in state.store.post_by_id.values())
    page.get_by_role("button", name="Inspector").click()
    inspector.get_by_role("tab", name="Server").click()
    inspector.get_by_role("button", name="Freeze").click()
    inspector.get_by_text("FROZEN").wait_for()
    frozen_at = state.clock.now_ms()
    inspector.get_by_role("button", name="+1 day").click()
    wait_until(lambda: state.clock.now_ms() >= frozen_at + 86_400_000)
