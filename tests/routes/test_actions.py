"""Interactive message actions and dialogs. Upstream: server/channels/api4/integration_action.go,
app/integration_action.go, model/integration_action.go."""

from __future__ import annotations

import json

import pytest

from mockmost.ids import is_valid_id
from tests.helpers import assert_app_error
from tests.integration_receiver import receiver_fixture  # noqa: F401 - the `receiver` fixture

upstream = pytest.mark.upstream
ACTION_REQUEST_KEYS = [
    "user_id",
    "user_name",
    "channel_id",
    "channel_name",
    "team_id",
    "team_domain",
    "post_id",
    "trigger_id",
    "type",
    "data_source",
    "context",
]


@pytest.fixture
def world(mm):
    team = mm.make_team("eng")
    alice = mm.make_user("alice")
    bot, _ = mm.make_bot("helper")
    channel = mm.make_channel(team, "general", members=[alice, mm.store.users.get(bot.id)])
    return team, channel, alice, bot


def post_with_actions(mm, author, channel, url, **action):
    props = {
        "attachments": [
            {
                "text": "Pick",
                "actions": [{"name": "Go", "integration": {"url": url, "context": {"step": 1}}, **action}],
            }
        ]
    }
    return mm.store.posts.create(author, channel, {"message": "choose", "props": props})


def action_id(post):
    return post.props["attachments"][0]["actions"][0]["id"]


@upstream("server/public/model/integration_action.go", "GenerateActionIds")
def test_actions_get_ids_and_clients_never_see_the_integration(mm, world, login):
    _, channel, alice, bot = world
    post = post_with_actions(mm, bot, channel, "https://example.com/act")
    assert is_valid_id(action_id(post))
    assert post.props["attachments"][0]["actions"][0]["integration"]["url"] == "https://example.com/act"
    served = login(alice).get(f"/posts/{post.id}").json()
    assert served["props"]["attachments"][0]["actions"] == [{"id": action_id(post), "name": "Go"}]


@upstream("server/channels/app/integration_action.go", "DoPostActionWithCookie")
def test_do_post_action_calls_integration_and_applies_update_and_ephemeral(mm, world, login, receiver):
    _, channel, alice, bot = world
    url = receiver.reply(
        "/act",
        json_body={
            "update": {"message": "done", "props": {}},
            "ephemeral_text": "You clicked <https://x|it>",
        },
    )
    post = post_with_actions(mm, bot, channel, url)
    resp = login(alice).post(f"/posts/{post.id}/actions/{action_id(post)}", json={})
    assert resp.status_code == 200
    assert list(resp.json()) == ["status", "trigger_id"] and resp.json()["status"] == "OK"
    assert is_valid_id(resp.json()["trigger_id"])
    [request] = receiver.requests
    assert request.headers["content-type"] == "application/json"
    assert list(request.json) == ACTION_REQUEST_KEYS
    assert request.json["user_name"] == "alice" and request.json["team_domain"] == "eng"
    assert request.json["context"] == {"step": 1} and request.json["post_id"] == post.id
    updated = mm.store.posts.find(post.id)
    assert updated.message == "done" and updated.props == {}  # from_bot is not a retained prop
    assert mm.events_named("post_edited")[-1].data["post"].message == "done"
    ephemeral = mm.events_named("ephemeral_message")[-1]
    assert ephemeral.broadcast.user_id == alice.id
    assert ephemeral.data["post"].message == "You clicked [it](https://x)"
    assert ephemeral.data["post"].root_id == post.id


@upstream("server/channels/app/integration_action.go", "DoPostActionWithCookie")
def test_do_post_action_select_sends_selected_option(mm, world, login, receiver):
    _, channel, alice, bot = world
    url = receiver.reply("/act", text="")
    post = post_with_actions(mm, bot, channel, url, type="select", data_source="users")
    login(alice).post(f"/posts/{post.id}/actions/{action_id(post)}", json={"selected_option": "opt1"})
    [request] = receiver.requests
    assert request.json["type"] == "select" and request.json["data_source"] == "users"
    assert request.json["context"] == {"step": 1, "selected_option": "opt1"}


@upstream("server/channels/app/integration_action.go", "DoPostActionWithCookie")
def test_do_post_action_unknown_action_is_404(mm, world, login):
    _, channel, alice, bot = world
    post = post_with_actions(mm, bot, channel, "https://example.com/act")
    resp = login(alice).post(f"/posts/{post.id}/actions/nosuchaction", json={})
    assert_app_error(resp, 404, "api.post.do_action.action_id.app_error")


@upstream("server/channels/app/integration_action.go", "DoActionRequest")
def test_do_post_action_integration_failure_is_400(mm, world, login, receiver):
    _, channel, alice, bot = world
    post = post_with_actions(mm, bot, channel, receiver.reply("/act", status=500, text="no"))
    resp = login(alice).post(f"/posts/{post.id}/actions/{action_id(post)}", json={})
    assert_app_error(resp, 400, "api.post.do_action.action_integration.app_error")


@upstream("server/channels/api4/integration_action.go", "doPostAction")
def test_do_post_action_without_read_channel_is_403(mm, world, login):
    team, channel, _, bot = world
    outsider = mm.make_user("carol")
    mm.store.teams.join(team, outsider)
    post = post_with_actions(mm, bot, channel, "https://example.com/act")
    resp = login(outsider).post(f"/posts/{post.id}/actions/{action_id(post)}", json={})
    assert_app_error(resp, 403, "api.context.permissions.app_error")


@upstream("server/channels/app/post.go", "SendEphemeralPost")
def test_ephemeral_post_actions_work_through_their_cookie(mm, world, login, receiver):
    _, channel, alice, _ = world
    url = receiver.reply("/act", json_body={"ephemeral_text": "clicked"})
    props = {"attachments": [{"actions": [{"name": "Go", "integration": {"url": url}}]}]}
    ephemeral = mm.store.commands.send_ephemeral(alice.id, channel.id, "pick", props=props)
    action = ephemeral.props["attachments"][0]["actions"][0]
    resp = login(alice).post(
        f"/posts/{ephemeral.id}/actions/{action['id']}", json={"cookie": action["cookie"]}
    )
    assert resp.status_code == 200 and receiver.requests[0].json["post_id"] == ephemeral.id
    tampered = login(alice).post(
        f"/posts/{ephemeral.id}/actions/{action['id']}", json={"cookie": "x" + action["cookie"]}
    )
    assert_app_error(tampered, 400, "api.post.do_action.action_integration.app_error")


# ---- dialogs -------------------------------------------------------------------------------------
@upstream("server/channels/app/integration_action.go", "OpenInteractiveDialog")
def test_open_dialog_with_the_trigger_id_an_action_sent(mm, world, login, receiver, anon):
    _, channel, alice, bot = world
    post = post_with_actions(mm, bot, channel, receiver.reply("/act", text=""))
    client_trigger = (
        login(alice).post(f"/posts/{post.id}/actions/{action_id(post)}", json={}).json()["trigger_id"]
    )
    trigger_id = receiver.requests[0].json["trigger_id"]
    dialog = {"callback_id": "cb", "title": "Vote", "elements": []}
    resp = anon.post(
        "/actions/dialogs/open", json={"trigger_id": trigger_id, "url": "https://e.com/d", "dialog": dialog}
    )
    assert resp.json() == {"status": "OK"}
    event = mm.events_named("open_dialog")[-1]
    assert event.broadcast.user_id == alice.id
    assert json.loads(event.data["dialog"]) == {
        "trigger_id": client_trigger,
        "url": "https://e.com/d",
        "dialog": dialog,
    }


@upstream("server/public/model/integration_action.go", "DecodeAndVerifyTriggerId")
def test_open_dialog_bad_trigger_id_is_400(mm, anon):
    resp = anon.post("/actions/dialogs/open", json={"trigger_id": "bm9wZQ==", "url": "https://e.com/d"})
    assert_app_error(resp, 400, "interactive_message.decode_trigger_id.missing_data")
    assert_app_error(
        anon.post("/actions/dialogs/open", json={"trigger_id": "x"}),
        400,
        "api.context.invalid_body_param.app_error",
    )


@upstream("server/channels/app/integration_action.go", "SubmitInteractiveDialog")
def test_submit_dialog_forwards_submission_and_returns_errors(mm, world, login, receiver):
    team, channel, alice, _ = world
    url = receiver.reply("/dialog", json_body={"errors": {"name": "too short"}, "junk": 1})
    resp = login(alice).post(
        "/actions/dialogs/submit",
        json={
            "url": url,
            "callback_id": "cb",
            "state": "s",
            "channel_id": channel.id,
            "team_id": team.id,
            "submission": {"name": "x"},
        },
    )
    assert resp.status_code == 200 and resp.json() == {"errors": {"name": "too short"}}
    sent = receiver.requests[0].json
    assert sent == {
        "type": "dialog_submission",
        "callback_id": "cb",
        "state": "s",
        "user_id": alice.id,
        "channel_id": channel.id,
        "team_id": team.id,
        "submission": {"name": "x"},
        "cancelled": False,
    }


@upstream("server/channels/api4/integration_action.go", "submitDialog")
def test_submit_dialog_other_team_is_403(mm, world, login):
    _, channel, alice, _ = world
    other = mm.make_team("other")
    resp = login(alice).post(
        "/actions/dialogs/submit",
        json={"url": "https://e.com/d", "channel_id": channel.id, "team_id": other.id},
    )
    assert_app_error(resp, 403, "api.context.permissions.app_error")


@upstream("server/channels/api4/integration_action.go", "lookupDialog")
def test_lookup_dialog_posts_a_dialog_lookup_and_answers_the_items(world, receiver, login):
    team, channel, alice, _ = world
    url = receiver.reply("/lookup", json_body={"items": [{"text": "One", "value": "1"}], "junk": 1})
    resp = login(alice).post(
        "/actions/dialogs/lookup",
        json={
            "url": url,
            "callback_id": "cb",
            "channel_id": channel.id,
            "team_id": team.id,
            "submission": {"query": "on", "selected_field": "pick"},
        },
    )
    assert resp.status_code == 200 and resp.json() == {"items": [{"text": "One", "value": "1"}]}
    sent = receiver.requests[0].json
    assert sent["type"] == "dialog_lookup" and sent["user_id"] == alice.id and "url" not in sent
    bad = login(alice).post("/actions/dialogs/lookup", json={"url": "ftp://x", "channel_id": channel.id})
    assert_app_error(bad, 400, "api.context.invalid_body_param.app_error")
