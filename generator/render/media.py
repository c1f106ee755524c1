"""Media assets for the press and for sharing: QR codes drawn in the pages themselves (data: URIs)
and in the printed catalogue (SVG), and 1200x630 share cards, made offline."""

from __future__ import annotations

import base64
import functools
import io
import zlib
from dataclasses import dataclass
from pathlib import Path

import matplotlib
import numpy as np
import zxingcpp
from PIL import Image, ImageDraw, ImageFont, ImageOps

from .artifacts import ArtifactStore, file_digest
from .images import decode_at_least

FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
FONT_BOLD = FONT_DIR / "DejaVuSans-Bold.ttf"
FONT_REGULAR = FONT_DIR / "DejaVuSans.ttf"
CARD_SIZE = (1200, 630)
CARD_SPLIT = 520  # the photo's width; the text takes the rest
BRAND = (15, 95, 89)
SAND = (254, 246, 231)
# A card with a photo is a JPEG; a flat card (drawn shapes and text) a 4-bit PNG of 16 colours:
# the panel, the background, three inks and a few shades of each for the text's anti-aliased
# edges (64 colours made the cards half as large again, and looked the same). Photo cards are
# JPEGs at quality 75: 10% smaller than at 80 on the sample's photos (progressive ones would be
# 5% smaller again, but take twice as long to encode).
CARD_JPEG_QUALITY = 75
CARD_COLOURS = 16
# Size budgets of a card, in bytes (Facebook takes up to 8 MB; a small card loads fast in a
# preview): a photo card's quality steps down until it fits; the tests hold every card to them.
CARD_BUDGET = {"JPEG": 160_000, "PNG": 60_000}


@dataclass(frozen=True)
class QrCode:
    """A QR code as the printed catalogue draws it: size modules square (the quiet zone included),
    and the dark modules as an SVG path of 1-module-wide horizontal strokes, one subpath per row."""

    size: int
    path: str


@dataclass(frozen=True)
class Share:
    """How a page travels: its canonical URL, a printable short form, share card and QR code."""

    canonical: str
    short: str
    image: str
    name: str  # the page's path in one word (htx-<id>): the print PNG's file name

    @property
    def qr_image(self) -> str:
        """The QR code of the canonical URL as a data: URI, encoded when a page first draws it."""
        return qr_image(self.canonical)


class MediaMaker:
    """Asks the artifact store for share cards (rendered once per distinct input).

    Like every artifact, they are rendered beside the pages and MkDocs (`ArtifactStore.render_late`).
    """

    def __init__(self, store: ArtifactStore):
        self.store = store

    def share_card(self, name: str, title: str, subtitle: str, photo: Path | None, site: str, demo: bool) -> str:
        """share/<name>.jpg (with a photo) or share/<name>.png (a flat card): 1200x630, the photo or
        the brand panel on the left, the name in Vietnamese on the right."""
        digest = file_digest(photo) if photo else ""
        source = str(photo) if photo else ""
        return self.store.request(
            f"share/{name}.{'jpg' if photo else 'png'}",
            render_card,
            source,
            title,
            subtitle,
            site,
            demo,
            key=(title, subtitle, digest, site, demo),
        )


def qr_svg_file(url: str) -> bytes:
    """The QR code of url as a standalone SVG file (the printed catalogue places it as an image)."""
    code = qr_code(url)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {code.size} {code.size}" '
        f'shape-rendering="crispEdges"><rect width="{code.size}" height="{code.size}" fill="#fff"/>'
        f'<path fill="none" stroke="#000" d="{code.path}"/></svg>\n'
    ).encode("ascii")


def _modules(url: str) -> np.ndarray:
    """The QR code of url, encoded by zxing-cpp (C++, error correction M, its public API): one
    pixel a module, the 4-module quiet zone included, 0 where a module is dark."""
    return np.asarray(zxingcpp.create_barcode(url, zxingcpp.BarcodeFormat.QRCode, ec_level="M").to_image())


@functools.lru_cache(maxsize=16384)  # a worker's pages and print cards; 700 bytes a code
def qr_image(url: str) -> str:
    """The QR code of url as the pages draw it: a data: URI of a 1-bit PNG, one pixel a module,
    which the page scales up with `image-rendering: pixelated` (sharp on screen and in print).
    About 500 characters, where an inline SVG path took 2,600: a tenth of a province's pages'
    bytes. A page worker renders both an entity's page and its print card (`PageWriter._parts`)."""
    buffer = io.BytesIO()
    Image.fromarray(_modules(url)).convert("1").save(buffer, "PNG", optimize=True)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


@functools.lru_cache(maxsize=16384)  # a worker typesets a scope's A4 and A5 catalogues
def qr_code(url: str) -> QrCode:
    """The QR code of url as an SVG path, for the printed catalogue: each row's first run of dark
    modules is "M<x> <y>.5h<length>", the next ones "m<gap> 0h<length>" from the end of the run
    before."""
    dark = _modules(url) < 128
    size = dark.shape[1]
    padded = np.zeros((dark.shape[0], size + 1), dtype=np.int8)
    padded[:, :size] = dark  # the extra light column ends every row's last run in that row
    changes = np.flatnonzero(np.diff(padded, axis=1, prepend=0).ravel())
    starts, ends = changes[0::2], changes[1::2]
    rows, columns = np.divmod(starts, size + 1)
    first = np.ones(len(starts), dtype=bool)
    first[1:] = rows[1:] != rows[:-1]
    gaps = np.zeros(len(starts), dtype=np.int64)
    gaps[1:] = starts[1:] - ends[:-1]
    runs = zip(first.tolist(), columns.tolist(), rows.tolist(), gaps.tolist(), (ends - starts).tolist(), strict=True)
    return QrCode(size, "".join(f"M{x} {y}.5h{w}" if new else f"m{g} 0h{w}" for new, x, y, g, w in runs))


def _wrap(draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont, width: int, lines: int) -> list[str]:
    words, result, current, length = text.split(), [], "", 0.0
    space = _length(font, " ")
    for word in words:
        trial = f"{current} {word}" if current else word
        # Words' widths add up to the line's within a few pixels (kerning); measure only when close.
        estimate = length + space + _length(font, word) if current else _length(font, word)
        if abs(estimate - width) <= 6:
            estimate = draw.textlength(trial, font=font)
        if estimate <= width or not current:
            current, length = trial, estimate
        else:
            result.append(current)
            current, length = word, _length(font, word)
    result.append(current)
    if len(result) > lines:
        result = result[:lines]
        while draw.textlength(result[-1] + "…", font=font) > width and " " in result[-1]:
            result[-1] = result[-1].rsplit(" ", 1)[0]
        result[-1] += "…"
    # A single word longer than the width (300 characters, say) is cut, not overflowed.
    return [_fit(draw, line, font, width) for line in result]


@functools.lru_cache(maxsize=65536)
def _length(font: ImageFont.FreeTypeFont, text: str) -> float:
    """A word's width, measured once per font (names and places repeat across thousands of cards)."""
    return font.getlength(text)


def _fit(draw: ImageDraw.ImageDraw, line: str, font: ImageFont.FreeTypeFont, width: int) -> str:
    while draw.textlength(line, font=font) > width and len(line) > 1:
        line = line[:-2] + "…"
    return line


@functools.lru_cache(maxsize=16)
def _font(path: Path, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(path), size)


@functools.lru_cache(maxsize=64)
def _photo_panel(photo: str, width: int) -> Image.Image:
    """The left part of a share card: the photo upright and cropped (many cards share a photo)."""
    with Image.open(photo) as opened:
        decode_at_least(opened, (width, CARD_SIZE[1]))
        return ImageOps.fit(ImageOps.exif_transpose(opened).convert("RGB"), (width, CARD_SIZE[1]))


def render_card(photo: str, title: str, subtitle: str, site: str, demo: bool) -> bytes:
    """The share card's bytes: a JPEG with a photo, a palette PNG without. The photo comes first:
    cards are made in the order of their arguments, so the cards of one photo go mostly to one
    worker, which crops the photo once."""
    card = _draw_card(photo, title, subtitle, site, demo)
    buffer = io.BytesIO()
    if photo:
        # A busy photo may need a lower quality to stay within the budget: tried in steps.
        for quality in range(CARD_JPEG_QUALITY, 29, -10):
            buffer = io.BytesIO()
            card.save(buffer, "JPEG", quality=quality, optimize=True)
            if buffer.tell() <= CARD_BUDGET["JPEG"]:
                break
    else:
        # Flat colours: a palette PNG is a quarter of the JPEG's bytes, and its text stays sharp.
        # zlib's run-length strategy suits long runs of flat colour: half the time of its default
        # strategy at level 6, and 1% smaller; level 9 would take eight times as long for a
        # tenth fewer bytes.
        flat = card.quantize(palette=_flat_palette(site, demo), dither=Image.Dither.NONE)
        flat.save(buffer, "PNG", compress_level=6, bits=4, compress_type=zlib.Z_RLE)
    return buffer.getvalue()


def _draw_card(photo: str, title: str, subtitle: str, site: str, demo: bool) -> Image.Image:
    """The card in RGB: the photo or the brand panel on the left, title and subtitle on the right."""
    card = _card_base(site, demo).copy()
    if photo:
        card.paste(_photo_panel(photo, CARD_SPLIT), (0, 0))
    draw = ImageDraw.Draw(card)
    x, width = CARD_SPLIT + 48, CARD_SIZE[0] - CARD_SPLIT - 96
    title_font, text_font = _font(FONT_BOLD, 52), _font(FONT_REGULAR, 30)
    y = 100 if demo else 70
    for line in _wrap(draw, title, title_font, width, 3 if demo else 4):
        _draw_words(card, (x, y), line, title_font, (16, 42, 39))
        y += 66
    y += 18
    for line in _wrap(draw, subtitle, text_font, width, 4):
        _draw_words(card, (x, y), line, text_font, (51, 65, 85))
        y += 42
    return card


@functools.lru_cache(maxsize=4)
def _flat_palette(site: str, demo: bool) -> Image.Image:
    """The palette of a site's flat cards, chosen once (median cut) from a card with a title and a
    subtitle: every flat card has the same colours (the panel, the background, two inks and
    their anti-aliased edges), so a card is mapped to it by lookup; choosing a palette for each
    card would cost ten times its drawing."""
    sample = _draw_card("", "Mẫu chữ Ăn Ơ Ư Đ ợ ẫ", "Giá 125.000 ₫ · Hợp tác xã mẫu, xã Vĩnh Thuận", site, demo)
    return sample.quantize(CARD_COLOURS, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)


def _draw_words(card: Image.Image, at: tuple[int, int], line: str, font: ImageFont.FreeTypeFont, fill) -> None:
    """Draw a line word by word from masks drawn once per word: names, places and units repeat
    across thousands of cards, and drawing glyphs is the larger part of drawing a card."""
    pen, y = float(at[0]), at[1]
    space = _length(font, " ")
    for word in line.split(" "):
        mask, (left, top) = _word_mask(font, word)
        if mask.width and mask.height:
            card.paste(fill, (round(pen) + left, y + top), mask)
        pen += _length(font, word) + space


@functools.lru_cache(maxsize=8192)  # Vietnamese has about 7,000 syllables; a mask is a few KB
def _word_mask(font: ImageFont.FreeTypeFont, word: str) -> tuple[Image.Image, tuple[int, int]]:
    """A word's glyphs as an 8-bit mask, and where the mask sits from the pen (top-left anchor)."""
    left, top, right, bottom = font.getbbox(word)
    mask = Image.new("L", (max(0, right - left), max(0, bottom - top)), 0)
    ImageDraw.Draw(mask).text((-left, -top), word, font=font, fill=255)
    return mask, (left, top)


@functools.lru_cache(maxsize=4)
def _card_base(site: str, demo: bool) -> Image.Image:
    """What every card of a site shares, drawn once: the panel for cards without a photo, the
    accent bar, the demo tag and the address."""
    card = Image.new("RGB", CARD_SIZE, SAND)
    panel = Image.new("RGB", (CARD_SPLIT, CARD_SIZE[1]), BRAND)
    shapes = ImageDraw.Draw(panel)
    shapes.ellipse((CARD_SPLIT - 260, -120, CARD_SPLIT + 140, 280), fill=(21, 128, 122))
    shapes.ellipse((-160, 380, 260, 800), fill=(12, 74, 69))
    card.paste(panel, (0, 0))
    draw = ImageDraw.Draw(card)
    draw.rectangle((CARD_SPLIT, 0, CARD_SIZE[0], 14), fill=(180, 83, 9))
    x, width = CARD_SPLIT + 48, CARD_SIZE[0] - CARD_SPLIT - 96
    if demo:
        draw.rounded_rectangle((x, 34, x + 250, 72), radius=8, fill=(253, 230, 138))
        draw.text((x + 12, 39), "Dữ liệu minh họa", font=_font(FONT_BOLD, 22), fill=(31, 41, 55))
    small_font = _font(FONT_BOLD, 26)
    draw.text((x, CARD_SIZE[1] - 70), _fit(draw, site, small_font, width), font=small_font, fill=BRAND)
    return card
