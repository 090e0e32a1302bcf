"""Start the Textual app on an archive (imported lazily so the CLI starts fast)."""

from __future__ import annotations

from reader.archive import Archive


def launch(archive: Archive) -> int:
    from reader.tui.app import ReaderApp

    app = ReaderApp(archive)
    app.run()
    return app.return_code or 0
