"""Incoming and outgoing webhooks. Upstream: server/channels/api4/webhook.go, web/webhook.go,
app/webhook.go."""

from __future__ import annotations

import json

import httpx
import pytest

from tests.helpers import assert_app_error
from tests.integration_receiver import receiver_fixture  # noqa: F401 - the `receiver` fixture

upstream = pytest.mark.upstream
INCOMING_KEYS = [
    "id",
    "create_at",
    "update_at",
    "delete_at",
    "user_id",
    "channel_id",
    "team_id",
    "display_name",
    "description",
    "username",
    "icon_url",
    "channel_locked",
]
OUTGOING_KEYS = [
    "id",
    "token",
    "create_at",
    "update_at",
    "delete_at",
    "creator_id",
    "channel_id",
    "team_id",
    "trigger_words",
    "trigger_when",
    "callback_urls",
    "display_name",
    "description",
    "content_type",
    "username",
    "icon_url",
]
FORM_KEYS = [
    "channel_id",
    "channel_name",
    "file_ids",
    "post_id",
    "team_domain",
    "team_id",
    "text",
    "timestamp",
    "token",
    "trigger_word",
    "user_id",
    "user_name",
]


@pytest.fixture
def world(mm):
    team = mm.make_team("eng")
    alice = mm.make_user("alice")
    bob = mm.make_user("bob")
    channel = mm.make_channel(team, "builds", members=[alice, bob])
    return team, channel, alice, bob


@pytest.fixture
def hook(mm, world):
    _, channel, _, _ = world
    return mm.client.post("/hooks/incoming", json={"channel_id": channel.id, "display_name": "CI"}).json()


def call_hook(mm, hook_id, **kwargs):
    """An anonymous POST /hooks/{id} (the client shares the in-process transport, so it is not closed)."""
    return httpx.Client(transport=mm._transport).post(f"{mm.url}/hooks/{hook_id}", **kwargs)


def settle(mm):
    """Wait for the outbound integration calls the last requests started."""
    assert mm._state.outbound_pool().wait_idle()


def last_post(mm, channel):
    return mm.posts_in(channel)[-1]


# ---- incoming management -------------------------------------------------------------------------
@upstream("server/channels/api4/webhook.go", "createIncomingHook")
def test_create_incoming_webhook_team_admin_gets_201_unlocked_hook(mm, world):
    team, channel, _, _ = world
    resp = mm.client.post(
        "/hooks/incoming",
        json={
            "channel_id": channel.id,
            "display_name": "CI",
            "username": "ci-bot",
            "icon_url": "https://x/i.png",
        },
    )
    assert resp.status_code == 201
    body = resp.json()
    assert list(body) == INCOMING_KEYS
    assert body["team_id"] == team.id and body["user_id"] == mm.admin.id and body["channel_locked"] is False
    assert body["username"] == "" and body["icon_url"] == ""  # overrides disabled by default: blanked on save


@upstream("server/channels/api4/webhook.go", "createIncomingHook")
def test_create_incoming_webhook_regular_user_is_403(mm, world, login):
    _, channel, alice, _ = world
    resp = login(alice).post("/hooks/incoming", json={"channel_id": channel.id})
    assert_app_error(resp, 403, "api.context.permissions.app_error")


@upstream("server/channels/api4/webhook.go", "createIncomingHook")
def test_create_incoming_webhook_unknown_channel_is_404(mm, world):
    resp = mm.client.post("/hooks/incoming", json={"channel_id": "x" * 26})
    assert_app_error(resp, 404, "app.channel.get.existing.app_error")


@upstream("server/channels/app/webhook.go", "CreateIncomingWebhookForChannel")
def test_create_incoming_webhook_disabled_is_501(mm, world):
    mm.set_config("ServiceSettings.EnableIncomingWebhooks", False)
    resp = mm.client.post("/hooks/incoming", json={"channel_id": world[1].id})
    assert_app_error(resp, 501, "api.incoming_webhook.disabled.app_error")


@upstream("server/channels/api4/webhook.go", "updateIncomingHook")
def test_update_incoming_webhook_answers_201(mm, hook):
    resp = mm.client.put(f"/hooks/incoming/{hook['id']}", json={**hook, "display_name": "Deploys"})
    assert resp.status_code == 201
    assert resp.json()["display_name"] == "Deploys" and resp.json()["update_at"] >= hook["update_at"]


@upstream("server/channels/api4/webhook.go", "updateIncomingHook")
def test_update_incoming_webhook_id_mismatch_is_400(mm, hook):
    resp = mm.client.put(f"/hooks/incoming/{hook['id']}", json={**hook, "id": "y" * 26})
    assert_app_error(resp, 400, "api.context.invalid_body_param.app_error")


@upstream("server/channels/api4/webhook.go", "getIncomingHooks")
def test_get_incoming_webhooks_lists_team_hooks(mm, world, hook):
    team = world[0]
    assert [h["id"] for h in mm.client.get("/hooks/incoming", params={"team_id": team.id}).json()] == [
        hook["id"]
    ]
    other = mm.make_team("other")
    assert mm.client.get("/hooks/incoming", params={"team_id": other.id}).json() == []


@upstream("server/channels/api4/webhook.go", "deleteIncomingHook")
def test_delete_incoming_webhook_then_get_is_404(mm, hook):
    assert mm.client.delete(f"/hooks/incoming/{hook['id']}").json() == {"status": "OK"}
    assert_app_error(
        mm.client.get(f"/hooks/incoming/{hook['id']}"), 404, "app.webhooks.get_incoming.app_error"
    )


# ---- posting to /hooks/{id} ----------------------------------------------------------------------
@upstream("server/channels/web/webhook.go", "incomingWebhook")
def test_incoming_webhook_json_posts_as_hook_owner(mm, world, hook):
    _, channel, _, _ = world
    resp = call_hook(mm, hook["id"], json={"text": "Build <https://ci/1|#1> passed"})
    assert resp.status_code == 200 and resp.text == "ok"
    assert resp.headers["content-type"] == "text/plain"
    post = last_post(mm, channel)
    assert post.user_id == mm.admin.id and post.message == "Build [#1](https://ci/1) passed"
    assert post.props == {"from_webhook": "true", "webhook_display_name": "CI"}
    event = mm.events_named("posted")[-1]
    assert event.data["post"] is post and event.data["set_online"] is False


@upstream("server/channels/web/webhook.go", "incomingWebhook")
def test_incoming_webhook_form_payload_field(mm, world, hook):
    resp = call_hook(mm, hook["id"], data={"payload": json.dumps({"text": "from a form"})})
    assert resp.text == "ok" and last_post(mm, world[1]).message == "from a form"


@upstream("server/channels/web/webhook.go", "incomingWebhook")
def test_incoming_webhook_multipart_fields_use_go_field_names(mm, world, hook):
    resp = call_hook(mm, hook["id"], files={"text": (None, "multi"), "channelname": (None, "off-topic")})
    assert resp.text == "ok"
    off_topic = mm.store.channels.find_by_name(world[0].id, "off-topic")
    assert last_post(mm, off_topic).message == "multi"
    bad = call_hook(mm, hook["id"], files={"text": (None, "x"), "channel": (None, "off-topic")})
    assert_app_error(bad, 400, "web.incoming_webhook.decode.app_error")


@upstream("server/public/model/incoming_webhook.go", "IncomingWebhookRequestFromJSON")
def test_incoming_webhook_tolerates_raw_newlines_in_text(mm, world, hook):
    resp = call_hook(
        mm,
        hook["id"],
        content=b'{"text": "line one\nline two"}',
        headers={"Content-Type": "application/json"},
    )
    assert resp.text == "ok" and last_post(mm, world[1]).message == "line one\nline two"


@upstream("server/channels/app/webhook.go", "HandleIncomingWebhook")
def test_incoming_webhook_channel_by_name_and_hash(mm, world, hook):
    team = world[0]
    mm.make_channel(team, "deploys")
    assert call_hook(mm, hook["id"], json={"text": "a", "channel": "deploys"}).text == "ok"
    assert call_hook(mm, hook["id"], json={"text": "b", "channel": "#town-square"}).text == "ok"
    assert last_post(mm, mm.store.channels.find_by_name(team.id, "deploys")).message == "a"
    assert last_post(mm, mm.store.channels.find_by_name(team.id, "town-square")).message == "b"


@upstream("server/channels/app/webhook.go", "HandleIncomingWebhook")
def test_incoming_webhook_at_username_creates_the_dm(mm, world, hook):
    bob = world[3]
    assert call_hook(mm, hook["id"], json={"text": "psst", "channel": "@bob"}).text == "ok"
    dm = mm.store.channels.find_by_name("", "__".join(sorted([mm.admin.id, bob.id])))
    assert dm is not None and dm.type == "D" and last_post(mm, dm).message == "psst"


@upstream("server/channels/app/webhook.go", "HandleIncomingWebhook")
def test_incoming_webhook_locked_hook_to_other_channel_is_403(mm, world, login):
    _, channel, alice, _ = world
    team = world[0]
    mm.store.teams.set_member_roles(mm.store.teams.member(team.id, alice.id), "team_user team_admin")
    hook = (
        login(alice).post("/hooks/incoming", json={"channel_id": channel.id, "channel_locked": True}).json()
    )
    resp = call_hook(mm, hook["id"], json={"text": "x", "channel": "town-square"})
    assert_app_error(resp, 403, "web.incoming_webhook.general.app_error")


@upstream("server/channels/app/webhook.go", "HandleIncomingWebhook")
def test_incoming_webhook_empty_text_is_400_even_for_an_unknown_hook(mm, world, hook):
    assert_app_error(
        call_hook(mm, hook["id"], json={"text": ""}), 400, "web.incoming_webhook.general.app_error"
    )
    assert_app_error(
        call_hook(mm, "z" * 26, json={"text": "hi"}), 400, "web.incoming_webhook.general.app_error"
    )


@upstream("server/channels/web/webhook.go", "incomingWebhook")
def test_incoming_webhook_bad_json_is_400_decode(mm, hook):
    resp = call_hook(mm, hook["id"], content=b'{"text": 5}', headers={"Content-Type": "application/json"})
    assert_app_error(resp, 400, "web.incoming_webhook.decode.app_error")


@upstream("server/channels/app/webhook.go", "HandleIncomingWebhook")
def test_incoming_webhook_disabled_is_501(mm, hook):
    mm.set_config("ServiceSettings.EnableIncomingWebhooks", False)
    assert_app_error(
        call_hook(mm, hook["id"], json={"text": "x"}), 501, "web.incoming_webhook.general.app_error"
    )


@upstream("server/channels/app/webhook.go", "CreateWebhookPost")
def test_incoming_webhook_overrides_only_when_enabled(mm, world, hook):
    channel = world[1]
    call_hook(mm, hook["id"], json={"text": "a", "username": "robot", "icon_url": "https://x/i.png"})
    assert "override_username" not in last_post(mm, channel).props
    mm.set_config("ServiceSettings.EnablePostUsernameOverride", True)
    mm.set_config("ServiceSettings.EnablePostIconOverride", True)
    call_hook(mm, hook["id"], json={"text": "b", "username": "robot", "icon_url": "https://x/i.png"})
    props = last_post(mm, channel).props
    assert props["override_username"] == "robot" and props["override_icon_url"] == "https://x/i.png"
    assert mm.events_named("posted")[-1].data["sender_name"] == "robot"
    call_hook(mm, hook["id"], json={"text": "c"})
    assert last_post(mm, channel).props["override_username"] == "webhook"


@upstream("server/public/model/slack_attachment.go", "ParseSlackAttachment")
def test_incoming_webhook_attachments_without_text(mm, world, hook):
    resp = call_hook(
        mm,
        hook["id"],
        json={
            "attachments": [
                {
                    "text": "see <https://x|here>",
                    "fields": [{"title": "n", "value": 5, "short": "true"}],
                    "junk": 1,
                }
            ]
        },
    )
    assert resp.text == "ok"
    post = last_post(mm, world[1])
    assert post.type == "slack_attachment" and post.message == ""
    [attachment] = post.props["attachments"]
    assert attachment["text"] == "see [here](https://x)" and "junk" not in attachment
    assert attachment["fields"] == [{"title": "n", "value": "5", "short": True}]
    assert attachment["ts"] is None and attachment["id"] == 0


@upstream("server/channels/app/post.go", "handlePostEvents")
def test_incoming_webhook_posts_do_not_fire_outgoing_webhooks(mm, world, hook, receiver):
    team, channel, _, _ = world
    url = receiver.reply("/out", json_body={"text": "pong"})
    mm.client.post(
        "/hooks/outgoing", json={"team_id": team.id, "channel_id": channel.id, "callback_urls": [url]}
    )
    call_hook(mm, hook["id"], json={"text": "from a hook"})
    settle(mm)
    assert receiver.requests == []


# ---- outgoing ------------------------------------------------------------------------------------
def make_outgoing(mm, team, url, **fields):
    resp = mm.client.post(
        "/hooks/outgoing", json={"team_id": team.id, "callback_urls": [url], "display_name": "Out", **fields}
    )
    assert resp.status_code == 201, resp.text
    return resp.json()


@upstream("server/channels/api4/webhook.go", "createOutgoingHook")
def test_create_outgoing_webhook_201(mm, world):
    team, channel, _, _ = world
    body = make_outgoing(mm, team, "https://example.com/x", channel_id=channel.id, trigger_words=["go"])
    assert list(body) == OUTGOING_KEYS
    assert len(body["token"]) == 26 and body["creator_id"] == mm.admin.id and body["trigger_when"] == 0


@upstream("server/channels/app/webhook.go", "CreateOutgoingWebhook")
def test_create_outgoing_webhook_without_channel_or_triggers_is_400(mm, world):
    resp = mm.client.post(
        "/hooks/outgoing", json={"team_id": world[0].id, "callback_urls": ["https://e.com/x"]}
    )
    assert_app_error(resp, 400, "api.webhook.create_outgoing.triggers.app_error")


@upstream("server/channels/app/webhook.go", "CreateOutgoingWebhook")
def test_create_outgoing_webhook_private_channel_is_403(mm, world):
    team = world[0]
    private = mm.make_channel(team, "secret", channel_type="P")
    resp = mm.client.post(
        "/hooks/outgoing",
        json={"team_id": team.id, "channel_id": private.id, "callback_urls": ["https://e.com/x"]},
    )
    assert_app_error(resp, 403, "api.outgoing_webhook.disabled.app_error")


@upstream("server/channels/api4/webhook.go", "createOutgoingHook")
def test_create_outgoing_webhook_regular_user_is_403(mm, world, login):
    team, _, alice, _ = world
    resp = login(alice).post(
        "/hooks/outgoing",
        json={"team_id": team.id, "trigger_words": ["x"], "callback_urls": ["https://e.com/x"]},
    )
    assert_app_error(resp, 403, "api.context.permissions.app_error")


@upstream("server/channels/app/webhook.go", "RegenOutgoingWebhookToken")
def test_regen_outgoing_hook_token(mm, world):
    hook = make_outgoing(mm, world[0], "https://e.com/x", trigger_words=["go"])
    resp = mm.client.post(f"/hooks/outgoing/{hook['id']}/regen_token")
    assert (
        resp.status_code == 200 and resp.json()["token"] != hook["token"] and len(resp.json()["token"]) == 26
    )


@upstream("server/channels/app/webhook.go", "TriggerWebhook")
def test_outgoing_webhook_form_payload_and_comment_reply(mm, world, login, receiver):
    team, channel, alice, _ = world
    url = receiver.reply("/out", json_body={"text": "pong", "response_type": "comment"})
    hook = make_outgoing(mm, team, url, channel_id=channel.id, trigger_words=["ping"])
    post = login(alice).post("/posts", json={"channel_id": channel.id, "message": "ping now"}).json()
    [request] = receiver.wait(1)
    assert request.headers["content-type"] == "application/x-www-form-urlencoded"
    assert request.headers["accept"] == "application/json"
    assert [k for k, _ in (p.split("=") for p in request.body.decode().split("&"))] == FORM_KEYS
    form = {k: v[0] for k, v in request.form.items()}
    assert form["token"] == hook["token"] and form["trigger_word"] == "ping" and form["user_name"] == "alice"
    assert form["timestamp"] == str(post["create_at"] // 1000) and form["team_domain"] == "eng"
    assert form["text"] == "ping now" and form["file_ids"] == "" and form["post_id"] == post["id"]
    settle(mm)
    reply = last_post(mm, channel)
    assert reply.message == "pong" and reply.root_id == post["id"] and reply.user_id == mm.admin.id
    assert reply.props == {"from_webhook": "true", "webhook_display_name": "Out"}


@upstream("server/channels/app/webhook.go", "TriggerWebhook")
def test_outgoing_webhook_json_payload_has_timestamp_in_ms(mm, world, login, receiver):
    team, channel, alice, _ = world
    url = receiver.reply("/out", text="")
    make_outgoing(
        mm, team, url, channel_id=channel.id, trigger_words=["ping"], content_type="application/json"
    )
    post = login(alice).post("/posts", json={"channel_id": channel.id, "message": "ping"}).json()
    [request] = receiver.wait(1)
    assert request.headers["content-type"] == "application/json"
    assert request.json["timestamp"] == post["create_at"] and list(request.json)[0] == "token"


@upstream("server/channels/app/webhook.go", "handleWebhookEvents")
def test_outgoing_webhook_trigger_when_rules(mm, world, login, receiver):
    team, channel, alice, _ = world
    exact = receiver.reply("/exact", text="")
    prefix = receiver.reply("/prefix", text="")
    make_outgoing(mm, team, exact, trigger_words=["deploy"])
    make_outgoing(mm, team, prefix, trigger_words=["dep"], trigger_when=1)
    client = login(alice)
    client.post("/posts", json={"channel_id": channel.id, "message": "deployment started"})
    client.post("/posts", json={"channel_id": channel.id, "message": "Deploy please"})
    client.post("/posts", json={"channel_id": channel.id, "message": "deploy now"})
    settle(mm)
    paths = sorted(r.path for r in receiver.requests)
    assert paths == ["/exact", "/prefix", "/prefix"]


@upstream("server/channels/app/webhook.go", "handleWebhookEvents")
def test_outgoing_webhook_channel_hook_without_triggers_fires_on_every_post(mm, world, login, receiver):
    team, channel, alice, _ = world
    url = receiver.reply("/all", text="")
    make_outgoing(mm, team, url, channel_id=channel.id)
    login(alice).post("/posts", json={"channel_id": channel.id, "message": "anything at all"})
    [request] = receiver.wait(1)
    assert request.form["trigger_word"] == [""]


@upstream("server/channels/app/webhook.go", "handleWebhookEvents")
def test_outgoing_webhook_ignores_private_channels(mm, world, receiver):
    team = world[0]
    url = receiver.reply("/out", text="")
    make_outgoing(mm, team, url, trigger_words=["ping"])
    private = mm.make_channel(team, "secret", channel_type="P")
    mm.make_post(mm.admin, private, "ping")
    settle(mm)
    assert receiver.requests == []
