"""Opening a web page in the user's graphical browser, or saying there is none.

Python's `webbrowser` falls back to browsers that run in the terminal (lynx, w3m, links)
when there is no display: one would take over the reader's screen, and on a server it quietly
does nothing. Only a browser that runs beside the terminal is used. Nothing here imports
Textual.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:
    import webbrowser


def has_display() -> bool:
    """Whether a graphical browser could show a window here."""
    if sys.platform in ("darwin", "win32"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def graphical_browser() -> webbrowser.BaseBrowser | None:
    """The browser `webbrowser` would use, unless it is none or runs in the terminal."""
    if not has_display():
        return None
    import webbrowser  # only when a page is opened: it costs the launch time otherwise

    try:
        browser = webbrowser.get()
    except webbrowser.Error:
        return None
    in_terminal = isinstance(browser, webbrowser.GenericBrowser) and not isinstance(
        browser, webbrowser.BackgroundBrowser
    )
    return None if in_terminal else browser


def open_in_browser(url: str) -> bool:
    """Open `url` in a graphical browser; False when there is none, it failed, or `url` is
    not an http or https address (no `file:` or `javascript:` from an article's front matter)."""
    if urlsplit(url).scheme not in ("http", "https"):
        return False
    browser = graphical_browser()
    if browser is None:
        return False
    import webbrowser

    try:
        return bool(browser.open(url, new=2))
    except (webbrowser.Error, OSError):
        return False
