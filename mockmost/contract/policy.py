"""Which operations the contract may send to a real Mattermost, and why the others are skipped.

Against mockmost (a throwaway in-memory world, reset before each operation) everything runs. Against a
real server the run must be harmless: system operations on the deny list never run, writes run only when
every path parameter names an object of the run's own sandbox, and the few creations that make new
top-level objects (tracked for cleanup) are forced into the sandbox.
"""

from __future__ import annotations

import re

# Whole areas a contract run never writes to on a real server (and never reads where reading has effects).
DENY_PATH_PREFIXES = (
    "/api/v4/config",
    "/api/v4/license",
    "/api/v4/ldap",
    "/api/v4/saml",
    "/api/v4/database",
    "/api/v4/elasticsearch",
    "/api/v4/bleve",
    "/api/v4/cache",
    "/api/v4/caches",
    "/api/v4/jobs",
    "/api/v4/plugins",
    "/api/v4/cluster",
    "/api/v4/compliance",
    "/api/v4/data_retention",
    "/api/v4/logs",
    "/api/v4/system",
    "/api/v4/email",
    "/api/v4/file/s3_test",
    "/api/v4/site_url",
    "/api/v4/imports",
    "/api/v4/exports",
    "/api/v4/cloud",
    "/api/v4/hosted_customer",
    "/api/v4/remotecluster",
    "/api/v4/sharedchannels",
    "/api/v4/audits",
    "/api/v4/permissions",
    "/api/v4/roles",
    "/api/v4/schemes",
    "/api/v4/oauth",
    "/api/v4/brand",
    "/api/v4/trial-license",
    "/api/v4/upgrade_to_enterprise",
    "/api/v4/restart",
    "/api/v4/server_busy",
    "/api/v4/integrity",
    "/api/v4/analytics",
    "/api/v4/notifications",
    "/api/v4/content_flagging",
    "/api/v4/access_control_policies",
    "/api/v4/custom_profile_attributes",
    "/api/v4/reports",
    "/api/v4/limits",
    "/api/v4/usage",
    "/api/v4/ip_filtering",
    "/api/v4/outgoing_oauth",
    "/api/v4/groups",
    "/api/v4/terms_of_service",
    "/api/v4/apps",
    "/api/v4/actions/dialogs",
)

# Named operations that are destructive or global wherever they live.
DENY_OPERATIONS = frozenset(
    {
        "PermanentDeleteAllUsers",
        "RestartServer",
        "UpdateConfig",
        "PatchConfig",
        "ReloadConfig",
        "UploadLicenseFile",
        "RemoveLicenseFile",
        "SyncLdap",
        "MigrateAuthToLdap",
        "MigrateAuthToSaml",
        "DatabaseRecycle",
        "InvalidateCaches",
        "SoftDeleteTeamsExcept",
        "RevokeAllSessions",
        "RevokeSessionsFromAllUsers",
        "DisableUserAccessToken",
        "UpdateUserRoles",
        "UpdateTeamMemberRoles",
        "UpdateChannelMemberRoles",
        "UpdateUserActive",
        "UpdateUserMfa",
        "UpdateUserPassword",
        "SendPasswordResetEmail",
        "ResetPassword",
        "SwitchAccountType",
        "ConvertUserToBot",
        "ConvertBotToUser",
        "MigrateIdLdap",
        "DemoteUserToGuest",
        "PromoteGuestToUser",
        "UpdateUserAuth",
        "ImportTeam",
        "RegenerateTeamInviteId",
        "InvalidateEmailInvites",
        "SendVerificationEmail",
        "VerifyUserEmail",
        "VerifyUserEmailWithoutToken",
        "Logout",
    }
)

# Creations whose result the run tracks and removes (kind for target.cleanup); their ids go in the sandbox.
TRACKED_CREATIONS = {
    "CreateTeam": "team",
    "CreateChannel": "channel",
    "CreateUser": "user",
    "CreatePost": "post",
    "CreateIncomingHook": "incoming_hook",
    "CreateOutgoingHook": "outgoing_hook",
    "CreateCommand": "command",
}

# POST operations that only read (lookups and searches with the query in the body).
READING_POSTS = frozenset(
    {
        "GetUsersByIds",
        "GetUsersByUsernames",
        "SearchUsers",
        "GetUsersStatusesByIds",
        "SearchTeams",
        "SearchAllChannels",
        "SearchGroupChannels",
        "getPostsByIds",
        "SearchFiles",
        "SearchEmoji",
        "GetEmojisByNames",
        "GetBulkReactions",
        "SearchPosts",
        "SearchFilesInTeam",
        "SearchChannels",
        "SearchArchivedChannels",
        "AutocompleteChannelsForTeam",
        "GetChannelMembersByIds",
        "GetTeamMembersByIds",
        "GetPostsByIds",
    }
)
# Writes without a path parameter whose target is named in the body, which the run forces into the sandbox.
BODY_SCOPED = frozenset({"SaveReaction", "CreatePostEphemeral"})

_SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


def real_server_skip(
    method: str, path: str, operation_id: str, bound: set[str], read_only: bool
) -> str | None:
    """Why an operation must not run against a real server (None: it may run)."""
    if operation_id in DENY_OPERATIONS:
        return "deny list: destructive or server-wide operation"
    if path.startswith(DENY_PATH_PREFIXES):
        return "deny list: system administration area"
    if method in _SAFE_METHODS or operation_id in READING_POSTS:
        return None
    if read_only:
        return "read-only mode"
    params = set(re.findall(r"\{([^}]+)\}", path))
    if (operation_id in TRACKED_CREATIONS or operation_id in BODY_SCOPED) and not params - bound:
        return None
    if not params:
        return "writes outside the sandbox (no path parameter names a sandbox object)"
    if params - bound:
        return f"writes to objects outside the sandbox ({', '.join(sorted(params - bound))})"
    if path.endswith("/permanent") or "permanent" in operation_id.lower():
        return "deny list: permanent delete"
    return None
