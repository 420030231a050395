"""Server jobs the real server runs on a timer. Upstream: server/channels/app/server.go runPostReminderJob
(app/post.go CheckPostReminders every 5 minutes, at the next 5-minute boundary).

`mockmost serve` runs them on that schedule; tests run them on demand (`mock_mattermost.run_post_reminders()`
or `POST /__mockmost__/jobs/post_reminders`) instead of waiting."""

from __future__ import annotations

import threading
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mockmost.state import AppState

POST_REMINDER_INTERVAL = 5 * 60  # seconds


def run_post_reminders(state: AppState) -> int:
    """Send every due reminder now; the number sent."""
    return len(state.store.reminders.fire_due(site_url=state.settings.site_url))


def start_recurring(state: AppState, interval: float = POST_REMINDER_INTERVAL) -> threading.Thread:
    """A daemon thread running the post-reminder job at each interval boundary, as the real server does."""

    def loop() -> None:
        while True:
            now = time.time()
            time.sleep(interval - (now % interval))
            try:
                run_post_reminders(state)
            except Exception as exc:  # a failing job is recorded, never kills the server
                import traceback

                state.record_crash("post reminder job", exc, traceback.format_exc())

    thread = threading.Thread(target=loop, name="mockmost-jobs", daemon=True)
    thread.start()
    return thread
