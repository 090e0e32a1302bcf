"""The reader's Textual app (a first screen: the archive at a glance)."""

from __future__ import annotations

from textual import work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, Header, Static

from reader.archive import Archive


class ReaderApp(App[None]):
    """Opens an archive and shows what it holds."""

    TITLE = "reader"
    CSS = """
    #status { padding: 1 2; }
    """
    BINDINGS = [Binding("q", "quit", "quit", id="quit")]

    def __init__(self, archive: Archive) -> None:
        super().__init__()
        self.archive = archive

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Opening the archive…", id="status", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = str(self.archive.root)
        self.count_articles()

    @work(thread=True, exclusive=True, group="open")
    def count_articles(self) -> None:
        count = len(self.archive.store.scan())
        if count:
            message = f"{count} articles in {self.archive.root}.\n\nPress q to quit."
        else:
            message = (
                f"The archive {self.archive.root} is empty.\n\n"
                "Add articles with:  reader import PATH...\n\nPress q to quit."
            )
        self.call_from_thread(self.query_one("#status", Static).update, message)
