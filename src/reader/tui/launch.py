"""Start the Textual app on an archive (imported lazily so the CLI starts fast)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from reader.archive import Archive


def launch(archive: Archive, editor: Callable[[Path], None] | None = None) -> int:
    """Run the reader until the user quits; returns the exit code. `editor` runs the user's
    editor on one file (for `E`)."""
    from reader.tui.app import make_app

    app = make_app(archive, editor=editor)
    app.run()
    return app.return_code or 0
