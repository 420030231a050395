"""mockmost: a faithful, fast, in-memory Mattermost server for tests and offline bot development.

The public names are loaded on first use (PEP 562), so `import mockmost.store` needs no web stack.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mockmost.app import create_app
    from mockmost.errors import AppError
    from mockmost.settings import Settings
    from mockmost.testing import MockMattermost

__version__ = "0.1.0"

__all__ = ["AppError", "MockMattermost", "Settings", "__version__", "create_app"]

_LAZY = {
    "AppError": "mockmost.errors",
    "MockMattermost": "mockmost.testing",
    "Settings": "mockmost.settings",
    "create_app": "mockmost.app",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'mockmost' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
