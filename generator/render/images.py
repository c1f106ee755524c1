"""Photos: orientation applied, every metadata block dropped, resized to WebP; placeholders."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps

from .. import photo_formats  # noqa: F401 - lets Pillow open the phones' HEIC photos
from .artifacts import ArtifactStore, file_digest

WIDTHS = (480, 960)
QUALITY = 76
PLACEHOLDER_COLOURS = ("#0f766e", "#9a3412", "#1d4ed8", "#7c2d92", "#a16207", "#be123c", "#15803d", "#334155")


@dataclass(frozen=True)
class Picture:
    """A responsive image on the site: the files by width, and the largest size."""

    srcset: tuple[tuple[str, int], ...]
    width: int
    height: int

    @property
    def src(self) -> str:
        return self.srcset[-1][0]


class PhotoProcessor:
    """Turns data/images/* into media/*.webp; the resizing itself is left to the artifact store."""

    def __init__(self, images_dir: Path, store: ArtifactStore):
        self.images_dir, self.store = images_dir, store
        self._done: dict[str, Picture] = {}
        self.digests: dict[str, str] = {}  # photo name -> hash of its bytes, once planned

    def picture(self, name: str) -> Picture:
        if name not in self._done:
            self.digests[name] = file_digest(self.images_dir / name)
            self._done[name] = self._plan(self.images_dir / name, self.digests[name])
        return self._done[name]

    def _plan(self, source: Path, digest: str) -> Picture:
        width, height = upright_size(source)
        srcset = []
        for target in WIDTHS:
            w = min(target, width)
            h = round(height * w / width)
            path = self.store.request(
                f"media/{digest[:16]}-{w}.webp", render_webp, str(source), w, h, key=(digest, w, h, QUALITY)
            )
            srcset.append((path, w))
            if w == width:
                break
        last_w = srcset[-1][1]
        return Picture(tuple(srcset), last_w, round(height * last_w / width))


def upright_size(source: Path) -> tuple[int, int]:
    """Width and height as the photo is meant to be seen (EXIF orientation applied), from its header."""
    with Image.open(source) as opened:
        width, height = opened.size
        orientation = _orientation(opened)
    return (height, width) if orientation in (5, 6, 7, 8) else (width, height)


def render_webp(source: str, width: int, height: int) -> bytes:
    """The photo upright, resized, re-encoded as WebP with no metadata at all."""
    with Image.open(source) as opened:
        decode_at_least(opened, (width, height))
        upright = ImageOps.exif_transpose(opened) if _orientation(opened) != 1 else opened
        buffer = io.BytesIO()
        _clean_copy(upright, (width, height)).save(buffer, "WEBP", quality=QUALITY, method=6)
    return buffer.getvalue()


def without_metadata(source: Path) -> bytes:
    """A picture from content/ as it is published: upright, in its own format, with no EXIF, XMP
    or text chunks (a phone photo's GPS position never reaches the site). PDFs pass unchanged."""
    if source.suffix.lower() == ".pdf":
        return source.read_bytes()
    with Image.open(source) as opened:
        upright = ImageOps.exif_transpose(opened) if _orientation(opened) != 1 else opened
        picture = upright.convert("RGBA" if upright.mode in ("RGBA", "LA", "P") else "RGB")
        buffer = io.BytesIO()
        kind = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WEBP"}[opened.format]
        picture.save(buffer, kind, **({"quality": 88} if kind != "PNG" else {}))
    return buffer.getvalue()


def _orientation(opened: Image.Image) -> int:
    return opened.getexif().get(0x0112, 1)


def decode_at_least(opened: Image.Image, size: tuple[int, int]) -> None:
    """Let a JPEG decode at 1/2, 1/4 or 1/8 scale as long as it still covers size (as seen,
    upright): a 12-megapixel phone photo then costs a quarter of the time to shrink."""
    if _orientation(opened) in (5, 6, 7, 8):  # stored on its side
        size = (size[1], size[0])
    opened.draft(opened.mode, size)


def _clean_copy(image: Image.Image, size: tuple[int, int]) -> Image.Image:
    """A fresh RGB image of the pixels only: no EXIF, XMP, ICC or GPS can ride along."""
    rgb = (image if image.mode == "RGB" else image.convert("RGB")).resize(size, Image.Resampling.LANCZOS)
    clean = Image.new("RGB", rgb.size)
    clean.paste(rgb)
    clean.info = {}
    return clean


def placeholder_svg(index: int) -> str:
    """A light, generated picture for a row without a photo (initials on a colour)."""
    colour = PLACEHOLDER_COLOURS[index % len(PLACEHOLDER_COLOURS)]
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 480 320" width="480" height="320">'
        f'<rect width="480" height="320" fill="{colour}"/>'
        '<g fill="#fff" fill-opacity=".16">'
        '<circle cx="400" cy="60" r="90"/><circle cx="60" cy="300" r="120"/>'
        '<path d="M0 230 Q120 180 240 230 T480 230 V320 H0Z"/></g>'
        '<path d="M200 120c30-40 70-40 80 0 10 40-40 70-40 70s-50-30-40-70z" fill="#fff" fill-opacity=".55"/>'
        "</svg>"
    )
