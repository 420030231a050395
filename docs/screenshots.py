"""Takes the README's screenshots of the browser client (docs/chat.png, docs/inspector.png) in headless
Chromium against `mockmost serve` with the default seed.

Run: .venv/bin/python docs/screenshots.py
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.run import free_port, start_mockmost  # noqa: E402

DOCS = Path(__file__).resolve().parent
BOT = {"Authorization": "Bearer bottokenxxxxxxxxxxxxxxxxxx"}
DEV = "devchannelyyyyyyyyyyyyyyya"


def scene(base: str) -> None:
    bob = httpx.post(f"{base}/api/v4/users/login", json={"login_id": "bob", "password": "bob-password"})
    bob_h = {"Authorization": f"Bearer {bob.headers['Token']}"}
    api = httpx.Client(base_url=f"{base}/api/v4")
    api.post(
        "/posts", headers=bob_h, json={"channel_id": DEV, "message": "@helperbot what is the build status?"}
    )
    api.post(
        "/posts",
        headers=BOT,
        json={
            "channel_id": DEV,
            "message": "Build **#42** passed :white_check_mark:",
            "props": {
                "attachments": [
                    {
                        "color": "#1c58d9",
                        "title": "Release 1.4.2",
                        "text": "All 1,204 tests green. Deploy to production?",
                        "fields": [
                            {"title": "Branch", "value": "`main`", "short": True},
                            {"title": "Took", "value": "3m 12s", "short": True},
                        ],
                        "actions": [
                            {
                                "name": "Deploy",
                                "style": "primary",
                                "integration": {"url": "http://127.0.0.1:9/x"},
                            },
                            {"name": "Cancel", "integration": {"url": "http://127.0.0.1:9/x"}},
                        ],
                    }
                ]
            },
        },
    )
    api.post(
        "/posts",
        headers=bob_h,
        json={
            "channel_id": DEV,
            "message": (
                "Here is the fix:\n```python\ndef retry(n):\n    return min(2 ** n, 30)\n```\nsee https://example.com/pr/7"
            ),
        },
    )


def main() -> int:
    from playwright.sync_api import sync_playwright

    chromium = os.environ.get("MOCKMOST_CHROMIUM") or shutil.which("chromium")
    if not chromium:
        print("no chromium: make deps-web", file=sys.stderr)
        return 1
    port = free_port()
    proc = start_mockmost(port)
    base = f"http://127.0.0.1:{port}"
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
            page = browser.new_page(viewport={"width": 1440, "height": 860}, device_scale_factor=1)
            page.goto(f"{base}/")
            page.get_by_role("button", name="Log in").wait_for()
            page.screenshot(path=str(DOCS / "signin.png"))
            page.get_by_role("list", name="Sign in as").get_by_role("button", name="alice").first.click()
            page.get_by_role("textbox", name="Write to Town Square").wait_for()
            scene(base)
            page.get_by_role("link", name="Development").click()
            page.get_by_text("Here is the fix:").wait_for()
            root = page.locator(".posts .post", has_text="Deploy is green")
            root.get_by_role("button", name="1 reply").click()
            page.get_by_role("textbox", name="Reply to thread").wait_for()
            box = page.get_by_role("textbox", name="Write to Development")
            box.click()
            box.type("/ec")
            page.get_by_role("listbox", name="Commands").wait_for()
            page.wait_for_timeout(300)
            page.screenshot(path=str(DOCS / "chat.png"))
            box.fill("")
            page.get_by_role("button", name="Close thread").click()
            page.get_by_role("button", name="Inspector").click()
            box.fill("watching the inspector :eyes:")
            box.press("Enter")
            inspector = page.get_by_role("complementary", name="Inspector")
            row = inspector.locator("li.event[data-event=posted]").first
            row.wait_for()
            row.locator("summary").click()
            page.wait_for_timeout(300)
            page.screenshot(path=str(DOCS / "inspector.png"))
            browser.close()
    finally:
        proc.terminate()
        proc.wait(10)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
