"""Start the Textual app on an archive (imported lazily so the CLI starts fast)."""

from __future__ import annotations

from reader.archive import Archive


def launch(archive: Archive) -> int:
    """Run the reader until the user quits; returns the exit code."""
    from reader.tui.app import make_app

    app = make_app(archive)
    app.run()
    return app.return_code or 0
