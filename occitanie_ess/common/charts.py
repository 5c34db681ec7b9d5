"""Server-rendered SVG charts, each with a table alternative in the template.

A chart is plain data (`Chart`) turned into geometry here; the markup lives in
`templates/components/chart.html`, which also renders the data as a table so that the
figures are readable without the picture (RGAA 1.3, WCAG 1.1.1).
"""

from dataclasses import dataclass
from decimal import Decimal

# Colours from the design tokens (static/css/site.css), all ≥ 3:1 on white.
PALETTE = ("#7a1f48", "#1d5c8c", "#2f6f3e", "#8a4b08", "#5b3f8c")


@dataclass
class Bar:
    label: str
    value: Decimal | int | float
    display: str = ""
    url: str = ""
    # geometry, filled by Chart.layout()
    x: float = 0
    y: float = 0
    width: float = 0
    height: float = 0
    text_y: float = 0
    value_x: float = 0
    colour: str = PALETTE[0]


@dataclass
class Chart:
    """A horizontal bar chart: one labelled bar per item."""

    title: str
    bars: list[Bar]
    unit: str = ""
    caption: str = ""
    value_header: str = ""
    width: int = 640
    bar_height: int = 28
    gap: int = 10
    label_width: int = 220

    @property
    def height(self) -> int:
        """Return the SVG height needed for every bar."""
        return max(1, len(self.bars)) * (self.bar_height + self.gap) + self.gap

    @property
    def label_x(self) -> int:
        """Return the x where bar labels end (they are right-aligned before the bars)."""
        return self.label_width - 8

    @property
    def plot_width(self) -> int:
        """Return the width available to the longest bar (room kept for its value)."""
        return self.width - self.label_width - 110

    def layout(self) -> "Chart":
        """Compute each bar's geometry in place and return the chart."""
        top = max((Decimal(str(b.value)) for b in self.bars), default=Decimal(0))
        for index, bar in enumerate(self.bars):
            share = Decimal(str(bar.value)) / top if top else Decimal(0)
            bar.x = self.label_width
            bar.y = self.gap + index * (self.bar_height + self.gap)
            bar.width = round(float(share) * self.plot_width, 1)
            bar.height = self.bar_height
            bar.text_y = bar.y + self.bar_height / 2 + 5
            bar.value_x = bar.x + bar.width + 6
            bar.colour = PALETTE[0]
            if not bar.display:
                bar.display = f"{bar.value}"
        return self


def bar_chart(title: str, items, *, unit: str = "", caption: str = "", value_header: str = ""):
    """Return a laid-out Chart from (label, value[, display[, url]]) tuples."""
    bars = [Bar(*item) for item in items]
    chart = Chart(title=title, bars=bars, unit=unit, caption=caption, value_header=value_header)
    return chart.layout()
