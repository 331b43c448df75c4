"""The driver a served app runs with (``TEXTUAL_DRIVER``): Textual's web driver, which also quits
when its standard input ends.

Textual's own web driver stops reading at end of file and keeps the app running; a served app's
stdin is the server's pipe, so end of file means the server is gone, and an app left running
would hold its person's journal lock with nobody to type at it.
"""

from __future__ import annotations

import os
import signal

from textual.drivers.web_driver import WebDriver


class SessionDriver(WebDriver):
    def run_input_thread(self) -> None:
        super().run_input_thread()
        if not self.exit_event.is_set():
            # Input ended without the app stopping: quit the way SIGTERM does (the web driver
            # turns it into an orderly exit on the app's own loop).
            os.kill(os.getpid(), signal.SIGTERM)
