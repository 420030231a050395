"""mockmost.client as a consumer of the document: every request a helper builds is one the document allows
(method, path, parameters, body), and every response the document allows is read without error."""

from __future__ import annotations

import asyncio
import inspect
import json
import string

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.generation.jsonschema.builder import build

from contracts.conftest import CONTRACT, DERANDOMIZE
from contracts.consumer import Oracle
from mockmost.client import AsyncClient, Client, MattermostError
from mockmost.client import requests as rq

pytestmark = pytest.mark.skipif(CONTRACT is None, reason="no OpenAPI document (MOCKMOST_OPENAPI)")
ORACLE = Oracle(CONTRACT.patched) if CONTRACT is not None else None
SETTINGS = settings(
    max_examples=15,
    deadline=None,
    database=None,
    derandomize=DERANDOMIZE,
    suppress_health_check=list(HealthCheck),
)

ids = st.text(string.ascii_lowercase + string.digits, min_size=26, max_size=26)
names = st.from_regex(r"[a-z0-9][a-z0-9\-]{1,30}", fullmatch=True)
ARGS = {  # by parameter name, as the server's model validation would accept them
    "username": st.from_regex(r"[a-z][a-z0-9._\-]{2,20}", fullmatch=True),
    "email": st.from_regex(r"[a-z]{1,10}@[a-z]{1,10}\.com", fullmatch=True),
    "password": st.text(min_size=1, max_size=40),
    "name": names,
    "display_name": st.text(min_size=1, max_size=64),
    "type": st.sampled_from(["O", "P"]),
    "message": st.text(max_size=200),
    "root_id": st.one_of(st.just(""), ids),
    "file_ids": st.lists(ids, max_size=5),
    "props": st.none() | st.dictionaries(names, st.text(max_size=10)),
    "is_pinned": st.none() | st.booleans(),
    "emoji_name": st.from_regex(r"[a-z0-9_+\-]{1,40}", fullmatch=True),
    "page": st.integers(0, 1000),
    "per_page": st.integers(1, 200),
    "since": st.none() | st.integers(0, 2**41),
    "before": st.none() | ids,
    "after": st.none() | ids,
    "in_team": st.none() | ids,
    "in_channel": st.none() | ids,
    "filename": st.from_regex(r"[a-z0-9]{1,20}\.txt", fullmatch=True),
    "content": st.binary(max_size=200),
    "content_type": st.just("text/plain"),
}


def arguments(helper: str) -> st.SearchStrategy[dict]:
    params = inspect.signature(getattr(rq, helper)).parameters
    fields = {}
    for p in params.values():
        if p.kind is p.VAR_KEYWORD:
            continue
        fields[p.name] = ids if p.name.endswith("_id") and p.name not in ARGS else ARGS[p.name]
    return st.fixed_dictionaries(fields)


def answering(body: object, status: int, seen: list[httpx.Request], raw: bool = False) -> httpx.MockTransport:
    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if raw:
            return httpx.Response(status, content=body)
        return httpx.Response(status, json=body, headers={"Token": "tokentokentokentokentokent"})

    return httpx.MockTransport(handle)


def check_request(request: httpx.Request) -> str:
    return ORACLE.check_request(
        request.method,
        request.url.path,
        request.url.query,
        request.headers.get("content-type", ""),
        request.content,
    )


def response_strategy(template: str, method: str) -> tuple[int, st.SearchStrategy]:
    status, schema = ORACLE.success_response(template, method)
    # schemathesis' own JSON Schema engine (hypothesis-jsonschema, its former one, no longer runs on current
    # hypothesis releases).
    return status, (build(schema, draft=4, formats={}) if schema else st.none())


@pytest.mark.parametrize("helper", rq.HELPERS)
def test_helper_requests_fit_the_document_and_documented_answers_parse(helper):
    @SETTINGS
    @given(args=arguments(helper), data=st.data())
    def run(args, data):
        req = getattr(rq, helper)(**args)
        template = ORACLE.find(req.method, rq.API + req.path.split("?")[0])[0]
        status, answers = response_strategy(template, req.method)
        body = b"file bytes" if req.raw else data.draw(answers, label="documented answer")
        seen: list[httpx.Request] = []
        with Client("http://mm.test", token="t" * 26, transport=answering(body, status, seen, req.raw)) as c:
            got = getattr(c, helper)(**args)
        assert len(seen) == 1
        assert check_request(seen[0]) == template
        assert seen[0].headers["Authorization"] == "Bearer " + "t" * 26
        assert got == (body if req.raw else json.loads(json.dumps(body)))

    run()


@SETTINGS
@given(
    error=st.fixed_dictionaries(
        {
            "id": st.text(max_size=60),
            "message": st.text(max_size=100),
            "detailed_error": st.text(max_size=100),
            "request_id": ids,
            "status_code": st.sampled_from([400, 401, 403, 404, 413, 501]),
        }
    )
)
def test_app_errors_raise_mattermost_error_with_their_fields(error):
    seen: list[httpx.Request] = []
    with Client("http://mm.test", transport=answering(error, error["status_code"], seen)) as c:
        with pytest.raises(MattermostError) as raised:
            c.get_post("p" * 26)
    err = raised.value
    assert (err.status_code, err.id, err.message, err.detailed_error, err.request_id) == (
        error["status_code"],
        error["id"],
        error["message"],
        error["detailed_error"],
        error["request_id"],
    )


def test_error_without_json_body_still_raises_with_status_and_request_id():
    transport = httpx.MockTransport(
        lambda r: httpx.Response(429, text="limit exceeded", headers={"X-Request-Id": "r" * 26})
    )
    with Client("http://mm.test", transport=transport) as c, pytest.raises(MattermostError) as raised:
        c.get_me()
    assert raised.value.status_code == 429 and raised.value.request_id == "r" * 26
    assert raised.value.message == "limit exceeded"


OPERATION_IDS = sorted({op.operation_id for op in CONTRACT.operations()}) if CONTRACT else []


@SETTINGS
@given(operation_id=st.sampled_from(OPERATION_IDS or ["none"]), value=ids)
def test_generic_call_builds_the_documented_method_and_path(operation_id, value):
    import re

    method, template = rq._operations(None)[operation_id]
    params = {n: value for n in re.findall(r"\{([^}]+)\}", template)}
    seen: list[httpx.Request] = []
    with Client("http://mm.test", token="x", transport=answering({}, 200, seen)) as c:
        c.call(operation_id, path_params=params)
    assert seen[0].method == method
    found, _, path_params = ORACLE.find(method, seen[0].url.path)
    assert re.sub(r"\{[^}]+\}", value, found) == re.sub(r"\{[^}]+\}", value, template)


def test_generic_call_refuses_unknown_operations_and_missing_path_parameters():
    with Client("http://mm.test", transport=answering({}, 200, [])) as c:
        with pytest.raises(rq.UnknownOperation):
            c.call("NoSuchOperation")
        with pytest.raises(ValueError, match="post_id"):
            c.call("GetPost")


def test_password_login_keeps_the_session_token_for_later_calls():
    seen: list[httpx.Request] = []
    with Client("http://mm.test/api/v4", transport=answering({"id": "u" * 26}, 200, seen)) as c:
        assert c.login("alice", "pw")["id"] == "u" * 26
        c.get_me()
    assert check_request(seen[0]) == "/api/v4/users/login"
    assert "Authorization" not in seen[0].headers
    assert seen[1].headers["Authorization"] == "Bearer tokentokentokentokentokent"


@SETTINGS
@given(args=arguments("create_post"), data=st.data())
def test_async_client_builds_the_same_requests(args, data):
    status, answers = response_strategy("/api/v4/posts", "POST")
    body = data.draw(answers)
    seen: list[httpx.Request] = []

    async def go():
        async with AsyncClient("http://mm.test", token="a", transport=answering(body, status, seen)) as c:
            return await c.create_post(**args)

    assert asyncio.run(go()) == json.loads(json.dumps(body))
    assert check_request(seen[0]) == "/api/v4/posts"


@pytest.mark.parametrize("helper", rq.HELPERS)
def test_helpers_of_both_clients_take_the_request_builders_arguments(helper):
    from mockmost.client._base import Helpers

    built = inspect.signature(getattr(rq, helper))
    method = inspect.signature(getattr(Helpers, helper))
    assert list(method.parameters)[1:] == list(built.parameters)
    assert [p.default for p in list(method.parameters.values())[1:]] == [
        p.default for p in built.parameters.values()
    ]


def test_async_client_against_mockmost_in_process():
    from mockmost.contract.local import build_app

    app = build_app()

    async def go():
        transport = httpx.ASGITransport(app=app)
        async with AsyncClient("http://mockmost.local", transport=transport) as c:
            me = await c.login("alice", "alice-password")  # fixtures/default.yaml
            post = await c.create_post("devchannelyyyyyyyyyyyyyyya", "from the async client")
            back = await c.call("GetPost", path_params={"post_id": post["id"]})
            with pytest.raises(MattermostError) as raised:
                await c.get_channel("zzzzzzzzzzzzzzzzzzzzzzzzzz")
            await c.logout()
            return me, post, back, raised.value

    me, post, back, err = asyncio.run(go())
    assert back["message"] == "from the async client" and back["user_id"] == me["id"] == post["user_id"]
    # Upstream: api4/channel.go getChannel looks the channel up before any permission check.
    assert (err.status_code, err.id) == (404, "app.channel.get.existing.app_error") and err.request_id
