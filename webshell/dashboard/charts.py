"""Charts drawn on the server as inline SVG (issue 16 item 5: “bars and trends, drawn on the
server … no outside service, nothing the CSP forbids”).

Only elements and presentation attributes: no script, no ``style`` attribute or element
(the CSP's ``style-src 'self'`` would refuse them), colours by class from ``app.css``. Each
chart has a ``<title>`` and the numbers as text, so it reads without colour and in a
screen reader; the same numbers are in the table beside it.
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

WIDTH = 640
BAR = 22
GAP = 8
LABEL = 150
NUMBER = 60


def _svg(height: int, title: str, body: list[str], css: str) -> Markup:
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart {css}" role="img" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" aria-label="{escape(title)}"><title>{escape(title)}</title>'
    )
    return Markup(head + "".join(body) + "</svg>")


def bars(title: str, items: Sequence[tuple[str, int]], css: str = "") -> Markup:
    """Horizontal bars, one per ``(label, value)``, scaled to the largest value."""
    top = max((v for _, v in items), default=0) or 1
    span = WIDTH - LABEL - NUMBER
    body = []
    for i, (label, value) in enumerate(items):
        y = i * (BAR + GAP)
        length = round(span * value / top)
        body.append(
            f'<text x="{LABEL - 6}" y="{y + BAR - 6}" text-anchor="end" class="label">{escape(label[:14])}</text>'
            f'<rect x="{LABEL}" y="{y}" width="{max(length, 1 if value else 0)}" height="{BAR}" class="bar"/>'
            f'<text x="{LABEL + length + 6}" y="{y + BAR - 6}" class="value">{value}</text>'
        )
    return _svg(max(len(items), 1) * (BAR + GAP), title, body, css)


def stacked(
    title: str, rows: Sequence[tuple[str, Sequence[int]]], parts: Sequence[tuple[str, str]]
) -> Markup:
    """Horizontal stacked bars: each row's values in the order of ``parts`` (label, CSS class),
    with a legend above."""
    top = max((sum(v) for _, v in rows), default=0) or 1
    span = WIDTH - LABEL - NUMBER
    legend = "".join(
        f'<rect x="{LABEL + i * 110}" y="2" width="12" height="12" class="{css}"/>'
        f'<text x="{LABEL + i * 110 + 16}" y="13" class="label">{escape(label)}</text>'
        for i, (label, css) in enumerate(parts)
    )
    body = [legend]
    for i, (label, values) in enumerate(rows):
        y = 24 + i * (BAR + GAP)
        x = float(LABEL)
        body.append(
            f'<text x="{LABEL - 6}" y="{y + BAR - 6}" text-anchor="end" class="label">{escape(label[:14])}</text>'
        )
        for (part, css), value in zip(parts, values, strict=True):
            length = span * value / top
            if value:
                body.append(
                    f'<rect x="{x:.1f}" y="{y}" width="{length:.1f}" height="{BAR}" class="{css}">'
                    f"<title>{escape(label)} {escape(part)} {value}</title></rect>"
                )
            x += length
        body.append(f'<text x="{x + 6:.1f}" y="{y + BAR - 6}" class="value">{sum(values)}</text>')
    return _svg(24 + max(len(rows), 1) * (BAR + GAP), title, body, "stacked")


def trend(title: str, points: Sequence[tuple[str, int]]) -> Markup:
    """A line over time: ``points`` are (period label, value) in order."""
    height, left, bottom, top_pad = 220, 40, 30, 16
    plot_w, plot_h = WIDTH - left - 20, height - bottom - top_pad
    top = max((v for _, v in points), default=0) or 1
    step = plot_w / max(len(points) - 1, 1)
    xy = [(left + i * step, top_pad + plot_h - plot_h * v / top) for i, (_, v) in enumerate(points)]
    body = [
        f'<line x1="{left}" y1="{top_pad + plot_h}" x2="{left + plot_w}" y2="{top_pad + plot_h}" class="axis"/>',
        f'<line x1="{left}" y1="{top_pad}" x2="{left}" y2="{top_pad + plot_h}" class="axis"/>',
        f'<text x="{left - 6}" y="{top_pad + 4}" text-anchor="end" class="label">{top}</text>',
        f'<text x="{left - 6}" y="{top_pad + plot_h}" text-anchor="end" class="label">0</text>',
    ]
    if xy:
        body.append(
            '<polyline class="line" fill="none" points="'
            + " ".join(f"{x:.1f},{y:.1f}" for x, y in xy)
            + '"/>'
        )
    for (label, value), (x, y) in zip(points, xy, strict=True):
        body.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" class="dot"><title>{escape(label)}：{value}</title></circle>'
            f'<text x="{x:.1f}" y="{height - 10}" text-anchor="middle" class="label">{escape(label[-2:])}</text>'
        )
    return _svg(height, title, body, "trend")
