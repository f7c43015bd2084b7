"""Headless Chromium for the report's rendering test and the screenshot example.

Not part of the package: ``tests/test_report.py`` imports it directly and
``examples/plot_html_report.py`` puts this folder on ``sys.path`` first.
"""

from __future__ import annotations

import shutil
import subprocess

__all__ = ["find_chromium", "headless_chromium"]


def find_chromium() -> str | None:
    """The path of a Chromium or Chrome binary on PATH, or None."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def headless_chromium(browser: str, profile, *args, timeout: float = 120):
    """Run `browser` headless with a fresh profile folder and `args`.

    The flags keep it off the network (no background fetches, no sync or
    component updates), which a closed machine needs. Returns the completed
    process (text output captured).
    """
    cmd = [
        browser,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        *args,
    ]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
