"""What `mockmost contract` may send to a real server: the deny list, sandbox-only writes, read-only mode."""

from __future__ import annotations

import pytest

from contracts.conftest import CONTRACT
from mockmost.contract.policy import real_server_skip

BOUND = {"team_id", "channel_id", "user_id", "post_id", "other_user_id"}


@pytest.mark.parametrize(
    ("method", "path", "op_id"),
    [
        ("PUT", "/api/v4/config", "UpdateConfig"),
        ("POST", "/api/v4/config/reload", "ReloadConfig"),
        ("POST", "/api/v4/license", "UploadLicenseFile"),
        ("POST", "/api/v4/system/server_restart", "RestartServer"),
        ("POST", "/api/v4/database/recycle", "DatabaseRecycle"),
        ("POST", "/api/v4/ldap/sync", "SyncLdap"),
        ("POST", "/api/v4/users/{user_id}/sessions/revoke/all", "RevokeAllSessions"),
        ("PUT", "/api/v4/users/{user_id}/roles", "UpdateUserRoles"),
        ("GET", "/api/v4/logs", "GetLogs"),
    ],
)
def test_destructive_and_system_operations_are_denied(method, path, op_id):
    assert "deny list" in real_server_skip(method, path, op_id, BOUND, read_only=False)


def test_writes_run_only_on_sandbox_objects():
    assert real_server_skip("PUT", "/api/v4/posts/{post_id}/patch", "PatchPost", BOUND, False) is None
    assert real_server_skip("DELETE", "/api/v4/channels/{channel_id}", "DeleteChannel", BOUND, False) is None
    assert "outside the sandbox (hook_id)" in real_server_skip(
        "DELETE", "/api/v4/hooks/incoming/{hook_id}", "DeleteIncomingWebhook", BOUND, False
    )
    assert "no path parameter" in real_server_skip("POST", "/api/v4/users/logout_all", "X", BOUND, False)
    assert real_server_skip("POST", "/api/v4/posts", "CreatePost", BOUND, False) is None  # tracked, removed
    assert "permanent" in real_server_skip("DELETE", "/api/v4/users/{user_id}/permanent", "X", BOUND, False)


def test_read_only_mode_sends_reads_and_body_lookups_only():
    assert real_server_skip("GET", "/api/v4/users/{user_id}", "GetUser", BOUND, True) is None
    assert real_server_skip("POST", "/api/v4/users/ids", "GetUsersByIds", BOUND, True) is None
    assert real_server_skip("POST", "/api/v4/posts", "CreatePost", BOUND, True) == "read-only mode"


@pytest.mark.skipif(CONTRACT is None, reason="no OpenAPI document (MOCKMOST_OPENAPI)")
def test_no_config_license_or_cluster_operation_of_the_document_may_run():
    for op in CONTRACT.operations():
        if op.path.startswith(("/api/v4/config", "/api/v4/license", "/api/v4/cluster", "/api/v4/database")):
            assert real_server_skip(op.method, op.path, op.operation_id, BOUND, False), op.path
