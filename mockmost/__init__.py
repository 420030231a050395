"""mockmost: a faithful, fast, in-memory Mattermost server for tests and offline bot development."""

from mockmost.app import create_app
from mockmost.errors import AppError
from mockmost.settings import Settings
from mockmost.testing import MockMattermost

__version__ = "0.1.0"

__all__ = ["AppError", "MockMattermost", "Settings", "__version__", "create_app"]
