"""Media assets for the press and for sharing: QR codes and 1200x630 share cards, made offline."""

from __future__ import annotations

import functools
import io
from dataclasses import dataclass
from pathlib import Path

import matplotlib
import segno
from PIL import Image, ImageDraw, ImageFont, ImageOps

from .artifacts import ArtifactStore, file_digest

FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
FONT_BOLD = FONT_DIR / "DejaVuSans-Bold.ttf"
FONT_REGULAR = FONT_DIR / "DejaVuSans.ttf"
CARD_SIZE = (1200, 630)
BRAND = (15, 95, 89)
SAND = (254, 246, 231)
PRINT_SCALE = 16  # PNG modules of 16 px: about 5 cm at 300 dpi for a typical URL
QR_BORDER = 4
QR_MASK = 2


@dataclass(frozen=True)
class QrFiles:
    svg: str
    png: str


class MediaMaker:
    """Asks the artifact store for QR codes and share cards (rendered once per distinct input)."""

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
            title,
            subtitle,
            source,
            site,
            demo,
            key=(title, subtitle, digest, site, demo),
        )


def render_qr(url: str, kind: str) -> bytes:
    """A QR code of url: SVG for the page, or PNG at print resolution.

    The mask pattern is fixed: any mask gives a valid code, and scoring all eight (segno's
    default) costs ten times as much, which matters at tens of thousands of codes.
    """
    code = segno.make(url, error="m", micro=False, mask=QR_MASK)
    buffer = io.BytesIO()
    if kind == "svg":
        code.save(buffer, kind="svg", scale=4, border=4, dark="#102a27", xmldecl=False, svgns=True, title=url)
        return buffer.getvalue()
    size = len(code.matrix) + 2 * QR_BORDER
    image = Image.new("1", (size, size), 1)
    pixels = image.load()
    for y, row in enumerate(code.matrix):
        for x, dark in enumerate(row):
            if dark:
                pixels[x + QR_BORDER, y + QR_BORDER] = 0
    image.resize((size * PRINT_SCALE, size * PRINT_SCALE), Image.Resampling.NEAREST).save(buffer, "PNG")
    return buffer.getvalue()


def _wrap(draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont, width: int, lines: int) -> list[str]:
    words, result, current = text.split(), [], ""
    for word in words:
        trial = f"{current} {word}".strip()
        if draw.textlength(trial, font=font) <= width or not current:
            current = trial
        else:
            result.append(current)
            current = word
    result.append(current)
    if len(result) > lines:
        result = result[:lines]
        while draw.textlength(result[-1] + "…", font=font) > width and " " in result[-1]:
            result[-1] = result[-1].rsplit(" ", 1)[0]
        result[-1] += "…"
    # A single word longer than the width (300 characters, say) is cut, not overflowed.
    return [_fit(draw, line, font, width) for line in result]


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
        return ImageOps.fit(ImageOps.exif_transpose(opened).convert("RGB"), (width, CARD_SIZE[1]))


def render_card(title: str, subtitle: str, photo: str, site: str, demo: bool) -> bytes:
    """The share card's JPEG bytes."""
    card = Image.new("RGB", CARD_SIZE, SAND)
    draw = ImageDraw.Draw(card)
    split = 520
    if photo:
        card.paste(_photo_panel(photo, split), (0, 0))
    else:
        panel = Image.new("RGB", (split, CARD_SIZE[1]), BRAND)
        shapes = ImageDraw.Draw(panel)
        shapes.ellipse((split - 260, -120, split + 140, 280), fill=(21, 128, 122))
        shapes.ellipse((-160, 380, 260, 800), fill=(12, 74, 69))
        card.paste(panel, (0, 0))
    draw.rectangle((split, 0, CARD_SIZE[0], 14), fill=(180, 83, 9))
    x, width = split + 48, CARD_SIZE[0] - split - 96
    title_font, text_font, small_font = _font(FONT_BOLD, 52), _font(FONT_REGULAR, 30), _font(FONT_BOLD, 26)
    y = 70
    if demo:
        draw.rounded_rectangle((x, 34, x + 250, 72), radius=8, fill=(253, 230, 138))
        draw.text((x + 12, 39), "Dữ liệu minh họa", font=_font(FONT_BOLD, 22), fill=(31, 41, 55))
        y = 100
    for line in _wrap(draw, title, title_font, width, 4 if not demo else 3):
        draw.text((x, y), line, font=title_font, fill=(16, 42, 39))
        y += 66
    y += 18
    for line in _wrap(draw, subtitle, text_font, width, 4):
        draw.text((x, y), line, font=text_font, fill=(51, 65, 85))
        y += 42
    draw.text((x, CARD_SIZE[1] - 70), _fit(draw, site, small_font, width), font=small_font, fill=BRAND)
    buffer = io.BytesIO()
    card.save(buffer, "JPEG", quality=84)
    return buffer.getvalue()
