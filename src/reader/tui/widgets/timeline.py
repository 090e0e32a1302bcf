"""A one-line bar chart of the matching articles per month, shown above the results."""

from __future__ import annotations

from textual.content import Content
from textual.widget import Widget

BARS = " ▁▂▃▄▅▆▇█"
TIMELINE_LINES = 2
"""Lines the chart takes, whether or not it has anything to draw."""


class Timeline(Widget):
    """Months as bars (one column per month, grouped when they do not fit), with labels."""

    DEFAULT_CSS = """
    Timeline {
        height: 2;
        padding: 0 1;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.counts: tuple[tuple[str, int], ...] = ()
        """(YYYY-MM, matching articles) from the oldest month to the newest."""

    def show(self, counts: tuple[tuple[str, int], ...]) -> None:
        """Draw `counts` (blank when there is nothing to chart: the widget keeps its two lines,
        so the results under it never move as the chart comes and goes)."""
        self.counts = counts
        total = sum(n for _, n in counts)
        peak = max(counts, key=lambda item: item[1]) if counts else None
        self.tooltip = f"{total} dated articles; most in {peak[0]} ({peak[1]})" if peak else None
        self.refresh()

    def render(self) -> Content:
        if len(self.counts) < 2:
            return Content("")
        width = max(1, self.content_region.width - 16)
        bars, labels, peak = chart_lines(
            [n for _, n in self.counts], width, self.counts[0][0], self.counts[-1][0]
        )
        chart = Content.assemble((bars, "$accent"), (f" max {peak}/month", "$text-muted"))
        return Content("\n").join([chart, Content.styled(labels, "$text-muted")])


def buckets(values: list[int], width: int) -> list[int]:
    """`values` summed in runs so that there are at most `width` of them."""
    if len(values) <= width:
        return values
    size = -(-len(values) // width)
    return [sum(values[i : i + size]) for i in range(0, len(values), size)]


def chart_lines(values: list[int], width: int, first: str, last: str) -> tuple[str, str, int]:
    """(the bars, the labels under them, the tallest bucket) for monthly `values` in about
    `width` columns: a column or a few per bucket, and wide enough that the first label starts
    under the first bar and the last one ends under the last."""
    grouped = buckets(values, width)
    top = max(grouped) or 1
    need = len(first) + len(last) + 1
    repeat = max(1, min(width // len(grouped), max(3, -(-need // len(grouped)))))
    bars = "".join(BARS[0 if n == 0 else max(1, round(n / top * 8))] * repeat for n in grouped)
    gap = max(1, len(bars) - len(first) - len(last))
    return bars, f"{first}{' ' * gap}{last}", max(grouped)
