"""The parity normaliser: ids, timestamps, tokens and headers become comparable labels."""

from __future__ import annotations

from mockmost.parity.compare import Tolerance, compare_runs, diff_values
from mockmost.parity.normalise import Normaliser, Window, cookie_shape, headers_shape, version_shape

ID_A = "ybndrfg8ejkmcpqxot1uwisza3"
ID_B = "45h769ybndrfg8ejkmcpqxot1u"


def _normaliser(**kw):
    windows = [
        Window("setup", 1_700_000_000_000, 1_700_000_000_100),
        Window("s1", 1_700_000_000_101, 1_700_000_000_200),
    ]
    return Normaliser(
        run_token="rabcdefgh",
        site_url="http://127.0.0.1:9",
        admin_username="sysadmin",
        admin_email="sysadmin@example.com",
        windows=windows,
        **kw,
    )


def test_ids_become_labels_by_first_appearance_and_named_ids_keep_their_name():
    n = _normaliser()
    n.name(ID_B, "team")
    assert n.value({"a": ID_A, "b": [ID_B, ID_A], "c": f"{ID_A}__{ID_B}"}) == {
        "a": "<id1>",
        "b": ["<team>", "<id1>"],
        "c": "<id1>__<team>",
    }


def test_maps_keyed_by_id_are_labelled_in_a_stable_order():
    n = _normaliser()
    n.name(ID_B, "post")
    out = n.value({"posts": {ID_A: {"m": 2}, ID_B: {"m": 1}}})
    assert list(out["posts"]) == ["<post>", "<id1>"]


def test_timestamps_become_the_step_that_made_them():
    n = _normaliser()
    n.set_step(n.windows[1])
    assert n.value(
        {
            "create_at": 1_700_000_000_150,
            "x": 1_600_000_000_000,
            "zero": 0,
            "expires_at": 1_700_000_000_101 + 720 * 3_600_000,
        }
    ) == {"create_at": "<t:s1>", "x": "<t:before>", "zero": 0, "expires_at": "<t:+720h>"}


def test_run_token_site_admin_and_masked_keys():
    n = _normaliser()
    assert n.value(
        {
            "token": "secret",
            "request_id": "abc",
            "name": "t-rabcdefgh",
            "url": "http://127.0.0.1:9/x",
            "message": "sysadmin added you",
            "email": "sysadmin@example.com",
        }
    ) == {
        "token": "<masked>",
        "request_id": "<masked>",
        "name": "t-{run}",
        "url": "{site}/x",
        "message": "{admin} added you",
        "email": "{admin.email}",
    }


def test_version_and_cookie_shapes():
    assert version_shape("11.2.0.12345.abcdef.false") == "11.2.0.<build>.<hash>.false"
    n = _normaliser()
    assert cookie_shape("MMAUTHTOKEN=xyz; Path=/; Max-Age=2592000; HttpOnly; SameSite=Lax", n) == {
        "name": "MMAUTHTOKEN",
        "value": "<set>",
        "path": "/",
        "max-age": "2592000",
        "httponly": True,
        "samesite": "Lax",
    }
    assert headers_shape([("Content-Type", "application/json"), ("X-Request-Id", "r"), ("Date", "d")], n) == {
        "content-type": "application/json"
    }


def test_differences_name_the_step_and_path_and_the_ledger_tolerates_by_glob():
    a = {"scenario": "s", "steps": [{"name": "one", "status": 200, "response": {"x": [1, 2]}}]}
    b = {"scenario": "s", "steps": [{"name": "one", "status": 200, "response": {"x": [1, 3]}}]}
    counted, tolerated = compare_runs(a, b)
    assert [(d.step, d.path, d.a, d.b) for d in counted] == [("one", "$.response.x[1]", 2, 3)]
    counted, tolerated = compare_runs(a, b, [Tolerance("s", "*", "$.response.x*", "because")])
    assert not counted and len(tolerated) == 1
    assert diff_values({"a": 1}, {"b": 1}) == [("$.a", 1, "<absent>"), ("$.b", "<absent>", 1)]


def test_lists_sorted_by_a_field_are_labelled_in_that_order_and_own_items_drop_other_runs():
    import json

    from mockmost.parity.normalise import body_value, sort_unordered

    # Two servers answering the same roles in their own orders read alike, sorted by name before labelling.
    roles = [
        {"id": ID_A, "name": "team_user", "permissions": ["b", "a"]},
        {"id": ID_B, "name": "channel_user"},
    ]
    first = body_value(json.dumps(roles).encode(), "application/json", _normaliser(), ["$ by name"])
    second = body_value(json.dumps(roles[::-1]).encode(), "application/json", _normaliser(), ["$ by name"])
    assert (
        first
        == second
        == [
            {"id": "<id1>", "name": "channel_user"},
            {"id": "<id2>", "name": "team_user", "permissions": ["b", "a"]},
        ]
    )
    assert sort_unordered(first, ["*.permissions"])[1]["permissions"] == ["a", "b"]
    # Items of other runs on a live server drop out; this run's stay.
    teams = {"teams": [{"name": "t-rabcdefgh"}, {"name": "t-rothersss"}], "total": 2}
    own = body_value(json.dumps(teams).encode(), "application/json", _normaliser(), None, ["teams"])
    assert own == {"teams": [{"name": "t-{run}"}], "total": 2}


CODE = ID_A + ID_B  # an OAuth authorisation code is two ids


def test_oauth_secrets_in_urls_forms_and_redirects_are_masked():
    """Observed on 11.2.0: a code in the redirect's query, the implicit grant's token in its fragment, the
    token request's form (tests/parity/snapshots/oauth_flow.json)."""
    n = _normaliser()
    assert (
        n.text(f"http://cb.example.com/cb?code={CODE}&state=s1")
        == "http://cb.example.com/cb?code=<masked>&state=s1"
    )
    assert n.text(f"http://cb.example.com/cb#access_token={ID_A}&expires_in=2591999&scope=user") == (
        "http://cb.example.com/cb#access_token=<masked>&expires_in=2591999&scope=user"
    )
    form = f"grant_type=refresh_token&client_id={ID_B}&client_secret={ID_A}&refresh_token={ID_A}"
    assert (
        n.text(form)
        == "grant_type=refresh_token&client_id=<id1>&client_secret=<masked>&refresh_token=<masked>"
    )
    assert n.text("x?error_code=1&s_code=2") == "x?error_code=1&s_code=2"


def test_the_signature_of_an_error_link_is_masked_in_both_escapings():
    """web/oauth.go renders utils.RenderWebError: the link to /error carries a fresh ECDSA signature."""
    n = _normaliser()
    js = "'/error?message\\u003DInvalid+client+id.\\u0026s\\u003DMEUCIFfPZ_x-y\\u003D'"
    assert n.text(js) == "'/error?message\\u003DInvalid+client+id.\\u0026s\\u003D<signature>'"
    assert n.text('url=/error?message=x&amp;s=MEUCIFf-_Z=">') == 'url=/error?message=x&amp;s=<signature>">'


def test_a_redirect_keeps_its_location():
    n = _normaliser()
    headers = [
        ("Content-Type", "application/json"),
        ("Location", "http://127.0.0.1:9/login?redirect_to=%2Fx"),
    ]
    assert headers_shape(headers, n) == {
        "content-type": "application/json",
        "location": "{site}/login?redirect_to=%2Fx",
    }


def test_save_reads_a_parameter_of_a_url_in_the_body_or_a_header():
    import httpx

    from mockmost.parity.runner import _extract

    response = httpx.Response(302, headers={"Location": f"http://cb/x?code={CODE}&state=a"})
    assert _extract(None, response, "header:location?code") == CODE
    body = {"redirect": f"http://cb/x#access_token={ID_A}&state=b"}
    assert _extract(body, response, "redirect?access_token") == ID_A
    assert _extract(body, response, "redirect?code") is None


def test_a_shape_only_response_gives_its_ids_no_labels():
    """Server-wide data (every token of a shared server) must not shift the labels of the steps after it."""
    from mockmost.parity.runner import response_value
    from mockmost.parity.scenario import Step

    n = _normaliser()
    body = f'[{{"id": "{ID_A}", "n": 1}}]'.encode()
    wide = Step("every token", "admin", "GET", "/api/v4/users/tokens", shape_only="server-wide data")
    assert response_value(wide, body, "application/json", n) == "<list>"
    plain = Step("one", "admin", "GET", "/x")
    assert response_value(plain, f'{{"id": "{ID_B}"}}'.encode(), "application/json", n) == {"id": "<id1>"}
    assert n.value(ID_A) == "<id2>"
