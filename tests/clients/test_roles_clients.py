"""Roles drive permissions, seen through real clients: an admin patches channel_user with mattermostdriver
and a member's next post gets the real 403; mattermostautodriver reads the roles back. Observed on 11.2.0:
tests/parity/snapshots/roles_patch.json. Upstream: server/channels/api4/role.go, app/authorization.go."""

from __future__ import annotations

import pytest
from mattermostdriver import Driver
from mattermostdriver import exceptions as errors

upstream = pytest.mark.upstream


def _driver(mm, **options):
    driver = Driver({"url": mm.host, "port": mm.port, "scheme": "http", "basepath": "/api/v4", **options})
    driver.login()
    return driver


@upstream("server/channels/api4/role.go", "patchRole")
def test_a_patched_role_removing_create_post_refuses_the_members_next_post(mock_mattermost):
    mm = mock_mattermost
    team = mm.make_team("acme")
    bob = mm.make_user("bob", password="bob-password")
    channel = mm.make_channel(team, "general", members=[bob])
    admin = _driver(mm, token=mm.admin_token)
    bob_driver = _driver(mm, login_id="bob", password="bob-password")
    bob_driver.posts.create_post({"channel_id": channel.id, "message": "before"})

    role = admin.roles.get_role_by_name("channel_user")
    kept = [p for p in role["permissions"] if p != "create_post"]
    patched = admin.roles.patch_role(role["id"], {"permissions": kept})
    assert "create_post" not in patched["permissions"] and patched["permissions"] == sorted(kept)

    with pytest.raises(errors.NotEnoughPermissions) as refused:
        bob_driver.posts.create_post({"channel_id": channel.id, "message": "during"})
    assert refused.value.args[0] == "You do not have the appropriate permissions."
    assert [e.name for e in mm.events_named("role_updated")] == ["role_updated"]

    admin.roles.patch_role(role["id"], {"permissions": role["permissions"]})
    assert bob_driver.posts.create_post({"channel_id": channel.id, "message": "after"})["message"] == "after"


@upstream("server/channels/api4/role.go", "patchRole")
def test_giving_a_permission_to_system_user_lets_everyone_use_it(mock_mattermost):
    """manage_oauth is the admin's alone until system_user is given it (GET /oauth/apps: 403 admin_only)."""
    mm = mock_mattermost
    carol = mm.make_user("carol", password="carol-password")
    carol_driver = _driver(mm, login_id="carol", password="carol-password")
    with pytest.raises(errors.NotEnoughPermissions):
        carol_driver.client.get("/oauth/apps")
    admin = _driver(mm, token=mm.admin_token)
    role = admin.roles.get_role_by_name("system_user")
    admin.roles.patch_role(role["id"], {"permissions": [*role["permissions"], "manage_oauth"]})
    assert carol_driver.client.get("/oauth/apps") == []
    assert carol.id


@upstream("server/channels/api4/role.go", "getRolesByNames")
def test_mattermostautodriver_reads_roles_by_names(mock_mattermost):
    from mattermostautodriver import TypedDriver

    mm = mock_mattermost
    driver = TypedDriver(
        {"url": mm.host, "port": mm.port, "scheme": "http", "basepath": "/api/v4", "token": mm.admin_token}
    )
    driver.login()
    roles = driver.roles.get_roles_by_names(["team_user", "channel_user", "nonexistent"])
    assert [r["name"] for r in roles] == ["channel_user", "team_user"]
