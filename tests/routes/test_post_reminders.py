"""Post reminders and acknowledgements over HTTP. Upstream: server/channels/api4/post.go (setPostReminder,
acknowledgePost, unacknowledgePost), app/post.go SetPostReminder."""

from __future__ import annotations

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
