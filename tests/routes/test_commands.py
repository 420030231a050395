"""Slash commands. Upstream: server/channels/api4/command.go, app/command.go, app/slashcommands/*.go."""

from __future__ import annotations

import httpx
import pytest

from mockmost.ids import is_valid_id
from tests.helpers import assert_app_error
from tests.integration_receiver import receiver_fixture  # noqa: F401 - the `receiver` fixture

upstream = pytest.mark.upstream
COMMAND_KEYS = [
    "id",
    "token",
    "create_at",
    "update_at",
    "delete_at",
    "creator_id",
    "team_id",
    "trigger",
    "method",
    "username",
    "icon_url",
    "auto_complete",
    "auto_complete_desc",
    "auto_complete_hint",
    "display_name",
    "description",
    "url",
    "plugin_id",
]
RESPONSE_KEYS = [
    "response_type",
    "text",
    "username",
    "channel_id",
    "icon_url",
    "type",
    "props",
    "goto_location",
    "trigger_id",
    "skip_slack_parsing",
    "attachments",
    "extra_responses",
]
REQUEST_KEYS = [
    "channel_id",
    "channel_name",
    "command",
    "response_url",
    "root_id",
    "team_domain",
    "team_id",
    "text",
    "token",
    "trigger_id",
    "user_id",
    "user_name",
]


@pytest.fixture
def world(mm):
    team = mm.make_team("eng")
    alice = mm.make_user("alice")
    channel = mm.make_channel(team, "general", members=[alice])
    return team, channel, alice


def make_command(mm, team, url, trigger="weather", **fields):
    resp = mm.client.post(
        "/commands", json={"team_id": team.id, "trigger": trigger, "url": url, "method": "P", **fields}
    )
    assert resp.status_code == 201, resp.text
    return resp.json()


def execute(client, channel, command, **extra):
    return client.post("/commands/execute", json={"channel_id": channel.id, "command": command, **extra})


def last_post(mm, channel):
    return mm.posts_in(channel)[-1]


# ---- management ----------------------------------------------------------------------------------
@upstream("server/channels/api4/command.go", "createCommand")
def test_create_command_201_trigger_lowercased(mm, world):
    body = make_command(mm, world[0], "https://example.com/cmd", trigger="Weather")
    assert list(body) == COMMAND_KEYS
    assert body["trigger"] == "weather" and len(body["token"]) == 26 and body["creator_id"] == mm.admin.id


@upstream("server/channels/api4/command.go", "createCommand")
def test_create_command_regular_user_is_403(mm, world, login):
    team, _, alice = world
    resp = login(alice).post(
        "/commands", json={"team_id": team.id, "trigger": "x", "url": "https://e.com", "method": "P"}
    )
    assert_app_error(resp, 403, "api.context.permissions.app_error")


@upstream("server/channels/app/command.go", "validateCommandTriggerUniqueness")
def test_create_command_built_in_or_taken_trigger_is_400(mm, world):
    team = world[0]
    resp = mm.client.post(
        "/commands", json={"team_id": team.id, "trigger": "echo", "url": "https://e.com", "method": "P"}
    )
    assert_app_error(resp, 400, "api.command.duplicate_trigger.app_error")
    make_command(mm, team, "https://e.com", trigger="deploy")
    again = mm.client.post(
        "/commands", json={"team_id": team.id, "trigger": "DEPLOY", "url": "https://e.com", "method": "G"}
    )
    assert_app_error(again, 400, "api.command.duplicate_trigger.app_error")


@upstream("server/public/model/command.go", "IsValid")
def test_create_command_invalid_method_and_url_are_400(mm, world):
    team = world[0]
    resp = mm.client.post("/commands", json={"team_id": team.id, "trigger": "x", "url": "https://e.com"})
    assert_app_error(resp, 400, "model.command.is_valid.method.app_error")
    resp = mm.client.post(
        "/commands", json={"team_id": team.id, "trigger": "x", "url": "ftp://e", "method": "P"}
    )
    assert_app_error(resp, 400, "model.command.is_valid.url_http.app_error")


@upstream("server/channels/api4/command.go", "listCommands")
def test_list_commands_custom_only_and_sanitized_full_list(mm, world):
    team = world[0]
    cmd = make_command(mm, team, "https://e.com/cmd")
    custom = mm.client.get("/commands", params={"team_id": team.id, "custom_only": "true"}).json()
    assert custom == [cmd]
    full = mm.client.get("/commands", params={"team_id": team.id}).json()
    mine = next(c for c in full if c["trigger"] == "weather")
    assert mine["token"] == "" and mine["url"] == "" and mine["method"] == "" and mine["creator_id"] == ""
    assert {"echo", "me", "shrug", "join", "leave"} <= {c["trigger"] for c in full}


@upstream("server/channels/api4/command.go", "listCommands")
def test_list_commands_without_team_id_is_400(mm, world):
    assert_app_error(mm.client.get("/commands"), 400, "api.context.invalid_body_param.app_error")


@upstream("server/channels/app/command.go", "ListAutocompleteCommands")
def test_list_autocomplete_commands_only_auto_complete_ones(mm, world, login):
    team, _, alice = world
    make_command(mm, team, "https://e.com/a", trigger="hidden")
    make_command(mm, team, "https://e.com/b", trigger="shown", auto_complete=True, auto_complete_desc="d")
    listed = login(alice).get(f"/teams/{team.id}/commands/autocomplete").json()
    triggers = [c["trigger"] for c in listed]
    assert "shown" in triggers and "hidden" not in triggers and "echo" in triggers
    assert next(c for c in listed if c["trigger"] == "shown")["token"] == ""


@upstream("server/channels/api4/command.go", "getCommand")
def test_get_command_hidden_as_404_from_non_managers(mm, world, login):
    cmd = make_command(mm, world[0], "https://e.com/cmd")
    assert mm.client.get(f"/commands/{cmd['id']}").json() == cmd
    assert_app_error(
        login(world[2]).get(f"/commands/{cmd['id']}"), 404, "store.sql_command.save.get.app_error"
    )
    assert_app_error(mm.client.get(f"/commands/{'q' * 26}"), 404, "store.sql_command.save.get.app_error")


@upstream("server/channels/api4/command.go", "updateCommand")
def test_update_command_keeps_token_and_creator(mm, world):
    cmd = make_command(mm, world[0], "https://e.com/cmd")
    resp = mm.client.put(
        f"/commands/{cmd['id']}", json={**cmd, "trigger": "forecast", "token": "", "creator_id": ""}
    )
    assert resp.status_code == 200
    assert resp.json()["trigger"] == "forecast" and resp.json()["token"] == cmd["token"]
    assert resp.json()["creator_id"] == cmd["creator_id"]


@upstream("server/channels/api4/command.go", "regenCommandToken")
def test_regen_command_token_returns_only_the_token(mm, world):
    cmd = make_command(mm, world[0], "https://e.com/cmd")
    body = mm.client.put(f"/commands/{cmd['id']}/regen_token").json()
    assert list(body) == ["token"] and body["token"] != cmd["token"] and len(body["token"]) == 26


@upstream("server/channels/api4/command.go", "deleteCommand")
def test_delete_command(mm, world):
    cmd = make_command(mm, world[0], "https://e.com/cmd")
    assert mm.client.delete(f"/commands/{cmd['id']}").json() == {"status": "OK"}
    assert_app_error(mm.client.get(f"/commands/{cmd['id']}"), 404, "store.sql_command.save.get.app_error")


# ---- execute: custom commands --------------------------------------------------------------------
@upstream("server/channels/app/command.go", "tryExecuteCustomCommand")
def test_execute_custom_post_command_request_and_in_channel_reply(mm, world, login, receiver):
    team, channel, alice = world
    url = receiver.reply("/cmd", json_body={"response_type": "in_channel", "text": f"Sunny <@{alice.id}>"})
    cmd = make_command(mm, team, url)
    resp = execute(login(alice), channel, "/Weather berlin @alice")
    assert resp.status_code == 200
    body = resp.json()
    assert list(body) == RESPONSE_KEYS and is_valid_id(body["trigger_id"]) and body["text"] == "Sunny @alice"
    [request] = receiver.requests
    assert request.method == "POST" and request.headers["authorization"] == "Token " + cmd["token"]
    assert request.headers["content-type"] == "application/x-www-form-urlencoded"
    form = {k: v for k, v in request.form.items()}
    assert (
        set(REQUEST_KEYS) <= set(form)
        and form["command"] == ["/weather"]
        and form["text"] == ["berlin @alice"]
    )
    assert form["user_mentions"] == ["alice"] and form["user_mentions_ids"] == [alice.id]
    assert form["response_url"][0].endswith("/hooks/commands/" + form["response_url"][0].rsplit("/", 1)[1])
    post = last_post(mm, channel)
    assert (
        post.user_id == alice.id and post.message == "Sunny @alice" and post.props == {"from_webhook": "true"}
    )


@upstream("server/channels/app/command.go", "DoCommandRequest")
def test_execute_get_command_sends_query(mm, world, login, receiver):
    team, channel, alice = world
    url = receiver.reply("/get", text="plain text answer")
    make_command(mm, team, url, trigger="lookup", method="G")
    body = execute(login(alice), channel, "/lookup x").json()
    [request] = receiver.requests
    assert request.method == "GET" and request.query["text"] == ["x"] and request.body == b""
    assert body["text"] == "plain text answer" and body["response_type"] == ""


@upstream("server/channels/app/command.go", "CreateCommandPost")
def test_execute_ephemeral_reply_goes_to_the_caller_only(mm, world, login, receiver):
    team, channel, alice = world
    make_command(mm, team, receiver.reply("/cmd", json_body={"text": "only you"}))
    before = len(mm.posts_in(channel))
    execute(login(alice), channel, "/weather")
    assert len(mm.posts_in(channel)) == before
    event = mm.events_named("ephemeral_message")[-1]
    assert event.broadcast.user_id == alice.id and event.broadcast.channel_id == channel.id
    post = event.data["post"]
    assert post.type == "system_ephemeral" and post.message == "only you" and post.user_id == alice.id
    assert mm.store.posts.find(post.id) is None


@upstream("server/channels/app/command.go", "HandleCommandResponse")
def test_execute_extra_responses_and_goto_location(mm, world, login, receiver):
    team, channel, alice = world
    make_command(
        mm,
        team,
        receiver.reply(
            "/cmd",
            json_body={
                "response_type": "in_channel",
                "text": "one",
                "goto_location": "https://example.com",
                "extra_responses": [{"response_type": "in_channel", "text": "two"}],
            },
        ),
    )
    body = execute(login(alice), channel, "/weather").json()
    assert body["goto_location"] == "https://example.com" and body["extra_responses"][0]["text"] == "two"
    assert [p.message for p in mm.posts_in(channel)[-2:]] == ["one", "two"]


@upstream("server/channels/app/command.go", "DoCommandRequest")
def test_execute_integration_error_status_is_500(mm, world, login, receiver):
    team, channel, alice = world
    make_command(mm, team, receiver.reply("/cmd", status=500, text="boom"))
    resp = execute(login(alice), channel, "/weather")
    assert_app_error(resp, 500, "api.command.execute_command.failed_resp.app_error")


@upstream("server/channels/app/command.go", "DoCommandRequest")
def test_execute_unreachable_integration_is_500(mm, world, login):
    team, channel, alice = world
    make_command(mm, team, "http://127.0.0.1:9/nothing")
    assert_app_error(
        execute(login(alice), channel, "/weather"), 500, "api.command.execute_command.failed.app_error"
    )


@upstream("server/channels/app/command.go", "ExecuteCommand")
def test_execute_unknown_command_is_404(mm, world, login):
    resp = execute(login(world[2]), world[1], "/nosuch thing")
    assert_app_error(resp, 404, "api.command.execute_command.not_found.app_error")


@upstream("server/channels/api4/command.go", "executeCommand")
def test_execute_without_slash_is_400(mm, world, login):
    assert_app_error(
        execute(login(world[2]), world[1], "echo hi"), 400, "api.command.execute_command.start.app_error"
    )


@upstream("server/channels/api4/command.go", "executeCommand")
def test_execute_without_create_post_permission_is_403(mm, world, login):
    outsider = mm.make_user("carol")
    mm.store.teams.join(world[0], outsider)
    resp = execute(login(outsider), world[1], "/echo hi")
    assert_app_error(resp, 403, "api.context.permissions.app_error")


@upstream("server/channels/app/command.go", "tryExecuteCustomCommand")
def test_execute_commands_disabled_is_501(mm, world, login):
    mm.set_config("ServiceSettings.EnableCommands", False)
    assert_app_error(execute(login(world[2]), world[1], "/echo hi"), 501, "api.command.disabled.app_error")


@upstream("server/channels/app/post.go", "handlePostEvents")
def test_in_channel_reply_fires_outgoing_webhooks(mm, world, login, receiver):
    team, channel, alice = world
    make_command(
        mm, team, receiver.reply("/cmd", json_body={"response_type": "in_channel", "text": "ping out"})
    )
    mm.client.post(
        "/hooks/outgoing",
        json={
            "team_id": team.id,
            "trigger_words": ["ping"],
            "callback_urls": [receiver.reply("/out", text="")],
        },
    )
    execute(login(alice), channel, "/weather")
    assert mm._state.outbound_pool().wait_idle()
    assert [r.path for r in receiver.requests] == ["/cmd", "/out"]


# ---- response_url --------------------------------------------------------------------------------
@upstream("server/channels/app/webhook.go", "HandleCommandWebhook")
def test_response_url_posts_five_times_then_400(mm, world, login, receiver):
    team, channel, alice = world
    make_command(mm, team, receiver.reply("/cmd", text=""))
    execute(login(alice), channel, "/weather")
    response_url = receiver.requests[0].form["response_url"][0]
    path = "/hooks/commands/" + response_url.rsplit("/", 1)[1]
    anon = httpx.Client(transport=mm._transport)
    for n in range(5):
        resp = anon.post(mm.url + path, json={"response_type": "in_channel", "text": f"later {n}"})
        assert resp.status_code == 200 and resp.text == "ok"
    assert last_post(mm, channel).message == "later 4" and last_post(mm, channel).user_id == alice.id
    assert_app_error(
        anon.post(mm.url + path, json={"text": "x"}), 400, "web.command_webhook.general.app_error"
    )


# ---- built-ins -----------------------------------------------------------------------------------
@upstream("server/channels/app/slashcommands/command_echo.go", "DoCommand")
def test_echo_posts_the_message_as_the_user(mm, world, login):
    _, channel, alice = world
    body = execute(login(alice), channel, "/echo hello there").json()
    assert body["text"] == "" and body["response_type"] == ""
    post = last_post(mm, channel)
    assert post.message == "hello there" and post.user_id == alice.id and "from_webhook" not in post.props


@upstream("server/channels/app/slashcommands/command_echo.go", "DoCommand")
def test_echo_without_message_is_ephemeral_error(mm, world, login):
    body = execute(login(world[2]), world[1], "/echo").json()
    assert body["response_type"] == "ephemeral"
    assert body["text"] == "A message must be provided with the /echo command."


@upstream("server/channels/app/slashcommands/command_me.go", "DoCommand")
def test_me_posts_type_me(mm, world, login):
    _, channel, alice = world
    body = execute(login(alice), channel, "/me waves").json()
    assert body["response_type"] == "in_channel" and body["type"] == "me"
    post = last_post(mm, channel)
    assert post.type == "me" and post.message == "*waves*"


@upstream("server/channels/app/slashcommands/command_shrug.go", "DoCommand")
def test_shrug(mm, world, login):
    _, channel, alice = world
    execute(login(alice), channel, "/shrug oh well")
    assert last_post(mm, channel).message == "oh well ¯\\\\\\_(ツ)\\_/¯"


@upstream("server/channels/app/slashcommands/command_join.go", "DoCommand")
def test_join_and_leave(mm, world, login):
    team, channel, alice = world
    other = mm.make_channel(team, "random-talk")
    client = login(alice)
    body = execute(client, channel, "/join ~random-talk").json()
    assert body["goto_location"].endswith("/eng/channels/random-talk")
    assert mm.store.channels.member(other.id, alice.id) is not None
    body = execute(client, other, "/leave").json()
    assert body["goto_location"].endswith("/eng/channels/town-square")
    assert mm.store.channels.member(other.id, alice.id) is None
    town = mm.store.channels.find_by_name(team.id, "town-square")
    assert (
        execute(client, town, "/leave").json()["text"] == "Unable to leave the default channel town-square."
    )


@upstream("server/channels/app/command_autocomplete.go", "getSuggestions")
def test_command_autocomplete_suggestions_as_11_2_answers(mock_mattermost):
    """Observed on 11.2.0: /ec → echo with its hint and description; /a → away only; /away x → []."""
    mm = mock_mattermost
    team = mm.make_team("acme")
    c = mm.client
    base = f"/teams/{team.id}/commands/autocomplete_suggestions"
    assert c.get(base, params={"user_input": "/ec"}).json() == [
        {
            "Complete": "echo",
            "Suggestion": "echo",
            "Hint": "'message' [delay in seconds]",
            "Description": "Echo back text from your account",
            "IconData": "",
        }
    ]
    assert [s["Complete"] for s in c.get(base, params={"user_input": "/a"}).json()] == ["away"]
    assert c.get(base, params={"user_input": "/away x"}).json() == []
    missing = c.get(base)
    assert (
        missing.status_code == 400
        and missing.json()["message"] == "Invalid or missing userInput in request body."
    )


@upstream("server/channels/app/command_autocomplete.go", "parseArguments")
def test_command_suggestions_walk_the_built_in_trees(mm, world, login):
    """Observed on 11.2.0 (tests/parity/snapshots/commands_suggestions.json), as a plain team member."""
    team, _, alice = world
    client = login(alice)

    def suggest(typed):
        resp = client.get(f"/teams/{team.id}/commands/autocomplete_suggestions", params={"user_input": typed})
        assert resp.status_code == 200, resp.text
        return [(s["Complete"], s["Suggestion"], s["Hint"], s["Description"]) for s in resp.json()]

    assert suggest("/rename ") == [("rename ", "", "[text]", "[text]")]
    assert suggest('/rename "two words') == [('rename "two words', "", "[text]", "[text]")]
    assert suggest('/rename "two words" x') == []
    assert suggest("/share-channel UN") == [
        ("share-channel uninvite", "uninvite", "", "Uninvites a secure connection from this shared channel"),
        ("share-channel unshare", "unshare", "", "Unshares the current channel"),
    ]
    assert suggest("/secure-connection create --name foo ") == [
        (
            "secure-connection create --name foo --displayname ",
            "--displayname",
            "",
            "Secure connection display name",
        ),
        ("secure-connection create --name foo --password ", "--password", "", "Invitation password"),
    ]
    assert suggest("/secure-connection create --name foo --displayname bar --password p") == [
        (
            "secure-connection create --name foo --displayname bar --password p",
            "",
            "Password to be used to encrypt the invitation",
            "Invitation password",
        )
    ]
    assert suggest("/secure-connection remove --connectionID ") == []
    assert suggest("/join ~") == [] and suggest("/msg @alice") == []


@upstream("server/public/model/command.go", "Command")
def test_custom_command_autocomplete_data_is_echoed_not_stored(mm, world):
    """Observed on 11.2.0: create echoes autocomplete_data (db:"-"), a read has none, suggestions stop at the
    name; an invalid tree is model.command.is_valid.autocomplete_data.app_error."""
    team = world[0]
    tree = {"Trigger": "pick", "SubCommands": [{"Trigger": "go", "HelpText": "Go"}]}
    created = make_command(
        mm, team, "https://example.com/c", trigger="pick", auto_complete=True, autocomplete_data=tree
    )
    assert created["autocomplete_data"]["SubCommands"][0]["Trigger"] == "go"
    assert created["autocomplete_data"]["Arguments"] is None
    assert "autocomplete_data" not in mm.client.get(f"/commands/{created['id']}").json()
    base = f"/teams/{team.id}/commands/autocomplete_suggestions"
    assert mm.client.get(base, params={"user_input": "/pick "}).json() == []
    bad = mm.client.post(
        "/commands",
        json={
            "team_id": team.id,
            "trigger": "bad",
            "url": "https://example.com/c",
            "method": "P",
            "autocomplete_data": {"Trigger": "Bad"},
        },
    )
    assert_app_error(bad, 400, "model.command.is_valid.autocomplete_data.app_error")
