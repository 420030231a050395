"""The platform, OS and browser a login session records from the User-Agent. Upstream: app/user_agent.go.

The real server parses the header with uasurfer; this reads the common cases the same way (the Mattermost
apps, mmctl, the major browsers on the major systems) and answers like uasurfer's unknowns otherwise:
platform "Unknown", os "", browser "Unknown/0.0" (what a script's User-Agent gets on 11.2).
"""

from __future__ import annotations

import re

_PLATFORMS = (
    ("Windows Phone", "Windows Phone"),
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("iPod", "iPod"),
    ("Windows", "Windows"),
    ("Macintosh", "Macintosh"),
    ("Android", "Linux"),
    ("Linux", "Linux"),
    ("BlackBerry", "BlackBerry"),
)
_WINDOWS = {
    "5.0": "Windows 2000",
    "5.1": "Windows XP",
    "5.2": "Windows XP x64 Edition",
    "6.0": "Windows Vista",
    "6.1": "Windows 7",
    "6.2": "Windows 8",
    "6.3": "Windows 8.1",
    "10.0": "Windows 10",
}
_BROWSERS = (("Firefox/", "Firefox"), ("OPR/", "Opera"), ("Chrome/", "Chrome"), ("Version/", "Safari"))


def _platform(ua: str) -> str:
    for needle, name in _PLATFORMS:
        if needle in ua:
            return name
    if "Mattermost Mobile/" in ua:
        return "Linux"
    return "Unknown"


def _os(ua: str) -> str:
    if "Windows Phone" in ua:
        return "Windows Phone"
    windows = re.search(r"Windows NT (\d+\.\d+)", ua)
    if windows:
        return _WINDOWS.get(windows.group(1), "Windows")
    for needle, name in (
        ("iPhone", "iOS"),
        ("iPad", "iOS"),
        ("Android", "Android"),
        ("CrOS", "Chrome OS"),
        ("Mac OS X", "Mac OS"),
        ("Linux", "Linux"),
    ):
        if needle in ua:
            return name
    if "Mattermost Mobile/" in ua:
        return "Android"
    return ""


def _version(text: str) -> str:
    parts = [int(p) for p in re.findall(r"\d+", text)[:3]] + [0, 0, 0]
    major, minor, patch = parts[:3]
    return f"{major}.{minor}" if patch == 0 else f"{major}.{minor}.{patch}"


def _browser(ua: str) -> str:
    for marker in ("Mattermost Mobile/", "Mattermost/", "mmctl/", "Franz/"):
        if marker in ua:
            version = ua[ua.index(marker) + len(marker) :].split()
            name = (
                "Mobile App"
                if marker == "Mattermost Mobile/"
                else "mmctl"
                if marker == "mmctl/"
                else "Desktop App"
                if "Mattermost" in marker or "Electron" in ua
                else "Unknown"
            )
            return f"{name}/{version[0][:128] if version else ''}"
    if "Electron" in ua:
        return "Desktop App/0.0"
    for marker, name in _BROWSERS:
        found = re.search(re.escape(marker) + r"([\d.]+)", ua)
        if found:
            return f"{name}/{_version(found.group(1))}"
    return "Unknown/0.0"


def session_props(user_agent: str) -> dict[str, str]:
    """platform, os and browser as DoLogin adds them to a new session's props."""
    return {"platform": _platform(user_agent), "os": _os(user_agent), "browser": _browser(user_agent)}
