"""Bar charts of questionnaire results as small PNGs (matplotlib, Agg, no pyplot).

The object-oriented API (Figure + FigureCanvasAgg) keeps no global state, so charts can
be drawn in a worker thread while the event loop serves other turns.
"""

from __future__ import annotations

import io
from collections.abc import Sequence


def bar_chart(labels: Sequence[str], values: Sequence[float], *, title: str = "") -> bytes:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    height = max(1.6, 0.35 * len(labels) + 0.8)
    figure = Figure(figsize=(5.0, height), dpi=80)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    positions = list(range(len(labels)))
    axes.barh(positions, list(values), color="#4f6bed")
    axes.set_yticks(positions, [_short(label) for label in labels])
    axes.invert_yaxis()
    axes.spines[["top", "right"]].set_visible(False)
    axes.tick_params(labelsize=8)
    for position, value in zip(positions, values, strict=True):
        axes.annotate(
            _number(value),
            (value, position),
            xytext=(3, 0),
            textcoords="offset points",
            va="center",
            fontsize=8,
        )
    if max(values, default=0) <= 0:
        axes.set_xlim(0, 1)
    if title:
        axes.set_title(_short(title, 70), fontsize=9, loc="left")
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()


def _short(text: str, limit: int = 28) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"
