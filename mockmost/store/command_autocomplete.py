"""Slash command autocomplete: the built-in commands' argument trees and the suggestion walk.

AUTOCOMPLETE_DATA holds the built-in commands that carry an autocomplete tree (model.AutocompleteData) in
command lists, as 11.2.0 answers them (app/slashcommands: command_rename.go, command_share.go,
command_remote.go; help texts from i18n/en.json). Observed with `mockmost parity`
(tests/parity/snapshots/commands_crud.json). Every other command, built-in or custom, has the one-level tree
model.NewAutocompleteData(trigger, hint, description): its name and nothing after it (a custom command's
autocomplete_data is not stored by the server, so none reaches the walk).

suggest() is app/command_autocomplete.go GetSuggestions: commands sorted by lower-cased trigger; no space
typed → the triggers starting with the input; otherwise the command named by the first word, then its
sub-commands or its arguments (named `--name` first, then text input, static list or dynamic list; optional
arguments parsed both with and without). Observed with `mockmost parity`
(tests/parity/snapshots/commands_suggestions.json).

decode_tree() and tree_is_valid() read a custom command's `autocomplete_data` as the server's JSON decoding
(AutocompleteArg.UnmarshalJSON) and AutocompleteData.IsValid do: create and update echo it, never store it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from mockmost.store import attachments as slack
from mockmost.store.entities import Command

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


SYSTEM_USER_ROLE = "system_user"
SYSTEM_ADMIN_ROLE = "system_admin"


@dataclass(frozen=True, slots=True)
class Suggestion:
    """model.AutocompleteSuggestion."""

    complete: str
    suggestion: str
    hint: str
    description: str
    icon_data: str = ""


@dataclass(frozen=True, slots=True)
class ListItem:
    """model.AutocompleteListItem."""

    item: str
    hint: str = ""
    help_text: str = ""


# A dynamic list: (FetchURL, argument name, the input parsed so far) → its items, or None when the server
# cannot fetch them (it logs the error and treats the argument as not matched).
DynamicLists = Callable[[str, str, str], "Sequence[ListItem] | None"]

# (found, parsed, to be parsed, suggestions): the four results of the server's parse functions.
_Parse = tuple[bool, str, str, list[Suggestion]]


def default_tree(trigger: str, hint: str, help_text: str) -> dict[str, Any]:
    """model.NewAutocompleteData: a command with no arguments and no sub-commands, for system users."""
    return {
        "Trigger": trigger,
        "Hint": hint,
        "HelpText": help_text,
        "RoleID": SYSTEM_USER_ROLE,
        "Arguments": [],
        "SubCommands": [],
    }


def command_tree(cmd: Command) -> tuple[str, dict[str, Any]]:
    """The tree GetSuggestions walks for a listed command: a built-in's own, else the one-level default."""
    tree = AUTOCOMPLETE_DATA.get(cmd.trigger) if not cmd.id else None
    return cmd.trigger, tree or default_tree(cmd.trigger, cmd.auto_complete_hint, cmd.auto_complete_desc)


def builtin_dynamic_list(
    fetch_url: str, arg_name: str, parsed: str, *, manages_secure_connections: bool
) -> list[ListItem] | None:
    """getBuiltinDynamicListArgument for the built-ins that have one (share-channel, secure-connection).

    Their items are the secure connections (remote clusters), of which a server without the remote cluster
    service has none: an empty list where the provider answers, None where it refuses."""
    parts = fetch_url.split(":")
    provider = parts[1] if len(parts) > 1 else ""
    if provider == "share-channel":
        # command_share.go GetAutoCompleteListItems: by the action already typed.
        if " share " in parsed:
            return None  # name/displayname of a "share" action: not in the tree, never reached
        if " invite " in parsed or " uninvite " in parsed:
            return [] if arg_name == "connectionID" else None
        return None
    if provider == "secure-connection":
        # command_remote.go: the manage_secure_connections permission first.
        if not manages_secure_connections:
            return None
        return [] if arg_name == "connectionID" and " remove " in parsed else None
    return None


def suggest(
    commands: Sequence[tuple[str, dict[str, Any]]],
    user_input: str,
    role_id: str,
    dynamic_lists: DynamicLists,
) -> list[Suggestion]:
    """GetSuggestions. commands: (trigger, autocomplete tree) pairs, in ListAutocompleteCommands' order;
    user_input without its leading slash; role_id system_admin or system_user."""
    ordered = sorted(commands, key=lambda c: c[0].lower())
    # IconData would come from the first command whose trigger starts the completion; no command the server
    # lists carries one (autocomplete_icon_data is not stored and the built-ins have none), so it stays "".
    return _Walk(role_id, dynamic_lists).commands([tree for _, tree in ordered], "", user_input)


class _Walk:
    def __init__(self, role_id: str, dynamic_lists: DynamicLists) -> None:
        self.role_id = role_id
        self.dynamic_lists = dynamic_lists

    def _role_allows(self, tree: dict[str, Any]) -> bool:
        return self.role_id in ("", SYSTEM_ADMIN_ROLE) or tree.get("RoleID", "") == self.role_id

    def commands(self, trees: Sequence[dict[str, Any]], parsed: str, to_parse: str) -> list[Suggestion]:
        """getSuggestions."""
        out: list[Suggestion] = []
        space = to_parse.find(" ")
        if space == -1:
            typed = to_parse.lower()
            for tree in trees:
                if tree["Trigger"].startswith(typed) and self._role_allows(tree):
                    out.append(
                        Suggestion(parsed + tree["Trigger"], tree["Trigger"], tree["Hint"], tree["HelpText"])
                    )
            return out
        word = to_parse[:space].lower()
        for tree in trees:
            if tree["Trigger"] != word or not self._role_allows(tree):
                continue
            rest = to_parse[space + 1 :]
            now_parsed = parsed + to_parse[: space + 1]
            if not tree["Arguments"]:
                out += self.commands(tree["SubCommands"], now_parsed, rest)
                continue
            found, _, _, found_suggestions = self.arguments(tree["Arguments"], now_parsed, rest)
            if found:
                out += found_suggestions
        return out

    def arguments(self, args: Sequence[dict[str, Any]], parsed: str, to_parse: str) -> _Parse:
        """parseArguments: a required argument must come first; an optional one may or may not be typed."""
        if not args:
            return False, parsed, to_parse, []
        first, rest = args[0], args[1:]
        if first["Required"]:
            found, new_parsed, new_to_parse, suggestions = self.argument(first, parsed, to_parse)
            if found:
                return True, new_parsed, new_to_parse, suggestions
            return self.arguments(rest, new_parsed, new_to_parse)

        out: list[Suggestion] = []
        with_found, with_parsed, with_to_parse, with_suggestions = self.argument(first, parsed, to_parse)
        if with_found:
            out += with_suggestions
        else:
            with_found, with_parsed, with_to_parse, rest_suggestions = self.arguments(
                rest, with_parsed, with_to_parse
            )
            if with_found:
                out += rest_suggestions
        without_found, without_parsed, without_to_parse, without_suggestions = self.arguments(
            rest, parsed, to_parse
        )
        if without_found:
            out += without_suggestions
        if with_found or without_found:
            return True, parsed + to_parse, "", out
        if with_parsed != parsed and with_to_parse != to_parse:
            return False, with_parsed, with_to_parse, out
        return False, without_parsed, without_to_parse, out

    def argument(self, arg: dict[str, Any], parsed: str, to_parse: str) -> _Parse:
        """parseArgument: the `--name` of a named argument, then its value by type."""
        if arg["Name"]:
            found, parsed, to_parse, suggestion = _named(arg, parsed, to_parse)
            if found:
                return True, parsed, to_parse, [] if suggestion is None else [suggestion]
            if to_parse == "":
                return True, parsed, to_parse, []
            if to_parse == " ":
                to_parse = ""
        kind = arg["Type"]
        data = arg["Data"] or {}
        if kind == "TextInput":
            return _text(arg, data, parsed, to_parse)
        if kind == "StaticList":
            items = [
                ListItem(i["Item"], i["Hint"], i["HelpText"]) for i in data.get("PossibleArguments") or []
            ]
            return _list_items(items, parsed, to_parse)
        if kind == "DynamicList":
            fetch_url = data.get("FetchURL", "")
            listed = (
                self.dynamic_lists(fetch_url, arg["Name"], parsed)
                if fetch_url.startswith("builtin:")
                else None  # an integration's URL: plugins are off, and custom commands store no tree
            )
            if listed is None:
                return False, parsed, to_parse, []
            return _list_items(listed, parsed, to_parse)
        return False, parsed, to_parse, []


def _named(arg: dict[str, Any], parsed: str, to_parse: str) -> tuple[bool, str, str, Suggestion | None]:
    """parseNamedArgument."""
    typed = to_parse.removeprefix(" ")
    flag = "--" + arg["Name"]
    if typed == "":
        return (
            True,
            parsed + to_parse,
            "",
            Suggestion(parsed + to_parse + flag + " ", flag, "", arg["HelpText"]),
        )
    if flag.lower().startswith(typed.lower()):
        completion = parsed + to_parse + flag[len(typed) :] + " "
        return True, parsed + to_parse, "", Suggestion(completion, flag, "", arg["HelpText"])
    if not typed.lower().startswith(flag.lower() + " "):
        return False, parsed + to_parse, "", None
    if typed.lower() == flag.lower() + " ":
        return False, parsed + flag + " ", " ", None
    return False, parsed + flag + " ", typed[len(flag) + 1 :], None


def _text(arg: dict[str, Any], data: dict[str, Any], parsed: str, to_parse: str) -> _Parse:
    """parseInputTextArgument: a word, or several between double quotes."""
    typed = to_parse.removeprefix(" ")
    hint_here = [Suggestion(parsed + to_parse, "", data.get("Hint", ""), arg["HelpText"])]
    if typed == "":
        return True, parsed + to_parse, "", hint_here
    if typed[0] == '"':
        closing = typed.find('"', 1)
        if closing == -1:
            return True, parsed + to_parse, "", hint_here
        end = closing + 1
        if len(typed) > end and typed[end] == " ":
            end += 1
        return False, parsed + typed[:end], typed[end:], []
    space = typed.find(" ")
    if space == -1:
        return True, parsed + to_parse, "", hint_here
    return False, parsed + typed[: space + 1], typed[space + 1 :], []


def _list_items(items: Sequence[ListItem], parsed: str, to_parse: str) -> _Parse:
    """parseListItems: an item already typed (the longest one) is passed over; else the items it starts."""
    typed = to_parse.removeprefix(" ")
    longest = ""
    for item in items:
        if typed.lower().startswith(item.item.lower() + " ") and len(longest) < len(item.item) + 1:
            longest = item.item + " "
    if longest:
        return False, parsed + typed[: len(longest)], typed[len(longest) :], []
    matching = [
        Suggestion(parsed + item.item, item.item, item.hint, item.help_text)
        for item in items
        if item.item.lower().startswith(typed.lower())
    ]
    return True, parsed + to_parse, "", matching


# ---- a custom command's autocomplete_data (model/command_autocomplete.go) ------------------------------
_ARG_DATA = {
    "TextInput": ("Pattern", "Hint"),
    "StaticList": ("PossibleArguments",),
    "DynamicList": ("FetchURL",),
}


def decode_tree(value: Any) -> dict[str, Any] | None:
    """json.Decode into *AutocompleteData: None for null, slack.DecodeError where Go's decoding fails. The
    result is what the server writes back (nil slices as null, Data by argument type)."""
    if value is None:
        return None
    if not isinstance(value, dict):
        raise slack.DecodeError("autocomplete_data")
    arguments = slack.go_list(value, "Arguments")
    sub_commands = slack.go_list(value, "SubCommands")
    return {
        "Trigger": slack.go_str(value, "Trigger"),
        "Hint": slack.go_str(value, "Hint"),
        "HelpText": slack.go_str(value, "HelpText"),
        "RoleID": slack.go_str(value, "RoleID"),
        "Arguments": None if arguments is None else [_decode_arg(a) for a in arguments],
        "SubCommands": None if sub_commands is None else [decode_tree(c) for c in sub_commands],
    }


def _string(obj: dict[str, Any], key: str) -> str:
    value = obj.get(key)
    if not isinstance(value, str):
        raise slack.DecodeError(key)
    return value


def _decode_arg(value: Any) -> dict[str, Any] | None:
    """AutocompleteArg.UnmarshalJSON: exact keys, every one present and typed; Data read by Type."""
    if value is None:
        return None
    if not isinstance(value, dict):
        raise slack.DecodeError("argument")
    required = value.get("Required")
    if not isinstance(required, bool) or "Data" not in value:
        raise slack.DecodeError("argument")
    arg: dict[str, Any] = {
        "Name": _string(value, "Name"),
        "HelpText": _string(value, "HelpText"),
        "Type": _string(value, "Type"),
        "Required": required,
        "Data": None,
    }
    kind, data = arg["Type"], value["Data"]
    if kind not in _ARG_DATA:
        return arg
    if not isinstance(data, dict):
        raise slack.DecodeError("Data")
    if kind == "TextInput":
        pattern, hint = _string(data, "Pattern"), _string(data, "Hint")
        arg["Data"] = {"Hint": hint, "Pattern": pattern}
    elif kind == "DynamicList":
        arg["Data"] = {"FetchURL": _string(data, "FetchURL")}
    else:
        items = data.get("PossibleArguments")
        if not isinstance(items, list):
            raise slack.DecodeError("PossibleArguments")
        possible = []
        for item in items:
            if not isinstance(item, dict):
                raise slack.DecodeError("PossibleArguments")
            possible.append({key: _string(item, key) for key in ("Item", "Hint", "HelpText")})
        arg["Data"] = {"PossibleArguments": possible}
    return arg


# What url.Parse refuses: an ASCII control character, a bad percent-escape, a colon before any slash in a
# scheme-less first segment, an unclosed IPv6 host.
_BAD_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _url_parses(raw: str) -> bool:
    if _CONTROL.search(raw) or _BAD_ESCAPE.search(raw.split("#", 1)[0]):
        return False
    scheme = re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", raw)
    if scheme is None and ":" in raw.split("/", 1)[0] and not raw.startswith("/"):
        return False
    if scheme is not None and raw[scheme.end() :].startswith("//"):
        host = raw[scheme.end() + 2 :].split("/", 1)[0]
        if host.count("[") != host.count("]"):
            return False
    return True


def tree_is_valid(tree: dict[str, Any] | None) -> bool:
    """AutocompleteData.IsValid."""
    if tree is None or not tree["Trigger"] or tree["Trigger"].lower() != tree["Trigger"]:
        return False
    if tree["RoleID"] not in (SYSTEM_ADMIN_ROLE, SYSTEM_USER_ROLE, ""):
        return False
    arguments = tree["Arguments"] or []
    sub_commands = tree["SubCommands"] or []
    if arguments and sub_commands:
        return False
    named_seen = False
    for arg in arguments:
        if arg is None:
            return False  # the server dereferences it and fails
        if arg["Name"]:
            named_seen = True
        elif named_seen:
            return False
        kind, data = arg["Type"], arg["Data"]
        if kind == "DynamicList" and not _url_parses(data["FetchURL"]):
            return False
        if kind == "StaticList" and any(not item["Item"] for item in data["PossibleArguments"]):
            return False
        if kind == "TextInput" and not arg["Name"] and not arg["Required"]:
            return False
    return all(tree_is_valid(sub) for sub in sub_commands)
