"""The built-in commands that carry an autocomplete tree (model.AutocompleteData) in command lists, as
11.2.0 answers them (app/slashcommands: command_rename.go, command_share.go, command_remote.go; help texts
from
i18n/en.json). Observed with `mockmost parity` (tests/parity/snapshots/commands_crud.json)."""

from __future__ import annotations

from typing import Any

AUTOCOMPLETE_DATA: dict[str, dict[str, Any]] = {
    "secure-connection": {
        "Arguments": [],
        "HelpText": "Add/remove secure connections. Available actions: create, accept, remove, status",
        "Hint": "[action]",
        "RoleID": "system_user",
        "SubCommands": [
            {
                "Arguments": [
                    {
                        "Data": {"Hint": "A unique name for the secure connection", "Pattern": ""},
                        "HelpText": "Secure connection name",
                        "Name": "name",
                        "Required": True,
                        "Type": "TextInput",
                    },
                    {
                        "Data": {"Hint": "A display name for the secure connection", "Pattern": ""},
                        "HelpText": "Secure connection display name",
                        "Name": "displayname",
                        "Required": False,
                        "Type": "TextInput",
                    },
                    {
                        "Data": {"Hint": "Password to be used to encrypt the invitation", "Pattern": ""},
                        "HelpText": "Invitation password",
                        "Name": "password",
                        "Required": True,
                        "Type": "TextInput",
                    },
                ],
                "HelpText": "Invite a secure connection",
                "Hint": "",
                "RoleID": "system_user",
                "SubCommands": [],
                "Trigger": "create",
            },
            {
                "Arguments": [
                    {
                        "Data": {"Hint": "A unique name for the secure connection", "Pattern": ""},
                        "HelpText": "Secure connection name",
                        "Name": "name",
                        "Required": True,
                        "Type": "TextInput",
                    },
                    {
                        "Data": {"Hint": "A display name for the secure connection", "Pattern": ""},
                        "HelpText": "Secure connection display name",
                        "Name": "displayname",
                        "Required": False,
                        "Type": "TextInput",
                    },
                    {
                        "Data": {"Hint": "Password to be used to encrypt the invitation", "Pattern": ""},
                        "HelpText": "Invitation password",
                        "Name": "password",
                        "Required": True,
                        "Type": "TextInput",
                    },
                    {
                        "Data": {"Hint": "The encrypted invitation from a secure connection", "Pattern": ""},
                        "HelpText": "Invitation from secure connection",
                        "Name": "invite",
                        "Required": True,
                        "Type": "TextInput",
                    },
                ],
                "HelpText": "Accept an invitation from an external Mattermost instance",
                "Hint": "",
                "RoleID": "system_user",
                "SubCommands": [],
                "Trigger": "accept",
            },
            {
                "Arguments": [
                    {
                        "Data": {"FetchURL": "builtin:secure-connection"},
                        "HelpText": "ID of secure connection to remove.",
                        "Name": "connectionID",
                        "Required": True,
                        "Type": "DynamicList",
                    }
                ],
                "HelpText": "Removes a secure connection",
                "Hint": "",
                "RoleID": "system_user",
                "SubCommands": [],
                "Trigger": "remove",
            },
            {
                "Arguments": [],
                "HelpText": "Displays status for all secure connections",
                "Hint": "",
                "RoleID": "system_user",
                "SubCommands": [],
                "Trigger": "status",
            },
        ],
        "Trigger": "secure-connection",
    },
    "rename": {
        "Arguments": [
            {
                "Data": {"Hint": "[text]", "Pattern": ""},
                "HelpText": "[text]",
                "Name": "",
                "Required": True,
                "Type": "TextInput",
            }
        ],
        "HelpText": "Rename the channel",
        "Hint": "[text]",
        "RoleID": "system_user",
        "SubCommands": [],
        "Trigger": "rename",
    },
    "share-channel": {
        "Arguments": [],
        "HelpText": "Available actions: invite, uninvite, unshare, status",
        "Hint": "[action]",
        "RoleID": "system_user",
        "SubCommands": [
            {
                "Arguments": [
                    {
                        "Data": {"FetchURL": "builtin:share-channel"},
                        "HelpText": "ID of an existing secure connection. See "
                        "`secure-connection` command to add a secure "
                        "connection.",
                        "Name": "connectionID",
                        "Required": True,
                        "Type": "DynamicList",
                    },
                    {
                        "Data": {"Hint": "[readonly] - 'Y' or 'N'.  Defaults to 'N'", "Pattern": "Y|N|y|n"},
                        "HelpText": "Channel will be shared in read-only mode",
                        "Name": "readonly",
                        "Required": False,
                        "Type": "TextInput",
                    },
                ],
                "HelpText": "Invites an external Mattermost instance to the current shared channel",
                "Hint": "",
                "RoleID": "system_user",
                "SubCommands": [],
                "Trigger": "invite",
            },
            {
                "Arguments": [
                    {
                        "Data": {"FetchURL": "builtin:share-channel"},
                        "HelpText": "ID of secure connection to uninvite.",
                        "Name": "connectionID",
                        "Required": True,
                        "Type": "DynamicList",
                    }
                ],
                "HelpText": "Uninvites a secure connection from this shared channel",
                "Hint": "",
                "RoleID": "system_user",
                "SubCommands": [],
                "Trigger": "uninvite",
            },
            {
                "Arguments": [],
                "HelpText": "Unshares the current channel",
                "Hint": "",
                "RoleID": "system_user",
                "SubCommands": [],
                "Trigger": "unshare",
            },
            {
                "Arguments": [],
                "HelpText": "Displays status for this shared channel",
                "Hint": "",
                "RoleID": "system_user",
                "SubCommands": [],
                "Trigger": "status",
            },
        ],
        "Trigger": "share-channel",
    },
}
