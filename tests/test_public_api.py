"""The public API is exactly mockmost.__all__, and every name in it resolves."""

from __future__ import annotations

import mockmost


def test_all_is_exact():
    assert mockmost.__all__ == ["AppError", "MockMattermost", "Settings", "__version__", "create_app"]


def test_every_public_name_resolves():
    from mockmost.app import create_app
    from mockmost.errors import AppError
    from mockmost.settings import Settings
    from mockmost.testing import MockMattermost

    assert (mockmost.create_app, mockmost.AppError, mockmost.Settings, mockmost.MockMattermost) == (
        create_app,
        AppError,
        Settings,
        MockMattermost,
    )
    assert isinstance(mockmost.__version__, str) and mockmost.__version__.count(".") == 2


def test_star_import_gives_exactly_all():
    namespace: dict[str, object] = {}
    exec("from mockmost import *", namespace)
    assert sorted(k for k in namespace if k != "__builtins__") == sorted(mockmost.__all__)


def test_unknown_attribute_raises():
    try:
        mockmost.not_a_thing  # noqa: B018
    except AttributeError as err:
        assert "not_a_thing" in str(err)
    else:
        raise AssertionError("expected AttributeError")
