"""Unhandled exceptions on REST: logged with their traceback (logger "mockmost"), recorded for the fixture,
and answered with the real server's generic 500 body, which carries no Python text.

Upstream: server/channels/web/handlers.go handleContextError (detailed_error wiped, the generic 500 of
hardened mode), server/public/model/utils.go AppError."""

from __future__ import annotations

import logging

import httpx
import pytest

from mockmost.app import create_app, state_of
from mockmost.http.dispatch import PUBLIC, Route
from mockmost.inprocess import InProcessTransport
from mockmost.settings import Settings

upstream = pytest.mark.upstream


def _crashing_app(developer: bool = False):
    settings = Settings()
    settings.set("ServiceSettings.EnableDeveloper", developer)
    app = create_app(settings)

    def explode(ctx):
        raise ZeroDivisionError("secret python detail")

    assert app.dispatcher.index.add(Route("GET", "/api/v4/mockmost_test/explode", explode, auth=PUBLIC))
    return app, httpx.Client(transport=InProcessTransport(app), base_url="http://mockmost.local")


@upstream("server/channels/web/handlers.go", "handleContextError")
@pytest.mark.parametrize("developer", [False, True])
def test_unhandled_exception_answers_the_generic_500_without_python_text(developer):
    app, client = _crashing_app(developer)
    resp = client.get("/api/v4/mockmost_test/explode")
    assert resp.status_code == 500
    assert resp.headers["content-type"] == "application/json"
    assert resp.json() == {
        "id": "api.context.unexpected_error",
        "message": "Internal Server Error",
        "detailed_error": "",
        "request_id": resp.headers["x-request-id"],
        "status_code": 500,
    }
    assert "ZeroDivision" not in resp.text and "secret" not in resp.text
    state_of(app).take_crashes()


def test_unhandled_exception_is_logged_with_its_traceback(caplog):
    app, client = _crashing_app()
    with caplog.at_level(logging.ERROR, logger="mockmost"):
        client.get("/api/v4/mockmost_test/explode")
    records = [r for r in caplog.records if r.name == "mockmost"]
    assert len(records) == 1 and records[0].levelno == logging.ERROR
    text = records[0].getMessage()
    assert "GET /api/v4/mockmost_test/explode" in text
    assert "Traceback (most recent call last)" in text and "ZeroDivisionError: secret python detail" in text
    state_of(app).take_crashes()


def test_unhandled_exception_is_recorded_for_the_fixture():
    app, client = _crashing_app()
    client.get("/api/v4/mockmost_test/explode")
    crashes = state_of(app).take_crashes()
    assert [(c.where, c.error) for c in crashes] == [
        ("GET /api/v4/mockmost_test/explode", "ZeroDivisionError: secret python detail")
    ]
    assert "Traceback" in crashes[0].traceback
    assert client.get("/api/v4/system/ping").status_code == 200


def test_the_server_answers_on_after_a_crash():
    app, client = _crashing_app()
    client.get("/api/v4/mockmost_test/explode")
    assert client.get("/api/v4/system/ping").json()["status"] == "OK"
    state_of(app).take_crashes()


def test_serve_logs_mockmost_errors_to_stderr(capsys):
    from mockmost.cli import _log_to_stderr

    logger = logging.getLogger("mockmost")
    before = list(logger.handlers)
    try:
        _log_to_stderr()
        try:
            raise ZeroDivisionError("boom")
        except ZeroDivisionError:
            logger.exception("unhandled exception in test")
        err = capsys.readouterr().err
        assert "ERROR mockmost: unhandled exception in test" in err and "ZeroDivisionError: boom" in err
    finally:
        for handler in logger.handlers[len(before) :]:
            logger.removeHandler(handler)
