"""Webhook, command and attachment rules in the store, without HTTP.

Upstream: app/webhook.go, model/outgoing_webhook.go, model/slack_attachment.go, model/integration_action.go,
app/command.go.
"""

from __future__ import annotations

import pytest

from mockmost.errors import AppError
from mockmost.store import attachments as slack
from mockmost.store.commands import CommandArgs

upstream = pytest.mark.upstream


@pytest.fixture
def setup(world):
    admin = world.user("admin", roles="system_admin system_user")
    team = world.team(admin, "eng")
    channel = world.channel(team, admin, "general")
    return world.store, admin, team, channel


def outgoing(store, admin, team, **fields):
    base = {
        "id": "",
        "token": "",
        "creator_id": admin.id,
        "channel_id": "",
        "team_id": team.id,
        "display_name": "",
        "description": "",
        "content_type": "",
        "username": "",
        "icon_url": "",
        "trigger_words": [],
        "trigger_when": 0,
        "callback_urls": ["https://example.com/hook"],
    }
    return store.webhooks.create_outgoing({**base, **fields})


@upstream("server/channels/app/webhook.go", "handleWebhookEvents")
def test_match_outgoing_exact_prefix_and_channel_hooks(setup, world):
    store, admin, team, channel = setup
    exact = outgoing(store, admin, team, trigger_words=["build"])
    prefix = outgoing(
        store, admin, team, trigger_words=["dep"], trigger_when=1, callback_urls=["https://example.com/2"]
    )
    every = outgoing(store, admin, team, channel_id=channel.id, callback_urls=["https://example.com/3"])
    hooks, word = store.webhooks.match_outgoing(world.post(admin, channel, "  build  now"), channel)
    assert hooks == [exact, every] and word == ""
    hooks, word = store.webhooks.match_outgoing(world.post(admin, channel, "deploying"), channel)
    assert hooks == [prefix, every]
    hooks, _ = store.webhooks.match_outgoing(world.post(admin, channel, "Build"), channel)
    assert hooks == [every]


@upstream("server/channels/app/webhook.go", "CreateOutgoingWebhook")
def test_create_outgoing_intersecting_hook_is_500(setup):
    store, admin, team, _ = setup
    outgoing(store, admin, team, trigger_words=["a", "b"])
    with pytest.raises(AppError) as err:
        outgoing(store, admin, team, trigger_words=["b"])
    assert (err.value.id, err.value.status) == ("api.webhook.create_outgoing.intersect.app_error", 500)


@upstream("server/public/model/outgoing_webhook.go", "IsValid")
def test_create_outgoing_bad_callback_url_is_400(setup):
    store, admin, team, _ = setup
    with pytest.raises(AppError) as err:
        outgoing(store, admin, team, trigger_words=["a"], callback_urls=["ftp://x"])
    assert (err.value.id, err.value.status) == ("model.outgoing_hook.is_valid.url.app_error", 400)


@upstream("server/channels/app/post.go", "handlePostEvents")
def test_webhook_posts_and_system_posts_do_not_trigger(setup, world):
    store, admin, _, channel = setup
    user_post = world.post(admin, channel, "hello")
    hook_post = store.webhooks.create_webhook_post(admin.id, channel, "from hook")
    system_post = store.posts.find(store.channel_posts[channel.id].ids()[0])
    assert store.webhooks.triggers_webhooks(user_post)
    assert not store.webhooks.triggers_webhooks(hook_post)
    assert system_post.type.startswith("system_") and not store.webhooks.triggers_webhooks(system_post)


@upstream("server/channels/app/webhook.go", "SplitWebhookPost")
def test_long_webhook_text_is_split_into_posts(setup):
    store, admin, _, channel = setup
    first = store.webhooks.create_webhook_post(admin.id, channel, "x" * 16383 + "tail")
    posts = [store.post_by_id[p] for p in store.channel_posts[channel.id].ids()][-2:]
    assert posts[0] is first and len(first.message) == 16383 and posts[1].message == "tail"


@upstream("server/public/model/slack_attachment.go", "StringifySlackFieldValue")
@pytest.mark.parametrize(
    ("value", "text"),
    [(5, "5"), (1.5, "1.5"), (100000000, "1e+08"), (123456, "123456"), (True, "true"), ("s", "s")],
)
def test_field_values_become_go_formatted_strings(value, text):
    [attachment] = slack.stringify_field_values(slack.decode_attachments([{"fields": [{"value": value}]}]))
    assert attachment["fields"][0]["value"] == text


@upstream("server/public/model/post.go", "Attachments")
def test_post_attachments_skip_undecodable_items():
    decoded = slack.post_attachments([{"text": 1}, None, {"Text": "case-insensitive", "actions": [None]}])
    assert len(decoded) == 1 and decoded[0]["text"] == "case-insensitive" and "actions" not in decoded[0]
    with pytest.raises(slack.DecodeError):
        slack.decode_attachments([{"id": "1"}])


@upstream("server/public/model/integration_action.go", "DecodeAndVerifyTriggerId")
def test_trigger_ids_verify_and_expire(setup):
    store, admin, _, _ = setup
    client_id, trigger_id = store.commands.new_trigger_id(admin.id)
    assert store.commands.verify_trigger_id(trigger_id, 30) == (client_id, admin.id)
    with pytest.raises(AppError) as err:
        store.commands.verify_trigger_id(trigger_id, -1)
    assert err.value.id == "interactive_message.decode_trigger_id.expired"


@upstream("server/channels/app/webhook.go", "HandleCommandWebhook")
def test_command_webhook_allows_five_uses(setup):
    store, admin, team, channel = setup
    cmd = store.commands.create(
        {
            "id": "",
            "token": "",
            "creator_id": admin.id,
            "team_id": team.id,
            "trigger": "t",
            "method": "P",
            "username": "",
            "icon_url": "",
            "auto_complete": False,
            "auto_complete_desc": "",
            "auto_complete_hint": "",
            "display_name": "",
            "description": "",
            "url": "https://example.com",
            "plugin_id": "",
        }
    )
    hook = store.commands.create_webhook(cmd, CommandArgs(admin, channel.id, team.id, "", "/t", ""))
    for _ in range(5):
        store.commands.use_webhook(hook.id)
    with pytest.raises(AppError) as err:
        store.commands.use_webhook(hook.id)
    assert (err.value.id, err.value.status) == ("app.command_webhook.try_use.invalid", 400)
