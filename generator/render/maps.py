"""The overview map of the directory: an SVG drawn from the cooperatives' coordinates, grouped
by current commune, each point a link to its profile; and the points of the detailed map.

The SVG is inline (links inside an <img> cannot be followed), small, and the same bytes on
every build: a plain equirectangular projection of the points' bounds, coordinates rounded to
a tenth of a unit. It needs neither JavaScript nor a request to another host. Points closer
than a dot's width are moved apart on a small spiral, in name order, so that each can be
tapped; the text alternative (the same list by commune) gives every one, with or without
coordinates.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from html import escape

from markupsafe import Markup

from ..model import Commune, Cooperative, Portal
from ..text import sort_key
from .charts import FONT_STACK, PALETTE

LEAFLET_VERSION = "1.9.4"  # site_config/assets/vendor/leaflet/, copied from the npm package
WIDTH = 480  # viewBox units; the SVG scales to its box (358 px on a 390 px phone)
PAD = 34  # room for the commune labels at the edges
DOT = 8  # radius of a point
HIT = 12  # radius of the transparent circle that takes the tap around a point
MIN_SPAN = 0.02  # degrees: a single point, or points in a line, still get a map around them
KM_PER_DEGREE = 111.32  # of latitude
SPIRAL = 60  # positions tried around a crowded point before it is drawn where it is
# Up to this many cooperatives with coordinates, a point each; past it (a province), one disc per
# commune, sized by its count and linking to the commune's view of the directory, so that the
# directory's first page does not grow with the records.
MAP_POINTS = 300
POINTS_FILE = "htx/tim/ban-do.json"  # the detailed map's points, fetched on the click, beside the finder's index


@dataclass
class Place:
    """One cooperative in the overview: where it is drawn, if it has coordinates."""

    coop: Cooperative
    colour: str
    x: float | None = None
    y: float | None = None


@dataclass
class Group:
    """A current commune with the former units it took in and its cooperatives."""

    commune: Commune
    former: list[Commune]
    colour: str
    places: list[Place] = field(default_factory=list)

    @property
    def located(self) -> list[Place]:
        return [p for p in self.places if p.x is not None]

    @property
    def unlocated(self) -> list[Place]:
        return [p for p in self.places if p.x is None]


@dataclass
class Overview:
    """What the directory shows: the SVG, the legend and list by commune, the detailed map's points."""

    svg: Markup
    groups: list[Group]
    located: int
    total: int
    points: list[dict[str, object]]
    by_commune: bool


def overview(
    portal: Portal, root: str, points_limit: int = MAP_POINTS, cooperatives: list[Cooperative] | None = None
) -> Overview:
    """The overview map of every cooperative (or of some: a commune's page), grouped by current
    commune, for a page at root; one disc per commune when more than points_limit have coordinates."""
    cooperatives = portal.cooperatives if cooperatives is None else cooperatives
    merged: dict[str, list[Commune]] = defaultdict(list)
    for commune in portal.communes.values():
        if commune.successor:
            merged[commune.successor.code].append(commune)
    groups: dict[str, Group] = {}
    for index, current in enumerate(portal.current_communes):
        former = sorted(merged[current.code], key=lambda c: sort_key(c.name))
        groups[current.code] = Group(current, former, PALETTE[index % len(PALETTE)])
    for coop in cooperatives:
        group = groups[coop.current_commune.code]
        group.places.append(Place(coop, group.colour))
    located = [p for g in groups.values() for p in g.places if p.coop.lat is not None and p.coop.lon is not None]
    height, km_per_unit = _project(located)
    by_commune = len(located) > points_limit
    if not by_commune:
        _spread(located, height)
    used = [g for g in groups.values() if g.places]
    svg = _svg(used, height, root, km_per_unit, by_commune) if located else Markup("")
    points = [
        {"n": p.coop.name, "u": p.coop.url, "la": p.coop.lat, "lo": p.coop.lon, "c": p.colour}
        for p in sorted(located, key=lambda p: sort_key(p.coop.name))
    ]
    return Overview(svg, used, len(located), len(cooperatives), points, by_commune)


def _project(places: list[Place]) -> tuple[float, float]:
    """Set each place's x, y in viewBox units; return the viewBox height and the kilometres
    a unit stands for."""
    if not places:
        return 0.0, 0.0
    lats = [p.coop.lat for p in places]
    lons = [p.coop.lon for p in places]
    south, north = _widen(min(lats), max(lats))
    west, east = _widen(min(lons), max(lons))
    squash = math.cos(math.radians((south + north) / 2))  # a degree of longitude is shorter
    scale = (WIDTH - 2 * PAD) / ((east - west) * squash)
    height = min(max((north - south) * scale + 2 * PAD, 240.0), 1.2 * WIDTH)
    scale = min(scale, (height - 2 * PAD) / (north - south))
    left = (WIDTH - (east - west) * squash * scale) / 2
    top = (height - (north - south) * scale) / 2
    for p in places:
        p.x = round(left + (p.coop.lon - west) * squash * scale, 1)
        p.y = round(top + (north - p.coop.lat) * scale, 1)
    return round(height, 1), KM_PER_DEGREE / scale


def _widen(low: float, high: float) -> tuple[float, float]:
    if high - low >= MIN_SPAN:
        return low, high
    middle = (low + high) / 2
    return middle - MIN_SPAN / 2, middle + MIN_SPAN / 2


def _spread(places: list[Place], height: float) -> None:
    """Move points that would cover each other apart, first come first placed (name order),
    never nearer the edge than the margin."""
    cell = 2 * DOT + 2
    taken: dict[tuple[int, int], list[tuple[float, float]]] = defaultdict(list)

    def free(x: float, y: float) -> bool:
        inner = PAD - 1  # a point the projection put on the margin stays where it is
        if not (inner <= x <= WIDTH - inner and inner <= y <= height - inner):
            return False
        i, j = int(x // cell), int(y // cell)
        return all(
            (x - a) ** 2 + (y - b) ** 2 >= cell**2
            for di in (-1, 0, 1)
            for dj in (-1, 0, 1)
            for a, b in taken[i + di, j + dj]
        )

    for p in places:
        assert p.x is not None and p.y is not None
        x, y = p.x, p.y
        for step in range(SPIRAL):
            if free(x, y):
                break
            angle, distance = step * 2.4, cell * (1 + step / 6)  # a golden-angle spiral
            x, y = round(p.x + distance * math.cos(angle), 1), round(p.y + distance * math.sin(angle), 1)
        else:
            x, y = p.x, p.y
        p.x, p.y = x, y
        taken[int(x // cell), int(y // cell)].append((x, y))


def _hull(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """The convex hull of points, anticlockwise from the leftmost (Andrew's monotone chain)."""
    points = sorted(set(points))
    if len(points) <= 2:
        return points if len(points) == 2 else points * 2

    def turn(o: tuple[float, float], a: tuple[float, float], b: tuple[float, float]) -> float:
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower: list[tuple[float, float]] = []
    upper: list[tuple[float, float]] = []
    for chain, ordered in ((lower, points), (upper, points[::-1])):
        for point in ordered:
            while len(chain) >= 2 and turn(chain[-2], chain[-1], point) <= 0:
                chain.pop()
            chain.append(point)
    return lower[:-1] + upper[:-1]


def _scale_bar(height: float, km_per_unit: float) -> str:
    """A bar of a round number of kilometres, about a fifth of the map's width."""
    target = WIDTH / 5 * km_per_unit
    km = max(
        (k for k in (0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500) if k <= target),
        default=0.1,
    )
    length = km / km_per_unit
    x, y = 14, height - 16
    label = f"{km:g} km".replace(".", ",")
    return (
        '<g class="portal-map__scale" aria-hidden="true">'
        f'<path d="M{x} {y - 6:g}V{y:g}H{x + length:.1f}V{y - 6:g}"/>'
        f'<text x="{x + length + 6:.1f}" y="{y:g}">{label}</text></g>'
    )


def _svg(groups: list[Group], height: float, root: str, km_per_unit: float, by_commune: bool) -> Markup:
    """The map: a frame, each commune's name near its points, then the points as links (or
    one disc per commune)."""
    out = [
        f'<svg class="portal-map__svg" viewBox="0 0 {WIDTH} {height:g}" width="{WIDTH}" height="{height:g}" '
        f'role="group" aria-labelledby="map-title" font-family="{escape(FONT_STACK)}">',
        f'<rect class="portal-map__ground" x="1" y="1" width="{WIDTH - 2}" height="{height - 2:g}" rx="8"/>',
    ]
    if by_commune:
        out += [_disc(g, root, max(len(g.located) for g in groups)) for g in groups if g.located]
        out.append(_scale_bar(height, km_per_unit))
        out.append("</svg>")
        return Markup("\n".join(out))
    labels, zones = [], []
    for group in groups:
        located = group.located
        if not located:
            continue
        # The commune's points wrapped in a wide round stroke: where its cooperatives are, not its border.
        hull = _hull([(p.x, p.y) for p in located if p.x is not None and p.y is not None])
        path = "M" + "L".join(f"{x:g} {y:g}" for x, y in hull) + ("Z" if len(hull) > 2 else "")
        zones.append(f'<path d="{path}" fill="{group.colour}" stroke="{group.colour}"/>')
        xs = [p.x for p in located if p.x is not None]
        ys = [p.y for p in located if p.y is not None]
        x, y = sum(xs) / len(xs), min(ys) - DOT - 8
        x = min(max(x, PAD + 40), WIDTH - PAD - 40)
        y = max(y, 18.0)
        at = f'x="{x:.1f}" y="{y:.1f}" text-anchor="middle"'
        name = escape(group.commune.label)
        # The name twice: a white halo under it keeps it readable across the zones and points.
        labels.append(
            f'<text class="portal-map__halo" {at}>{name}</text><text {at} fill="{group.colour}">{name}</text>'
        )
    out.append('<g class="portal-map__zones" aria-hidden="true">' + "".join(zones) + "</g>")
    out.append('<g class="portal-map__labels" aria-hidden="true">' + "".join(labels) + "</g>")
    out.append(_scale_bar(height, km_per_unit))
    for group in groups:
        for p in group.located:
            out.append(_point(p, root))
    out.append("</svg>")
    return Markup("\n".join(out))


def _point(p: Place, root: str) -> str:
    coop = p.coop
    where = coop.current_commune.label
    if coop.former_commune:
        where += f", trước đây {coop.former_commune.label}"
    title = f"{coop.name} ({where})"
    if coop.status != "hoạt động":
        title += f" – {coop.status}"
    communes = coop.current_commune.code + (f" {coop.former_commune.code}" if coop.former_commune else "")
    fill = "#fff" if coop.status != "hoạt động" else p.colour
    return (
        f'<a href="{escape(root + coop.url)}" data-commune="{escape(communes)}">'
        f"<title>{escape(title)}</title>"
        f'<circle class="portal-map__hit" cx="{p.x}" cy="{p.y}" r="{HIT}"/>'
        f'<circle class="portal-map__dot" cx="{p.x}" cy="{p.y}" r="{DOT}" fill="{fill}" stroke="{p.colour}"/>'
        "</a>"
    )


def _disc(group: Group, root: str, most: int) -> str:
    """A commune as a disc at the middle of its points, its area in proportion to its count."""
    xs = [p.x for p in group.located if p.x is not None]
    ys = [p.y for p in group.located if p.y is not None]
    x, y = sum(xs) / len(xs), sum(ys) / len(ys)
    radius = 6 + 18 * math.sqrt(len(group.located) / most)
    title = f"{group.commune.label}: {len(group.places)} HTX, tổ hợp tác"
    code = escape(group.commune.code)
    return (
        f'<a href="{escape(root)}htx/?commune={code}" data-commune="{code}">'
        f"<title>{escape(title)}</title>"
        f'<circle class="portal-map__dot" cx="{x:.1f}" cy="{y:.1f}" r="{radius:.1f}" fill="{group.colour}" '
        f'fill-opacity="0.6" stroke="{group.colour}"/></a>'
    )
