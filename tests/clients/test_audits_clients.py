"""Audits read with mattermostdriver (PyPI) on a real socket after a few audited actions. The rows, their
texts and their order are those the real 11.2 wrote in tests/parity/snapshots/audits_basic.json
(web/context.go LogAudit: the action is the request path, the user and session the caller's)."""

from __future__ import annotations

import pytest
from mattermostdriver import Driver
from mattermostdriver import exceptions as errors

upstream = pytest.mark.upstream


@pytest.fixture
def alice(mock_mattermost):
    return mock_mattermost.make_user("alice", password="alice-password1")


@pytest.fixture
def alice_driver(mock_mattermost, alice):
    driver = Driver(mock_mattermost.driver_options(login_id="alice", password="alice-password1"))
    driver.login()
    return driver


def _rows(audits):
    return [(a["action"], a["extra_info"]) for a in audits]


@upstream("server/channels/api4/user.go", "getUserAudits")
def test_a_users_actions_are_audited_newest_first(mock_mattermost, alice, alice_driver):
    team = mock_mattermost.make_team(creator=alice)
    channel = mock_mattermost.make_channel(team, creator=alice)
    alice_driver.users.patch_user(alice.id, options={"nickname": "Al"})
    with pytest.raises(errors.InvalidOrMissingParameters):
        alice_driver.users.update_user_password(
            alice.id, options={"current_password": "wrong-password", "new_password": "new-password1"}
        )
    alice_driver.users.update_user_password(
        alice.id, options={"current_password": "alice-password1", "new_password": "new-password1"}
    )
    hook = alice_driver.webhooks.create_incoming_hook(options={"channel_id": channel.id})

    audits = alice_driver.users.get_user_audits(alice.id)

    assert _rows(audits) == [
        ("/api/v4/hooks/incoming", "success"),
        ("/api/v4/hooks/incoming", "attempt"),
        (f"/api/v4/users/{alice.id}/password", "completed"),
        (f"/api/v4/users/{alice.id}/password", "attempted"),
        (f"/api/v4/users/{alice.id}/password", "failed"),
        (f"/api/v4/users/{alice.id}/password", "attempted"),
        (f"/api/v4/users/{alice.id}/patch", ""),
        ("/api/v4/users/login", f"success session_user={alice.id}"),
        ("/api/v4/users/login", "authenticated"),
    ]
    session = mock_mattermost.store.sessions.find_by_token(alice_driver.client.token)
    assert {a["user_id"] for a in audits} == {alice.id}
    assert [a["session_id"] for a in audits] == [session.id] * 8 + [""]
    assert all(a["ip_address"] == "127.0.0.1" for a in audits)
    assert hook["id"] not in {a["extra_info"] for a in audits}


@upstream("server/channels/api4/user.go", "getUserAudits")
def test_another_user_cannot_read_them_and_the_admin_can(mock_mattermost, alice, alice_driver):
    mock_mattermost.make_user("bob", password="bob-password1")
    bob = Driver(mock_mattermost.driver_options(login_id="bob", password="bob-password1"))
    bob.login()
    with pytest.raises(errors.NotEnoughPermissions):
        bob.users.get_user_audits(alice.id)
    with pytest.raises(errors.NotEnoughPermissions):
        bob.system.get_audits(params={})

    admin = Driver(mock_mattermost.driver_options())
    admin.login()
    assert _rows(admin.users.get_user_audits(alice.id)) == _rows(alice_driver.users.get_user_audits(alice.id))
    # GET /audits: every user's, newest first; bob's login came after alice's.
    everyone = admin.system.get_audits(params={"per_page": 4})
    assert [(a["user_id"], a["extra_info"]) for a in everyone] == [
        (bob.client.userid, f"success session_user={bob.client.userid}"),
        (bob.client.userid, "authenticated"),
        ("", "attempt - login_id=bob"),
        (alice.id, f"success session_user={alice.id}"),
    ]


@upstream("server/channels/app/user.go", "PermanentDeleteUser")
def test_a_permanently_deleted_user_takes_their_audits(mock_mattermost, alice, alice_driver):
    mock_mattermost.set_config("ServiceSettings.EnableAPIUserDeletion", True)
    admin = Driver(mock_mattermost.driver_options())
    admin.login()
    assert any(a["user_id"] == alice.id for a in admin.system.get_audits(params={"per_page": 200}))
    admin.client.delete(f"/users/{alice.id}", params={"permanent": "true"})
    assert all(a["user_id"] != alice.id for a in admin.system.get_audits(params={"per_page": 200}))
