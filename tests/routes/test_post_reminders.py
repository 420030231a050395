"""Post reminders and acknowledgements over HTTP. Upstream: server/channels/api4/post.go (setPostReminder,
acknowledgePost, unacknowledgePost), app/post.go SetPostReminder."""

from __future__ import annotations

import json

import pytest

from tests.helpers import assert_app_error

upstream = pytest.mark.upstream


@pytest.fixture
def room(mm, login):
    alice, bob = mm.make_user("alice"), mm.make_user("bob")
    team = mm.make_team("crew", members=[alice, bob])
    channel = mm.make_channel(team, members=[alice, bob])
    post = mm.make_post(bob, channel, "remember me")
    return alice, bob, team, channel, post, login(alice)


@upstream("server/channels/app/post.go", "SetPostReminder")
def test_set_post_reminder_saves_and_sends_ephemeral_ack(mm, room):
    alice, _, _, channel, post, client = room
    resp = client.post(f"/users/{alice.id}/posts/{post.id}/reminder", json={"target_time": 1533081600})
    assert resp.status_code == 200 and resp.json() == {"status": "OK"}
    assert mm.store.post_reminders[(post.id, alice.id)].target_time == 1533081600
    (event,) = mm.events_named("ephemeral_message")
    ack = event.data["post"]
    assert event.broadcast.user_id == alice.id and ack.root_id == post.id and ack.channel_id == channel.id
    assert ack.type == "system_ephemeral" and ack.props["type"] == "reminder"
    assert ack.message.endswith("/crew/pl/" + post.id + " by @bob at 01 Aug 18 00:00 UTC")


@upstream("server/channels/api4/post.go", "setPostReminder")
def test_set_post_reminder_errors(mm, room, login):
    alice, bob, _, _, post, client = room
    assert_app_error(
        client.post(f"/users/{alice.id}/posts/{post.id}/reminder", content=b""),
        400,
        "api.context.invalid_body_param.app_error",
    )
    assert_app_error(
        client.post(f"/users/{alice.id}/posts/{post.id}/reminder", json={"target_time": "soon"}),
        400,
        "api.context.invalid_body_param.app_error",
    )
    assert_app_error(
        client.post(f"/users/{bob.id}/posts/{post.id}/reminder", json={"target_time": 1}),
        403,
        "api.context.permissions.app_error",
    )
    outsider = mm.make_user("outsider")
    assert_app_error(
        login(outsider).post(f"/users/{outsider.id}/posts/{post.id}/reminder", json={"target_time": 1}),
        403,
        "api.context.permissions.app_error",
    )


@upstream("server/channels/api4/post.go", "acknowledgePost")
def test_acknowledgements_need_a_licence(room):
    alice, _, _, _, post, client = room
    resp = client.post(f"/users/{alice.id}/posts/{post.id}/ack")
    assert resp.status_code == 501 and resp.json()["id"] == "<untranslated>"
    assert_app_error(
        client.delete(f"/users/{alice.id}/posts/{post.id}/ack"), 501, "license_error.feature_unavailable"
    )


@upstream("server/channels/api4/post.go", "setPostReminder")
@pytest.mark.parametrize("target", [2**63, 2**62, -(2**62)])
def test_set_post_reminder_extreme_times_never_crash(room, target):
    alice, _, _, _, post, client = room
    resp = client.post(f"/users/{alice.id}/posts/{post.id}/reminder", json={"target_time": target})
    assert resp.status_code == (400 if target >= 2**63 else 200)


@upstream("server/channels/app/server.go", "runPostReminderJob")
def test_post_reminder_job_on_demand(mm, room):
    alice, _, _, _, post, client = room
    client.post(f"/users/{alice.id}/posts/{post.id}/reminder", json={"target_time": 1533081600})
    # The real server checks every 5 minutes; tests run the job now, through the facade or the control API.
    assert mm.run_post_reminders() == 1
    assert mm.run_post_reminders() == 0
    client.post(f"/users/{alice.id}/posts/{post.id}/reminder", json={"target_time": 1533081600})
    control = mm.client_for(None).post(mm.url + "/__mockmost__/jobs/post_reminders")
    assert control.json() == {"status": "OK", "sent": 1}
    reminders = [e.data["post"] for e in mm.events_named("posted") if e.data["post"].type == "reminder"]
    assert len(reminders) == 2 and all(p.props["post_id"] == post.id for p in reminders)


def _rendered(mm, event):
    from mockmost.ws.render import render_data

    return json.loads(render_data(mm.store, event, None, event.broadcast.user_id)["post"])


@upstream("server/channels/app/post.go", "SendEphemeralPost")
def test_reminder_ack_previews_the_permalinked_post(mm, room):
    """The ack is made, never read back: reply count 0, file_ids null; its permalink is previewed
    (getEmbedsAndImages) with the post as read and its channel and team."""
    alice, bob, team, channel, post, client = room
    mm.make_post(alice, channel, "a reply", root=post)
    client.post(f"/users/{alice.id}/posts/{post.id}/reminder", json={"target_time": 4102444800})
    ack = _rendered(mm, mm.events_named("ephemeral_message")[-1])
    assert (ack["reply_count"], ack["file_ids"], ack["root_id"]) == (0, None, post.id)
    (embed,) = ack["metadata"]["embeds"]
    assert embed["type"] == "permalink"
    data = embed["data"]
    assert (data["post_id"], data["team_name"], data["channel_id"]) == (post.id, team.name, channel.id)
    assert (data["channel_display_name"], data["channel_type"]) == (channel.display_name, channel.type)
    assert data["post"]["message"] == "remember me" and data["post"]["reply_count"] == 1


@upstream("server/channels/app/post_metadata.go", "getEmbedForPost")
def test_reminder_ack_without_permalink_previews(mm, room):
    alice, _, _, _, post, client = room
    mm.set_config("ServiceSettings.EnablePermalinkPreviews", False)
    client.post(f"/users/{alice.id}/posts/{post.id}/reminder", json={"target_time": 4102444800})
    assert _rendered(mm, mm.events_named("ephemeral_message")[-1])["metadata"] == {}


@upstream("server/channels/app/post.go", "SendEphemeralPost")
def test_ephemeral_post_permalink_preview_only_for_a_reader(mm, room, login):
    """SanitizePostMetadataForUser: the target must be able to read the previewed post's channel."""
    alice, bob, team, channel, post, _ = room
    outsider = mm.make_user("outsider")
    mm.make_team("other", members=[outsider])
    mm.set_config("ServiceSettings.SiteURL", "https://chat.example.com")
    link = f"https://chat.example.com/{team.name}/pl/{post.id}"
    for target, previewed in ((alice, True), (outsider, False)):
        body = {"user_id": target.id, "post": {"channel_id": channel.id, "message": f"see {link}"}}
        resp = mm.client.post("/posts/ephemeral", json=body)
        assert resp.status_code == 201, resp.text
        assert resp.json()["file_ids"] is None
        embeds = _rendered(mm, mm.events_named("ephemeral_message")[-1])["metadata"].get("embeds")
        assert (embeds is not None) == previewed
