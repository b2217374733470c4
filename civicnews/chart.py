"""The money a storyline's articles mention, over time, as an inline SVG drawn at build time.

No JavaScript and no external file: the chart is part of the page, so it works offline and
under file://. Colours come from currentColor and CSS classes (a page may set --accent), so it
follows dark mode and prints in black. <title> and <desc> say what the chart shows for screen
readers; every point has its own <title> (the amount as written, its date and its article).

Time runs left to right (a range such as 2020-2024 is drawn as a bar from start to end);
amounts are on a logarithmic scale, because one storyline may mention 6억 and 2조5,000억.
"""
from __future__ import annotations

import math
import re
from html import escape

from .models import Site, Storyline

WIDTH, HEIGHT = 720, 340
LEFT, RIGHT, TOP, BOTTOM = 78, 24, 20, 44
LABEL_HEIGHT = 14
MAX_POINTS = 40                   # more figures than this: the largest are drawn


def format_won(amount: int) -> str:
    """4061_0000_0000 -> '4,061억원'; 2_5000_0000_0000 -> '2조5,000억원'; 200000 -> '20만원'."""
    jo, rest = divmod(amount, 10 ** 12)
    eok, rest = divmod(rest, 10 ** 8)
    man, won = divmod(rest, 10 ** 4)
    parts = []
    if jo:
        parts.append(f"{jo:,}조")
    if eok:
        parts.append(f"{eok:,}억")
    if man and not jo:
        parts.append(f"{man:,}만")
    if won and not (jo or eok):
        parts.append(f"{won:,}")
    return ("".join(parts) or "0") + "원"


_ISO_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def _year_fraction(iso: str, end: bool = False) -> float | None:
    """2022-05-08 -> 2022.35; a year or month is its start (or its end when end=True)."""
    m = _ISO_DATE.match(iso or "")
    if not m:
        return None
    year = int(m.group(1))
    if not m.group(2):
        return year + (1.0 if end else 0.0)
    month = int(m.group(2))
    if not m.group(3):
        return year + (month - (0 if end else 1)) / 12
    return year + (month - 1) / 12 + (int(m.group(3)) - 1) / 365


def _scale_label(power: int) -> str:
    return format_won(10 ** power)[:-1]


def money_chart_svg(storyline: Storyline, site: Site) -> str:
    """An inline <svg> of the storyline's money over time, or "" when it mentions none."""
    points = []                    # (x0, x1, amount, text, date label, article title)
    titles = {a.slug: a.title for a in site.articles}
    for event in storyline.money:
        start = _year_fraction(event.date)
        if start is None:
            continue
        end = _year_fraction(event.end, end=True) if event.end else None
        for money in event.money:
            if money.amount_won > 0:
                when = event.date + (f"~{event.end}" if event.end else "")
                points.append((start, end, money.amount_won, money.text or format_won(money.amount_won), when,
                               titles.get(event.article, event.article)))
    if not points:
        return ""
    omitted = 0
    if len(points) > MAX_POINTS:                   # the same figure again in the same month: once
        seen: set = set()
        points = [p for p in points if (p[2], round(p[0], 2), p[1]) not in seen
                  and not seen.add((p[2], round(p[0], 2), p[1]))]
    if len(points) > MAX_POINTS:                   # an archive-scale storyline: its largest figures
        keep = set(sorted(range(len(points)), key=lambda k: (-points[k][2], k))[:MAX_POINTS])
        omitted = len(points) - MAX_POINTS
        points = [p for k, p in enumerate(points) if k in keep]
    spec = storyline.spec
    first_year = min(int(p[0]) for p in points)
    last_year = max(int(math.ceil(p[1] if p[1] else p[0] + 1e-9)) for p in points)
    if spec.start[:4].isdigit():
        first_year = min(first_year, int(spec.start[:4]))
    if spec.end[:4].isdigit():
        last_year = max(last_year, int(spec.end[:4]) + 1)
    last_year = max(last_year, first_year + 1)
    low = math.floor(math.log10(min(p[2] for p in points)))
    high = max(math.ceil(math.log10(max(p[2] for p in points))), low + 1)

    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x_of(year: float) -> float:
        return LEFT + (year - first_year) / (last_year - first_year) * plot_w

    def y_of(amount: int) -> float:
        return TOP + (high - math.log10(amount)) / (high - low) * plot_h

    slug = re.sub(r"[^a-z0-9-]", "-", spec.slug.lower())
    title_id, desc_id = f"money-chart-{slug}-title", f"money-chart-{slug}-desc"
    summary = "; ".join(f"{when} {text}" for _, _, _, text, when, _ in sorted(points, key=lambda p: (p[0], -p[2])))
    if omitted:
        summary = f"금액 {len(points) + omitted}건 가운데 큰 것 {len(points)}건: " + summary
    out = [
        f'<svg class="money-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="100%" role="img" aria-labelledby="{title_id} {desc_id}" '
        f'style="max-width:{WIDTH}px;height:auto;color:inherit">',
        f'<title id="{title_id}">{escape(spec.title)}: 기사에 나온 금액 ({first_year}–{last_year - 1})</title>',
        f'<desc id="{desc_id}">가로축은 연도, 세로축은 금액(로그 눈금)입니다. {escape(summary)}</desc>',
        "<style>"
        ".money-chart text{fill:currentColor;font-size:12px;font-family:inherit}"
        ".money-chart .axis{stroke:currentColor;stroke-opacity:.7}"
        ".money-chart .grid{stroke:currentColor;stroke-opacity:.15}"
        ".money-chart .point{fill:var(--accent,currentColor);stroke:var(--bg,transparent);stroke-width:1.5}"
        ".money-chart .range{stroke:var(--accent,currentColor);stroke-width:4;stroke-linecap:round;stroke-opacity:.55}"
        ".money-chart .label{font-size:11px;paint-order:stroke;stroke:var(--bg,#fff);stroke-width:3px;"
        "stroke-linejoin:round}"
        ".money-chart .leader{stroke:currentColor;stroke-opacity:.45;stroke-width:.75}"
        "@media print{.money-chart .label{stroke:#fff}.money-chart .point{fill:#000}.money-chart .range,.money-chart .leader{stroke:#000}}"
        "</style>",
    ]
    # the grid: one line per power of ten, one tick per year
    for power in range(low, high + 1):
        y = y_of(10 ** power)
        out.append(f'<line class="grid" x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}"/>')
        out.append(f'<text x="{LEFT - 8}" y="{y + 4:.1f}" text-anchor="end">{escape(_scale_label(power))}</text>')
    step = max(1, math.ceil((last_year - first_year) / 12))
    for year in range(first_year, last_year + 1, step):
        x = x_of(year)
        out.append(f'<line class="axis" x1="{x:.1f}" y1="{HEIGHT - BOTTOM}" x2="{x:.1f}" y2="{HEIGHT - BOTTOM + 5}"/>')
        if year < last_year or last_year == first_year:
            out.append(f'<text x="{x_of(year + 0.5 * step) if year + step <= last_year else x:.1f}" '
                       f'y="{HEIGHT - BOTTOM + 20}" text-anchor="middle">{year}</text>')
    out.append(f'<line class="axis" x1="{LEFT}" y1="{HEIGHT - BOTTOM}" x2="{WIDTH - RIGHT}" y2="{HEIGHT - BOTTOM}"/>')
    out.append(f'<line class="axis" x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{HEIGHT - BOTTOM}"/>')
    # the points, then their labels: a label sits beside its point unless neighbours crowd it
    drawn = []                     # (x, y, x of range end or None, label, anchor, label x, span, base, tooltip)
    for start, end, amount, text, when, article in sorted(points, key=lambda p: (p[0], -p[2], p[3])):
        x, y = x_of(start), y_of(amount)
        label = format_won(amount)
        width = 7.5 * len(label)
        anchor = "start" if x + 8 + width <= WIDTH - RIGHT else "end"
        lx = x + 8 if anchor == "start" else x - 8
        span = (lx, lx + width) if anchor == "start" else (lx - width, lx)
        ranged = end is not None and end > start
        base = y - 7 if ranged else y + 4                                  # above a range's bar
        drawn.append((x, y, x_of(end) if ranged else None, label, anchor, lx, span, base,
                      escape(f"{when} {text} — {article}")))
    label_y = _place_labels([(d[6], d[7]) for d in drawn])
    for (x, y, x_end, label, anchor, lx, _, base, tooltip), ly in zip(drawn, label_y):
        out.append(f"<g><title>{tooltip}</title>")
        if x_end is not None:
            out.append(f'<line class="range" x1="{x:.1f}" y1="{y:.1f}" x2="{x_end:.1f}" y2="{y:.1f}"/>')
        out.append(f'<circle class="point" cx="{x:.1f}" cy="{y:.1f}" r="5"/>')
        if abs(ly - base) >= LABEL_HEIGHT / 2:     # moved away by its neighbours: a thin line back
            out.append(f'<line class="leader" x1="{x:.1f}" y1="{y:.1f}" x2="{lx:.1f}" y2="{ly - 4:.1f}"/>')
        out.append(f'<text class="label" x="{lx:.1f}" y="{ly:.1f}" text-anchor="{anchor}">{escape(label)}</text>')
        out.append("</g>")
    out.append("</svg>")
    return "".join(out)


def _place_labels(wanted: list[tuple[tuple[float, float], float]]) -> list[float]:
    """The y of each label ((x span, wanted y) in), LABEL_HEIGHT apart from every label whose x
    span it shares, each as near its wanted y as the others allow (labels sharing x form a column;
    a run of crowded labels is centred on the points it names)."""
    placed = [0.0] * len(wanted)
    # columns: labels whose x spans overlap, transitively
    order = sorted(range(len(wanted)), key=lambda i: wanted[i][0][0])
    columns, reach = [], -math.inf
    for i in order:
        (a, b), _ = wanted[i]
        if a > reach:
            columns.append([])
        columns[-1].append(i)
        reach = max(reach, b) if a <= reach else b
    low, high = float(TOP + LABEL_HEIGHT / 2), float(HEIGHT - BOTTOM)
    for column in columns:
        blocks: list[tuple[list[int], float]] = []         # (labels top to bottom, y of the first)
        for i in sorted(column, key=lambda i: (wanted[i][1], i)):
            labels, top = [i], wanted[i][1]
            while blocks and blocks[-1][1] + len(blocks[-1][0]) * LABEL_HEIGHT > top:
                labels = blocks.pop()[0] + labels          # overlaps the block above: one block
                top = sum(wanted[j][1] - k * LABEL_HEIGHT for k, j in enumerate(labels)) / len(labels)
            blocks.append((labels, top))
        floor = low
        for labels, top in blocks:                         # keep inside the plot, in order
            top = max(min(top, high - (len(labels) - 1) * LABEL_HEIGHT), floor)
            for k, j in enumerate(labels):
                placed[j] = top + k * LABEL_HEIGHT
            floor = top + len(labels) * LABEL_HEIGHT
    return placed
