"""Media assets for the press and for sharing: QR codes and 1200x630 share cards, made offline."""

from __future__ import annotations

import functools
import io
from dataclasses import dataclass
from pathlib import Path

import matplotlib
import numpy as np
import segno
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
PRINT_SCALE = 16  # PNG modules of 16 px (two bytes of a 1-bit row): about 5 cm at 300 dpi
QR_BORDER = 4
QR_MASK = 2


@dataclass(frozen=True)
class QrFiles:
    svg: str
    png: str


@dataclass(frozen=True)
class Share:
    """How a page travels: its canonical URL, a printable short form, QR code and share card."""

    canonical: str
    short: str
    qr: QrFiles
    image: str


class MediaMaker:
    """Asks the artifact store for QR codes and share cards (rendered once per distinct input).

    Like every artifact, they are rendered while MkDocs builds (`ArtifactStore.render_late`).
    """

    def __init__(self, store: ArtifactStore):
        self.store = store

    def qr(self, name: str, url: str) -> QrFiles:
        """qr/<name>.svg for the page and qr/<name>.png at print resolution, both encoding url."""
        return QrFiles(
            self.store.request(f"qr/{name}.svg", render_qr, url, "svg"),
            self.store.request(f"qr/{name}.png", render_qr, url, "png"),
        )

    def share_card(self, name: str, title: str, subtitle: str, photo: Path | None, site: str, demo: bool) -> str:
        """share/<name>.jpg: 1200x630, the photo on the left, the name in Vietnamese on the right."""
        digest = file_digest(photo) if photo else ""
        source = str(photo) if photo else ""
        return self.store.request(
            f"share/{name}.jpg",
            render_card,
            source,
            title,
            subtitle,
            site,
            demo,
            key=(title, subtitle, digest, site, demo),
        )


def render_qr(url: str, kind: str) -> bytes:
    """A QR code of url by segno: SVG for the page (4 px modules), or PNG at print resolution
    (16 px modules: about 5 cm at 300 dpi). The mask is fixed: any mask gives a valid code, and
    scoring all eight (segno's default) costs several times as much at tens of thousands of codes.

    The PNG is segno's module matrix (its public `matrix`) enlarged and encoded by Pillow: segno's
    own PNG writer builds every pixel row in Python, which at print resolution costs more than the
    rest of the code, and a site has one code per product and per cooperative."""
    code = _qr_code(url)
    buffer = io.BytesIO()
    if kind == "svg":
        code.save(buffer, kind="svg", scale=4, border=QR_BORDER, title=url, xmldecl=False, dark="#102a27")
        buffer.write(b"\n")
    else:
        light = ~np.pad(np.array(code.matrix, dtype=bool), QR_BORDER)  # mode "1": True is white
        height, width = light.shape
        image = Image.fromarray(light).resize((width * PRINT_SCALE, height * PRINT_SCALE), Image.Resampling.NEAREST)
        image.save(buffer, "PNG")
    return buffer.getvalue()


@functools.lru_cache(maxsize=4)
def _qr_code(url: str) -> segno.QRCode:
    """The code of url, encoded once for its SVG and its PNG (made one after the other)."""
    return segno.make(url, error="m", micro=False, mask=QR_MASK)


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
    """The share card's JPEG bytes. The photo comes first: cards are made in the order of their
    arguments, so the cards of one photo go mostly to one worker, which crops the photo once."""
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
    buffer = io.BytesIO()
    card.save(buffer, "JPEG", quality=84)
    return buffer.getvalue()


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
