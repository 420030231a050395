"""Post reminders without HTTP. Upstream: app/post.go (SetPostReminder, CheckPostReminders),
app/bot.go GetOrCreateSystemOwnedBot."""

from __future__ import annotations

import pytest

upstream = pytest.mark.upstream


@pytest.fixture
def room(world, store):
    alice, bob = world.user("alice"), world.user("bob")
    team = world.team(alice)
    store.teams.join(team, bob)
    channel = world.channel(team, alice, "room")
    store.channels.add_member(channel, bob, bob)
    return alice, bob, None, team, channel


@upstream("server/channels/app/post.go", "CheckPostReminders")
def test_due_reminder_is_sent_by_system_bot_in_a_dm(world, store, room):
    alice, bob, _, team, channel = room
    store.users.set_roles(alice, "system_user system_admin")
    post = world.post(bob, channel, "look later")
    store.reminders.set(post, alice.id, 1000, "http://mm")
    assert store.reminders.fire_due(999) == []
    (sent,) = store.reminders.fire_due(1000, "http://mm")
    bot = store.users.get_by_username("system-bot")
    assert bot.is_bot and bot.first_name == "System" and sent.user_id == bot.id
    assert sent.type == "reminder" and sent.props["post_id"] == post.id and sent.props["from_bot"] == "true"
    assert (
        sent.message
        == f"Hi there, here's your reminder about this message from @bob: http://mm/{team.name}/pl/{post.id}"
    )
    assert store.channel_by_id[sent.channel_id].type == "D" and store.post_reminders == {}
