"""The dashboard's pictures as small hand-written SVG: the backlog burn-down against its
deadline line, and pending/overdue complaints per unit. Each has a <title> and a <desc> that
says in words what the picture shows, for screen readers, in the page's language. No I/O."""

import math
from datetime import date
from xml.sax.saxutils import escape

from phananh_common.errors import InvalidArgument
from reporting.domain.chart_texts import DEFAULT_LANGUAGE, LANGUAGES, TEXTS
from reporting.domain.figures import BacklogDay, Dashboard, UnitFigures

BURNDOWN, UNITS = "BURNDOWN", "UNITS"
KINDS = (BURNDOWN, UNITS)

WIDTH, HEIGHT = 760, 380
LEFT, RIGHT, TOP, BOTTOM = 64, 24, 48, 56
OPEN_COLOUR, TARGET_COLOUR = "#1f5fa8", "#8a8a8a"
OVERDUE_COLOUR, PENDING_COLOUR = "#c0392b", "#5b8fd1"
FONT = 'font-family="sans-serif" font-size="12" fill="#222"'


def _document(title: str, desc: str, body: list[str], height: int = HEIGHT) -> str:
    return "\n".join(
        [
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
            f'viewBox="0 0 {WIDTH} {height}" role="img" aria-labelledby="title desc">',
            f'<title id="title">{escape(title)}</title>',
            f'<desc id="desc">{escape(desc)}</desc>',
            f'<rect width="{WIDTH}" height="{height}" fill="#fff"/>',
            f'<text x="{LEFT}" y="28" font-family="sans-serif" font-size="16" '
            f'font-weight="bold" fill="#222">'
            f"{escape(title)}</text>",
            *body,
            "</svg>",
        ]
    )


def nice_ceiling(value: float) -> int:
    """A round axis maximum at or above `value`: 1, 2 or 5 times a power of ten."""
    if value <= 1:
        return 1
    power = 10 ** math.floor(math.log10(value))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= value)


def _y_axis(top: int, bottom: int, maximum: int) -> list[str]:
    parts = []
    for tick in (0, maximum // 2, maximum):
        y = bottom - (bottom - top) * tick / maximum
        parts.append(
            f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" stroke="#e4e4e4"/>'
        )
        parts.append(f'<text x="{LEFT - 8}" y="{y + 4:.1f}" {FONT} text-anchor="end">{tick}</text>')
    return parts


def burndown_svg(days: list[BacklogDay], deadline: date, unit_name: str, lang: str) -> str:
    words = TEXTS[lang]

    def day(value: date) -> str:
        return value.strftime(words["date"])

    title = words["burndown.title"].format(unit=unit_name)
    if not days:
        return _document(title, words["burndown.empty"], [])
    bottom = HEIGHT - BOTTOM
    maximum = nice_ceiling(max(max(d.open, d.target or 0) for d in days))
    step = (WIDTH - LEFT - RIGHT) / max(len(days) - 1, 1)

    def x(i: float) -> float:
        return LEFT + i * step

    def y(value: float) -> float:
        return bottom - (bottom - TOP) * value / maximum

    body = _y_axis(TOP, bottom, maximum)
    opened = " ".join(f"{x(i):.1f},{y(d.open):.1f}" for i, d in enumerate(days))
    body.append(
        f'<polyline points="{opened}" fill="none" stroke="{OPEN_COLOUR}" stroke-width="2.5"/>'
    )
    targets = [(i, d.target) for i, d in enumerate(days) if d.target is not None]
    if targets:
        line = " ".join(f"{x(i):.1f},{y(t):.1f}" for i, t in targets)
        body.append(
            f'<polyline points="{line}" fill="none" stroke="{TARGET_COLOUR}" '
            f'stroke-width="1.5" stroke-dasharray="6 4"/>'
        )
    deadline_index = (deadline - days[0].day).days
    if 0 <= deadline_index < len(days):
        dx = x(deadline_index)
        body.append(
            f'<line x1="{dx:.1f}" y1="{TOP}" x2="{dx:.1f}" y2="{bottom}" '
            f'stroke="{OVERDUE_COLOUR}"/>'
        )
        body.append(
            f'<text x="{dx + 4:.1f}" y="{TOP + 12}" {FONT}>'
            f"{escape(words['burndown.deadline'].format(deadline=day(deadline)))}</text>"
        )
    for i in sorted({0, len(days) // 2, len(days) - 1}):
        body.append(
            f'<text x="{x(i):.1f}" y="{bottom + 18}" {FONT} text-anchor="middle">'
            f"{days[i].day.strftime('%d/%m')}</text>"
        )
    legend_y = HEIGHT - 14
    body.append(
        f'<line x1="{LEFT}" y1="{legend_y - 4}" x2="{LEFT + 24}" y2="{legend_y - 4}" '
        f'stroke="{OPEN_COLOUR}" stroke-width="2.5"/>'
        f'<text x="{LEFT + 30}" y="{legend_y}" {FONT}>{escape(words["burndown.open"])}</text>'
        f'<line x1="{LEFT + 170}" y1="{legend_y - 4}" x2="{LEFT + 194}" y2="{legend_y - 4}" '
        f'stroke="{TARGET_COLOUR}" stroke-dasharray="6 4"/>'
        f'<text x="{LEFT + 200}" y="{legend_y}" {FONT}>{escape(words["burndown.target"])}</text>'
    )
    first, last = days[0], days[-1]
    desc = words["burndown.desc"].format(
        first=day(first.day),
        last=day(last.day),
        first_open=first.open,
        last_open=last.open,
        deadline=day(deadline),
    )
    return _document(title, desc, body)


def units_svg(rows: list[UnitFigures], unit_name: str, lang: str) -> str:
    """Horizontal bars per unit: pending complaints, the overdue part of them in red."""
    words = TEXTS[lang]
    title = words["units.title"].format(unit=unit_name)
    bar, gap, label_width = 18, 8, 200
    height = TOP + len(rows) * (bar + gap) + BOTTOM
    maximum = nice_ceiling(max((r.figures.pending for r in rows), default=0))
    span = WIDTH - RIGHT - LEFT - label_width
    body = []
    for i, row in enumerate(rows):
        top = TOP + i * (bar + gap)
        pending, overdue = row.figures.pending, row.figures.overdue
        body.append(
            f'<text x="{LEFT + label_width - 8}" y="{top + 13}" {FONT} text-anchor="end">'
            f"{escape(row.unit_name)}</text>"
            f'<rect x="{LEFT + label_width}" y="{top}" width="{span * pending / maximum:.1f}" '
            f'height="{bar}" fill="{PENDING_COLOUR}"/>'
            f'<rect x="{LEFT + label_width}" y="{top}" width="{span * overdue / maximum:.1f}" '
            f'height="{bar}" fill="{OVERDUE_COLOUR}"/>'
            f'<text x="{LEFT + label_width + span * pending / maximum + 6:.1f}" y="{top + 13}" '
            f"{FONT}>{escape(words['units.bar'].format(pending=pending, overdue=overdue))}</text>"
        )
    legend_y = height - 14
    body.append(
        f'<rect x="{LEFT}" y="{legend_y - 10}" width="12" height="12" fill="{PENDING_COLOUR}"/>'
        f'<text x="{LEFT + 18}" y="{legend_y}" {FONT}>{escape(words["units.pending"])}</text>'
        f'<rect x="{LEFT + 110}" y="{legend_y - 10}" width="12" height="12" '
        f'fill="{OVERDUE_COLOUR}"/><text x="{LEFT + 128}" y="{legend_y}" {FONT}>'
        f"{escape(words['units.overdue'])}</text>"
    )
    listed = "; ".join(
        words["units.row"].format(
            unit=r.unit_name, pending=r.figures.pending, overdue=r.figures.overdue
        )
        for r in rows
    )
    return _document(title, listed or words["units.empty"], body, height)


def chart_language(kind: str, lang: str) -> str:
    """The language of the chart asked for (Vietnamese unless one is named); a violation for
    a kind or a language there is none of."""
    if kind not in KINDS:
        raise InvalidArgument.on("kind", f"must be one of {', '.join(KINDS)}")
    lang = lang or DEFAULT_LANGUAGE
    if lang not in LANGUAGES:
        raise InvalidArgument.on("lang", f"must be one of {', '.join(LANGUAGES)}")
    return lang


def chart_svg(kind: str, dashboard: Dashboard, lang: str) -> str:
    if kind == BURNDOWN:
        return burndown_svg(dashboard.burndown, dashboard.deadline, dashboard.unit.name, lang)
    return units_svg(dashboard.by_unit, dashboard.unit.name, lang)
