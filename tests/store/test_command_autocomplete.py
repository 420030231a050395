"""The slash command suggestion walk on trees the API cannot reach (a custom command's tree is not stored and
plugins are off): static lists, optional arguments parsed both ways, role-restricted sub-commands.

Upstream: server/channels/app/command_autocomplete.go; the trees and expected suggestions are those of its
tests (command_autocomplete_test.go: createCommandWithOptionalArgs, createJiraAutocompleteData,
TestParseStaticListArgument, TestCommandWithOptionalArgs, TestSuggestions)."""

from __future__ import annotations

from typing import Any

import pytest

from mockmost.store.command_autocomplete import (
    ListItem,
    decode_tree,
    default_tree,
    suggest,
    tree_is_valid,
)

upstream = pytest.mark.upstream


def _text(help_text: str, hint: str = "", name: str = "", required: bool = True) -> dict[str, Any]:
    return {
        "Name": name,
        "HelpText": help_text,
        "Type": "TextInput",
        "Required": required,
        "Data": {"Hint": hint, "Pattern": ""},
    }


def _static(
    help_text: str, items: list[dict[str, str]], name: str = "", required: bool = True
) -> dict[str, Any]:
    possible = [
        {"Item": i["Item"], "Hint": i.get("Hint", ""), "HelpText": i.get("HelpText", "")} for i in items
    ]
    return {
        "Name": name,
        "HelpText": help_text,
        "Type": "StaticList",
        "Required": required,
        "Data": {"PossibleArguments": possible},
    }


def _tree(
    trigger: str, help_text: str = "", hint: str = "", args: Any = (), subs: Any = ()
) -> dict[str, Any]:
    tree = default_tree(trigger, hint, help_text)
    tree["Arguments"] = list(args)
    tree["SubCommands"] = list(subs)
    return tree


ITEMS = [{"Item": "item1"}, {"Item": "item2"}]
OPTIONAL = _tree(
    "command",
    subs=[
        _tree("subcommand1", args=[_static("arg1", ITEMS), _text("arg2", name="name2", required=False)]),
        _tree(
            "subcommand2",
            args=[_static("arg1", ITEMS, name="name1", required=False), _text("arg2"), _text("arg3")],
        ),
        _tree(
            "subcommand3",
            args=[
                _static("arg1", ITEMS, name="name1", required=False),
                _text("arg2", name="name2", required=False),
                _text("arg3", name="name3", required=False),
            ],
        ),
        _tree(
            "subcommand4",
            "help1",
            args=[
                _static(
                    "help2", [{"Item": "item1", "Hint": "(optional)", "HelpText": "help3"}], required=False
                ),
                _text("help4", "message"),
            ],
        ),
    ],
)


def _no_lists(fetch_url: str, name: str, parsed: str) -> list[ListItem] | None:
    return None


def _walk(tree: dict[str, Any], typed: str, role: str = "system_admin") -> list[tuple[str, str, str, str]]:
    return [
        (s.complete, s.suggestion, s.hint, s.description)
        for s in suggest([(tree["Trigger"], tree)], typed, role, _no_lists)
    ]


@upstream("server/channels/app/command_autocomplete.go", "parseArguments")
def test_optional_arguments_are_parsed_with_and_without():
    assert _walk(OPTIONAL, "command subcommand1 ") == [
        ("command subcommand1 item1", "item1", "", ""),
        ("command subcommand1 item2", "item2", "", ""),
    ]
    assert _walk(OPTIONAL, "command subcommand1 item1 ") == [
        ("command subcommand1 item1 --name2 ", "--name2", "", "arg2")
    ]
    assert _walk(OPTIONAL, "command subcommand2 -") == [
        ("command subcommand2 --name1 ", "--name1", "", "arg1"),
        ("command subcommand2 -", "", "", "arg2"),
    ]
    assert _walk(OPTIONAL, "command subcommand2 --name1 item") == [
        ("command subcommand2 --name1 item1", "item1", "", ""),
        ("command subcommand2 --name1 item2", "item2", "", ""),
        ("command subcommand2 --name1 item", "", "", "arg3"),
    ]
    assert _walk(OPTIONAL, "command subcommand2 --name1 item1 bla ") == [
        ("command subcommand2 --name1 item1 bla ", "", "", "arg3")
    ]
    assert _walk(OPTIONAL, "command subcommand2 --name1 item1 bla bla ") == []
    assert [s[1] for s in _walk(OPTIONAL, "command subcommand3 --name")] == ["--name1", "--name2", "--name3"]
    assert _walk(OPTIONAL, "command subcommand4 ") == [
        ("command subcommand4 item1", "item1", "(optional)", "help3"),
        ("command subcommand4 ", "", "message", "help4"),
    ]
    assert _walk(OPTIONAL, "command subcommand4 item1 ") == [
        ("command subcommand4 item1 ", "", "message", "help4")
    ]


@upstream("server/channels/app/command_autocomplete.go", "parseListItems")
def test_static_list_items_match_case_insensitively_and_pass_over_a_typed_item():
    switch = [
        {"Item": "On", "Hint": "Turn notifications on"},
        {"Item": "Off", "Hint": "Turn notifications off"},
    ]
    settings = _tree(
        "jira",
        subs=[
            _tree(
                "settings",
                subs=[_tree("notifications", args=[_static("Turn notifications on or off", switch)])],
            )
        ],
    )
    assert _walk(settings, "jira settings notifications o") == [
        ("jira settings notifications On", "On", "Turn notifications on", ""),
        ("jira settings notifications Off", "Off", "Turn notifications off", ""),
    ]
    assert _walk(settings, "jira settings notifications of some") == []


@upstream("server/channels/app/command_autocomplete.go", "getSuggestions")
def test_sub_commands_for_admins_only_are_hidden_from_users():
    install = _tree("install", "Connect Mattermost to a Jira instance")
    install["RoleID"] = "system_admin"
    jira = _tree("jira", subs=[_tree("connect", "Connect", "[url]"), install])
    assert [s[1] for s in _walk(jira, "jira ", "system_admin")] == ["connect", "install"]
    assert [s[1] for s in _walk(jira, "jira ", "system_user")] == ["connect"]
    assert _walk(jira, "jira install ", "system_user") == []


@upstream("server/channels/app/command_autocomplete.go", "GetSuggestions")
def test_commands_are_sorted_by_trigger():
    trees = [(t, default_tree(t, "", "")) for t in ("bob", "charles", "alice")]
    assert [s.complete for s in suggest(trees, "", "system_admin", _no_lists)] == ["alice", "bob", "charles"]


@upstream("server/public/model/command_autocomplete.go", "IsValid")
def test_decoded_trees_are_validated_as_the_server_does():
    assert decode_tree(None) is None
    tree = decode_tree({"trigger": "x", "roleid": "system_admin"})
    assert tree == {
        "Trigger": "x",
        "Hint": "",
        "HelpText": "",
        "RoleID": "system_admin",
        "Arguments": None,
        "SubCommands": None,
    }
    assert tree_is_valid(tree)
    assert not tree_is_valid(decode_tree({"Trigger": "X"}))
    assert not tree_is_valid(decode_tree({"Trigger": "x", "SubCommands": [None]}))
    positional_optional = {
        "Name": "",
        "HelpText": "h",
        "Type": "TextInput",
        "Required": False,
        "Data": {"Hint": "", "Pattern": ""},
    }
    assert not tree_is_valid(decode_tree({"Trigger": "x", "Arguments": [positional_optional]}))
