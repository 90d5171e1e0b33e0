"""Serving the dashboard for browser tests and screenshots: a real ``streamlit run`` on 127.0.0.1.

Also Playwright's launch options for Debian's Chromium (``/usr/bin/chromium``);
no browser is ever downloaded.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import threading
import urllib.request
from collections.abc import Iterator
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORT = {"width": 1280, "height": 800}
START_TIMEOUT_S = 90


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def served_dashboard(database_url: str) -> Iterator[str]:
    """Run ``streamlit run app.py`` on a free port over ``database_url``; yield its base URL.

    Waits (without sleeping) until the server prints its URL and answers its
    health check; stops the server by its PID on exit.
    """
    port = free_port()
    env = {
        **os.environ,
        "CHANCERY_DATABASE_URL": database_url,
        "CHANCERY_DEMO_CORPUS": "0",
        "PYTHONUNBUFFERED": "1",
    }
    command = [
        sys.executable, "-m", "streamlit", "run", "app.py",
        "--server.address", "127.0.0.1", "--server.port", str(port),
        "--server.headless", "true", "--browser.gatherUsageStats", "false",
        "--server.fileWatcherType", "none",
    ]  # fmt: skip
    process = subprocess.Popen(
        command,
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    ready = threading.Event()
    output: list[str] = []

    def read_output() -> None:
        for line in process.stdout:
            output.append(line)
            if "URL:" in line:
                ready.set()
        ready.set()  # the server exited: stop waiting

    reader = threading.Thread(target=read_output, daemon=True)
    reader.start()
    base = f"http://127.0.0.1:{port}"
    try:
        if not ready.wait(START_TIMEOUT_S) or process.poll() is not None:
            raise RuntimeError("the dashboard did not start:\n" + "".join(output))
        with urllib.request.urlopen(f"{base}/_stcore/health", timeout=30) as answer:
            if answer.status != 200:
                raise RuntimeError(f"health check answered {answer.status}")
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=15)
        reader.join(timeout=5)


def launch_chromium(playwright):
    """Debian's Chromium through Playwright, headless."""
    return playwright.chromium.launch(
        executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
    )
