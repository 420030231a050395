"""Audits written by the handlers the parity scenario cannot drive on a shared server (they change the whole
server) and the paging of the lists. Upstream: server/channels/api4/role.go patchRole (c.LogAudit("")),
api4/config.go updateConfig (c.LogAudit("updateConfig")), store/sqlstore/audit_store.go Get (newest first,
OFFSET page*per_page)."""

from __future__ import annotations

import pytest

from tests.helpers import assert_app_error

upstream = pytest.mark.upstream


def _rows(audits):
    return [(a["action"], a["extra_info"]) for a in audits]


@upstream("server/channels/api4/role.go", "patchRole")
def test_patching_a_role_is_audited(mm):
    role = mm.store.roles.by_name("channel_user")
    permissions = mm.client.get(f"/roles/{role.id}").json()["permissions"]
    mm.client.put(f"/roles/{role.id}/patch", json={"permissions": permissions}).raise_for_status()
    audits = mm.client.get(f"/users/{mm.admin.id}/audits").json()
    assert _rows(audits)[:1] == [(f"/api/v4/roles/{role.id}/patch", "")]
    assert audits[0]["user_id"] == mm.admin.id
    assert audits[0]["session_id"] == mm.store.sessions.find_by_token(mm.admin_token).id


@upstream("server/channels/api4/config.go", "updateConfig")
def test_replacing_the_config_is_audited_and_patching_it_is_not(mm):
    config = mm.client.get("/config").json()
    mm.client.put("/config/patch", json={"TeamSettings": {"SiteName": "Acme"}}).raise_for_status()
    mm.client.put("/config", json=config).raise_for_status()
    assert _rows(mm.client.get(f"/users/{mm.admin.id}/audits").json()) == [("/api/v4/config", "updateConfig")]


@upstream("server/channels/store/sqlstore/audit_store.go", "Get")
def test_the_lists_page_newest_first(mm, login):
    alice = mm.make_user("alice")
    client = login(alice)
    for nickname in ("a", "b", "c"):
        client.put(f"/users/{alice.id}/patch", json={"nickname": nickname}).raise_for_status()
    mine = client.get("/users/me/audits").json()
    assert len(mine) == 3
    assert [a["id"] for a in client.get("/users/me/audits", params={"page": 1, "per_page": 2}).json()] == [
        mine[2]["id"]
    ]
    assert client.get("/users/me/audits", params={"page": 2, "per_page": 2}).json() == []
    everyone = mm.client.get("/audits", params={"per_page": 2}).json()
    assert [a["id"] for a in everyone] == [a["id"] for a in mine[:2]]
    assert_app_error(client.get("/audits"), 403, "api.context.permissions.app_error")
