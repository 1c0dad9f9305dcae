"""Real headless Chromium for the tests that check what users see.

Debian's ``chromium`` (installed by ``.ci/system-deps``, which the README's test command
runs) is driven by Playwright's Python client with ``executable_path=/usr/bin/chromium``:
Playwright's own browser download is never used. The flags are the ones this machine's
closed network needs (no background networking, no component updates, no QUIC).

Use the fixtures from ``conftest.py``: ``browser`` (one Chromium per session) and
``page`` (a fresh page per test, with :class:`PageErrors` recording console errors and
uncaught exceptions). Helpers:

- :func:`open_file` loads a local HTML file and waits until it has settled;
- :func:`overflowing` lists elements wider than the viewport (what is cut off on a
  projector or a printed page);
- :func:`visible_text` is the page's rendered text (``innerText``: what a reader sees).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CHROMIUM = "/usr/bin/chromium"

FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def chromium_path() -> str:
    """The Debian Chromium binary; a clear failure (never a skip) when it is missing."""
    path = shutil.which("chromium") or (CHROMIUM if Path(CHROMIUM).exists() else None)
    if path is None:
        raise RuntimeError(
            "Debian's chromium is not installed: run `bash .ci/system-deps` (as root), "
            "which the README's test command does"
        )
    return path


@contextmanager
def launch() -> Iterator[Any]:
    """One headless Chromium (a Playwright ``Browser``) for the block."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path(), headless=True,
                                     args=FLAGS)
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class PageErrors:
    """Console errors and uncaught page exceptions seen since the page opened."""

    messages: list[str] = field(default_factory=list)

    def attach(self, page: Any) -> None:
        page.on("console", lambda m: m.type == "error" and self.messages.append(m.text))
        page.on("pageerror", lambda e: self.messages.append(f"uncaught: {e}"))
        # a self-contained file must not reach the network
        page.on("request", lambda r: (not r.url.startswith(("file:", "data:", "about:", "blob:")))
                and self.messages.append(f"network request: {r.url}"))


def open_file(page: Any, path: Path) -> None:
    """Load ``path`` (a local HTML file) and wait until the page has settled."""
    page.goto(Path(path).resolve().as_uri())
    page.wait_for_load_state("load")


_OVERFLOW_JS = """
() => {
  const width = document.documentElement.clientWidth;
  const out = [];
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    if (r.right > width + 1 || r.left < -1) {
      // an element inside a scrolling box is reachable, not cut off
      let p = el.parentElement, scrolls = false;
      while (p && p !== document.body) {
        const s = getComputedStyle(p).overflowX;
        if (s === 'auto' || s === 'scroll') { scrolls = true; break; }
        p = p.parentElement;
      }
      if (!scrolls) out.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
                             ' right=' + Math.round(r.right) + ' width=' + width);
    }
  }
  return out;
}
"""


def overflowing(page: Any) -> list[str]:
    """Elements that stick out of the viewport (left or right), outside scroll boxes."""
    return list(page.evaluate(_OVERFLOW_JS))


def visible_text(page: Any) -> str:
    """The rendered text of the page (``document.body.innerText``)."""
    return str(page.evaluate("() => document.body.innerText"))
