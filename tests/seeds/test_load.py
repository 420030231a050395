"""Seed workspaces: the default fixture loads with its fixed ids, passwords and tokens; bad seeds stop with
a SeedError naming the file, the entry and the problem."""

from __future__ import annotations

import httpx
import pytest

from mockmost.app import create_app
from mockmost.inprocess import InProcessTransport
from mockmost.seeds import DEFAULT_SEED, SeedError, apply_seed, load_seed_file, parse_seed, seed_loader
from mockmost.settings import Settings
from mockmost.store import Store

DEFAULT = DEFAULT_SEED


def _store() -> Store:
    return Store(Settings(openapi_path=None))


def _apply(text: str, source: str = "bad.yaml") -> Store:
    store = _store()
    apply_seed(store, parse_seed(text, source), source)
    return store


def test_default_seed_loads():
    store = _store()
    summary = apply_seed(store, load_seed_file(DEFAULT), str(DEFAULT))
    assert {u.username for u in store.users.all()} == {"admin", "alice", "bob", "helperbot"}
    assert [login["username"] for login in summary["logins"]] == ["admin", "alice", "bob"]
    assert {t["token"] for t in summary["tokens"]} == {
        "admintokenxxxxxxxxxxxxxxxx",
        "bottokenxxxxxxxxxxxxxxxxxx",
    }
    team = store.teams.get("testteamyyyyyyyyyyyyyyyyya")
    dev = store.channels.get("devchannelyyyyyyyyyyyyyyya")
    assert dev.team_id == team.id and dev.purpose == "Where the code talks"
    secret = store.channels.find_by_name(team.id, "secret")
    assert secret.type == "P" and store.channels.member_ids(secret.id) == {
        store.users.get_by_username(n).id for n in ("alice", "bob")
    }
    messages = [store.post_by_id[p].message for p in store.channel_posts[dev.id].ids()]
    assert "Deploy is green #release" in messages and "Nice work @alice" in messages


def test_default_seed_logins_and_tokens_work_over_http():
    app = create_app(
        Settings(openapi_path=None), seed_loader=seed_loader(load_seed_file(DEFAULT), str(DEFAULT))
    )
    transport = InProcessTransport(app)
    with httpx.Client(base_url="http://mm/api/v4", transport=transport) as client:
        login = client.post("/users/login", json={"login_id": "alice", "password": "alice-password"})
        assert login.status_code == 200 and login.json()["id"] == "aliceyyyyyyyyyyyyyyyyyyyya"
        for token, username in (
            ("admintokenxxxxxxxxxxxxxxxx", "admin"),
            ("bottokenxxxxxxxxxxxxxxxxxx", "helperbot"),
        ):
            me = client.get("/users/me", headers={"Authorization": f"Bearer {token}"})
            assert me.json()["username"] == username
        assert client.get("/users/me", headers={"Authorization": "Bearer bottokenxxxxxxxxxxxxxxxxxx"}).json()[
            "is_bot"
        ]
    transport.close()


def test_seed_settings_applied():
    store = _apply("settings:\n  TeamSettings.EnableOpenServer: true\n")
    assert store.settings.get("TeamSettings.EnableOpenServer") is True


def test_empty_seed_is_empty_world():
    store = _apply("")
    assert list(store.users.all()) == []


def test_json_seed():
    store = _apply(
        '{"users": [{"username": "jo", "email": "jo@example.com", "password": "password123"}]}', "seed.json"
    )
    assert store.users.get_by_username("jo").roles == "system_admin system_user"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("users: 5", "bad.yaml: users: must be a list"),
        ("- a\n- b", "bad.yaml: the top level must be a mapping"),
        ("nope: 1", "bad.yaml: top level: unknown key(s) nope"),
        ("users: [", "bad.yaml: not valid YAML or JSON"),
        ("users:\n  - username: x\n", "bad.yaml: users[0] (x): email is missing or not a string"),
        (
            "users:\n  - {username: a, email: a@x.com, password: password123, id: short}\n",
            "bad.yaml: users[0] (a): id 'short' is not a 26-character Mattermost id",
        ),
        (
            "users:\n  - {username: 'bad name', email: a@x.com, password: password123}\n",
            "bad.yaml: users[0] (bad name): Username must begin with a letter",
        ),
        (
            "users:\n  - {username: a, email: a@x.com, password: short}\n",
            "bad.yaml: users[0] (a): Your password must contain at least 8 characters.",
        ),
        (
            "users:\n  - {username: a, email: a@x.com, password: password123, colour: red}\n",
            "bad.yaml: users[0]: unknown key(s) colour",
        ),
        (
            "teams:\n  - {name: t1, creator: ghost}\n",
            "bad.yaml: teams[0] (t1).creator: no user named 'ghost'",
        ),
        (
            "settings:\n  ServiceSettings.NoSuchThing: 1\n",
            "bad.yaml: settings.ServiceSettings.NoSuchThing: unknown config key",
        ),
    ],
)
def test_bad_seed_names_file_entry_and_problem(text, expected):
    with pytest.raises(SeedError) as err:
        _apply(text)
    assert str(err.value).startswith(expected), str(err.value)


USERS = (
    "users:\n  - {username: admin, email: admin@x.com, password: password123}\n"
    "  - {username: amy, email: amy@x.com, password: password123}\n"
)


@pytest.mark.parametrize(
    ("tail", "expected"),
    [
        (
            "teams:\n  - {name: t1, creator: admin, members: [nobody]}\n",
            "teams[0] (t1).members[0]: no user named",
        ),
        (
            "teams:\n  - {name: t1, creator: admin, channels: [{name: 'Bad Name'}]}\n",
            "teams[0] (t1).channels[0] (Bad Name): ",
        ),
        (
            "teams:\n  - {name: t1, creator: admin, channels: [{name: dev, members: [amy]}]}\n",
            "teams[0] (t1).channels[0] (dev).members[0]: amy is not a member of team t1",
        ),
        (
            "teams:\n  - {name: t1, creator: admin, channels: [{name: dev, posts: [{user: admin, "
            "message: hi, replies: [{user: admin, message: r, replies: [{user: admin, message: rr}]}]}]}]}\n",
            "teams[0] (t1).channels[0] (dev).posts[0].replies[0]: a reply cannot have replies",
        ),
        (
            "teams:\n  - {name: t1, creator: admin, channels: [{name: dev, posts: "
            "[{user: admin, message: 5}]}]}\n",
            "teams[0] (t1).channels[0] (dev).posts[0]: message is missing or not a string",
        ),
        (
            "bots:\n  - {username: b1, tokens: [{token: aaaaaaaaaaaaaaaaaaaaaaaaaa}, "
            "{token: aaaaaaaaaaaaaaaaaaaaaaaaaa}]}\n",
            "bots[0] (b1).tokens[1]: token aaaaaaaaaaaaaaaaaaaaaaaaaa is used twice",
        ),
        ("bots:\n  - {username: b1, owner: ghost}\n", "bots[0] (b1).owner: no user named 'ghost'"),
        (
            "teams:\n  - {name: admin-team, creator: admin}\n",
            "teams[0] (admin-team): This URL is unavailable. Please try another.",
        ),
    ],
)
def test_bad_nested_entries(tail, expected):
    with pytest.raises(SeedError) as err:
        _apply(USERS + tail)
    assert str(err.value).startswith("bad.yaml: ") and expected in str(err.value), str(err.value)


def test_duplicate_explicit_ids_refused():
    text = (
        "users:\n  - {username: a1, email: a1@x.com, password: password123, id: aaaaaaaaaaaaaaaaaaaaaaaaaa}\n"
        "  - {username: a2, email: a2@x.com, password: password123, id: aaaaaaaaaaaaaaaaaaaaaaaaaa}\n"
    )
    with pytest.raises(SeedError) as err:
        _apply(text)
    assert "users[1] (a2): id aaaaaaaaaaaaaaaaaaaaaaaaaa is used twice" in str(err.value)


def test_missing_file_names_it(tmp_path):
    with pytest.raises(SeedError) as err:
        load_seed_file(tmp_path / "absent.yaml")
    assert str(err.value).startswith(str(tmp_path / "absent.yaml")) and "cannot read" in str(err.value)


def test_seed_file_path_in_errors(tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text("users:\n  - username: onlyname\n")
    data = load_seed_file(path)
    with pytest.raises(SeedError) as err:
        apply_seed(_store(), data, str(path))
    assert str(err.value).startswith(f"{path}: users[0] (onlyname): ")


def test_seed_fixture_in_plugin(pytester, monkeypatch):
    seed = pytester.makefile(
        ".yaml", seed="users:\n  - {username: zed, email: zed@x.com, password: password123}\n"
    )
    pytester.makeconftest(f"""
import pytest

@pytest.fixture(scope="session")
def mockmost_seed():
    return {str(seed)!r}
""")
    pytester.makepyfile("""
def test_seeded(mock_mattermost):
    assert mock_mattermost.store.users.get_by_username("zed").roles == "system_admin system_user"
    assert mock_mattermost.admin.username == "zed"
""")
    monkeypatch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")
    pytester.runpytest_subprocess("-q", "-p", "mockmost.pytest_plugin").assert_outcomes(passed=1)
