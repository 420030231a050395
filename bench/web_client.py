"""The browser client's speed, in headless Chromium (Debian's, through Playwright) against `mockmost serve`:

- first screen: from navigation to `/` (signed in, default seed) until the message box "Write to Town Square"
  is on screen and the channel's posts are shown; median of several fresh tabs;
- a channel of 10,000 posts: time to open it, how many posts the page fetched and kept in the page, and the
  time to page back through older history by scrolling up.

Run: .venv/bin/python -m bench.web_client [--runs 7] [--posts 10000]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import time

import httpx

from bench.run import ADMIN_TOKEN, free_port, start_mockmost


def _big_channel_seed(posts: int) -> dict[str, object]:
    return {
        "teams": [
            {
                "name": "bigteam",
                "display_name": "Big Team",
                "type": "O",
                "creator": "admin",
                "members": ["alice"],
                "channels": [
                    {
                        "name": "big",
                        "display_name": "Big Channel",
                        "creator": "admin",
                        "members": ["alice"],
                        "posts": [
                            {"user": "alice" if i % 2 else "admin", "message": f"post number {i}"}
                            for i in range(posts)
                        ],
                    }
                ],
            }
        ]
    }


def _sign_in(context: object, base: str) -> None:
    res = context.request.post(f"{base}/__mockmost__/signin", data={"username": "alice"})  # type: ignore[attr-defined]
    assert res.ok, res.text()


def first_screen(browser: object, base: str, runs: int) -> tuple[list[float], list[float]]:
    """Wall clock seen by the driver, and the page's own mark (performance.now() when the posts are shown)."""
    times, marks = [], []
    for _ in range(runs):
        context = browser.new_context(viewport={"width": 1400, "height": 900})  # type: ignore[attr-defined]
        _sign_in(context, base)
        page = context.new_page()
        start = time.perf_counter()
        page.goto(f"{base}/")
        page.get_by_role("textbox", name="Write to Town Square").wait_for()
        page.locator(".posts .post").first.wait_for()
        times.append((time.perf_counter() - start) * 1000)
        marks.append(page.evaluate("window.mockmostFirstScreen"))
        context.close()
    return times, marks


def big_channel(browser: object, base: str, posts: int) -> dict[str, object]:
    context = browser.new_context(viewport={"width": 1400, "height": 900})  # type: ignore[attr-defined]
    _sign_in(context, base)
    page = context.new_page()
    fetched: list[str] = []
    page.on("request", lambda r: fetched.append(r.url) if "/posts?" in r.url else None)
    page.goto(f"{base}/")
    page.get_by_role("textbox", name="Write to Town Square").wait_for()
    start = time.perf_counter()
    page.get_by_role("link", name="Big Channel").click()
    page.get_by_text(f"post number {posts - 1}", exact=True).wait_for()
    open_ms = (time.perf_counter() - start) * 1000
    shown_at_open = page.locator(".posts .post").count()
    log = page.get_by_role("log", name="Messages", exact=True)
    pages = []
    for _ in range(5):
        before = page.locator(".posts .post").count()
        start = time.perf_counter()
        log.evaluate("el => { el.scrollTop = 0; el.dispatchEvent(new Event('scroll')); }")
        page.wait_for_function(f"document.querySelectorAll('.posts .post').length > {before}")
        pages.append((time.perf_counter() - start) * 1000)
    result = {
        "open_ms": round(open_ms, 1),
        "posts_in_page_at_open": shown_at_open,
        "post_requests_at_open": 1 + sum(1 for u in fetched[:1] if "before=" in u),
        "older_page_ms": [round(p, 1) for p in pages],
        "posts_in_page_after_5_pages": page.locator(".posts .post").count(),
        "post_requests_total": len(fetched),
    }
    context.close()
    return result


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--posts", type=int, default=10_000)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    chromium = os.environ.get("MOCKMOST_CHROMIUM") or shutil.which("chromium")
    if not chromium:
        print("bench.web_client: no chromium (make deps-web installs it)", file=sys.stderr)
        return 1
    port = free_port()
    proc = start_mockmost(port)
    base = f"http://127.0.0.1:{port}"
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
            browser.new_page().goto(f"{base}/")  # warm the browser itself
            screens, marks = first_screen(browser, base, args.runs)
            start = time.perf_counter()
            seed = httpx.post(
                f"{base}/__mockmost__/seed",
                json=_big_channel_seed(args.posts),
                timeout=120,
                headers={"Authorization": f"Bearer {ADMIN_TOKEN}"},
            )
            seed.raise_for_status()
            seeded = time.perf_counter() - start
            big = big_channel(browser, base, args.posts)
            browser.close()
    finally:
        proc.terminate()
        proc.wait(10)
    print(
        json.dumps(
            {
                "first_screen_ms": {
                    "median": round(statistics.median(screens), 1),
                    "max": round(max(screens), 1),
                    "runs": [round(s, 1) for s in screens],
                    "in_page_median": round(statistics.median(marks), 1),
                },
                "big_channel": {"posts": args.posts, "seeded_s": round(seeded, 2), **big},
            },
            indent=2,
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
