"""Tagging (`t`, `T`): a small dialog to add and remove tags.

`TagScreen` takes tags typed in one line (`Lào, biển đông`; `-name` removes one) with
completion of the archive's tags, and lists the article's own tags, where `delete` takes one
off. Nothing is written here: `enter` returns the change, `esc` drops it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from reader.tui.render import safe
from reader.tui.widgets.line_input import LineInput


@dataclass(frozen=True, slots=True)
class TagChange:
    """Tags to add and tags to remove, as the user typed them."""

    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.added or self.removed)

    def describe(self) -> str:
        """`#a #b added, #c removed`."""
        said = []
        if self.added:
            said.append(" ".join(f"#{tag}" for tag in self.added) + " added")
        if self.removed:
            said.append(" ".join(f"#{tag}" for tag in self.removed) + " removed")
        return ", ".join(said)


def parse_tags(text: str) -> TagChange:
    """The tags of one typed line: comma separated, `-name` to remove (spaces inside a tag
    are kept: `biển đông` is one tag)."""
    added: list[str] = []
    removed: list[str] = []
    for part in text.split(","):
        word = part.strip()
        if word.startswith("-"):
            word = word[1:].strip()
            if word:
                removed.append(word)
        elif word:
            added.append(word)
    return TagChange(tuple(added), tuple(removed))


class TagSuggester(Suggester):
    """Completes the tag being typed (after the last comma, after a `-`) from known tags,
    ignoring case."""

    def __init__(self, tags: Sequence[str]) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self._tags = tags

    async def get_suggestion(self, value: str) -> str | None:
        last = value.rpartition(",")[2].lstrip()
        word = last[1:].lstrip() if last.startswith("-") else last
        if not word:
            return None
        folded = word.casefold()
        for tag in self._tags:
            if len(tag) > len(word) and tag.casefold().startswith(folded):
                return value + tag[len(word) :]
        return None


class TagScreen(ModalScreen[TagChange | None]):
    """Tags for one article (its own listed) or for many (`count` of them)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "cancel", id="tags.cancel"),
        Binding("delete,d", "remove", "remove tag", id="tags.remove"),
    ]
    """esc cancels; in the list of the article's tags, delete (or d) takes one off."""

    def __init__(
        self, what: str, tags: Sequence[str], known: Sequence[str], count: int = 1
    ) -> None:
        super().__init__()
        self.what = what
        """What is tagged: an article's title, or the query whose results are."""
        self.tags = list(tags)
        """The article's tags (none when many articles are tagged)."""
        self.known = known
        """Every tag of the archive, most used first: the completions."""
        self.count = count
        self._removed: list[str] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog small tags-dialog"):
            title = "Tag" if self.count == 1 else f"Tag all {self.count:,} results of"
            yield Label(title, classes="dialog-title", markup=False)
            yield Label(safe(self.what), classes="dialog-hint", markup=False)
            yield LineInput(
                placeholder="tag, another tag, -tag to remove",
                suggester=TagSuggester(self.known),
                id="tag-input",
            )
            if self.count == 1:
                yield OptionList(id="tag-list")
            hint = "enter apply · → complete · esc cancel"
            if self.count == 1:
                hint = "enter apply · → complete · tab, del: untag · esc cancel"
            yield Label(hint, classes="dialog-hint", markup=False)

    def on_mount(self) -> None:
        if self.count == 1:
            self._fill()
        self.query_one("#tag-input", Input).focus()

    def _fill(self) -> None:
        tag_list = self.query_one("#tag-list", OptionList)
        if self.tags:
            tag_list.set_options(Option(Content(f"#{safe(tag)}")) for tag in self.tags)
            tag_list.highlighted = 0
        else:
            tag_list.set_options([Option(Content("No tags yet."), disabled=True)])

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "remove":
            return isinstance(self.focused, OptionList) and bool(self.tags)
        return True

    def action_remove(self) -> None:
        tag_list = self.query_one("#tag-list", OptionList)
        index = tag_list.highlighted
        if index is None or not 0 <= index < len(self.tags):
            return
        self._removed.append(self.tags.pop(index))
        self._fill()
        if self.tags:
            tag_list.highlighted = min(index, len(self.tags) - 1)

    @on(Input.Submitted, "#tag-input")
    @on(OptionList.OptionSelected, "#tag-list")
    def _apply(self) -> None:
        typed = parse_tags(self.query_one("#tag-input", Input).value)
        change = TagChange(typed.added, (*self._removed, *typed.removed))
        self.dismiss(change or None)

    def action_cancel(self) -> None:
        self.dismiss(None)


def tag_query(tag: str) -> str:
    """The query of the articles carrying `tag` (quoted when it has spaces)."""
    return f'tag:"{tag}"' if " " in tag else f"tag:{tag}"


class TagsScreen(ModalScreen[str | None]):
    """Every tag of the archive with how many articles carry it; `enter` returns the query
    of the tag's articles."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "close", id="tag_list.close"),
    ]
    """esc closes; enter searches the tag's articles."""

    def __init__(self, counts: Sequence[tuple[str, int]]) -> None:
        super().__init__()
        self.counts = list(counts)
        """(tag, articles), most used first."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Tags", classes="dialog-title", markup=False)
            yield OptionList(id="tag-counts")
            yield Label("enter its articles · esc close", classes="dialog-hint", markup=False)

    def on_mount(self) -> None:
        tags = self.query_one("#tag-counts", OptionList)
        if self.counts:
            noun = {True: "article", False: "articles"}
            tags.set_options(
                Option(
                    Content.assemble(
                        (f"#{safe(tag)}", "bold"), (f"  {n} {noun[n == 1]}", "$text-muted")
                    )
                )
                for tag, n in self.counts
            )
            tags.highlighted = 0
        else:
            tags.set_options([Option(Content("No tags yet: t tags an article."), disabled=True)])
        tags.focus()

    @on(OptionList.OptionSelected, "#tag-counts")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        if 0 <= event.option_index < len(self.counts):
            self.dismiss(tag_query(self.counts[event.option_index][0]))

    def action_close(self) -> None:
        self.dismiss(None)
