"""Shared test configuration: pytester for the plugin tests; the mockmost fixtures come from its pytest
plugin."""

pytest_plugins = ["pytester"]
