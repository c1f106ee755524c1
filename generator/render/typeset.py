"""The printed catalogue typeset by Typst: a document's data in, a PDF's bytes out.

Typst runs inside its Python wheel (no other program, no network): it reads the template
`site_config/templates/catalogue.typ`, the document as JSON, and the photos, placeholders and QR
codes written beside them in a temporary folder. The fonts are matplotlib's DejaVu Sans (with
its licence, LICENSE_DEJAVU, in the same folder), which covers Vietnamese; Typst embeds the
glyphs it uses and reads no font of the machine, so every machine makes the same bytes.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import io
import tempfile
from pathlib import Path

import matplotlib
import pikepdf
import typst
from PIL import Image, ImageOps

from .. import photo_formats  # noqa: F401 - lets Pillow open the phones' HEIC photos
from ..schema import PROJECT_ROOT
from .images import placeholder_svg
from .media import qr_svg_file

TEMPLATE = PROJECT_ROOT / "site_config" / "templates" / "catalogue.typ"
FONTS = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
# A photo is printed at most 38 mm wide: 480 px is 320 dpi, what a print shop asks for.
PHOTO_SIDE = 480
PHOTO_QUALITY = 82
# What the PDF's bytes depend on beyond the arguments: the engine, its template and fonts.
ENGINE = (
    f"typst={importlib.metadata.version('typst')}|pikepdf={importlib.metadata.version('pikepdf')}|"
    + hashlib.sha256(TEMPLATE.read_bytes()).hexdigest()
)


def render_catalogue(
    document: str,
    photos: tuple[tuple[str, str, str], ...],
    placeholders: tuple[tuple[str, int], ...],
    codes: tuple[tuple[str, str], ...],
    epoch: int,
) -> bytes:
    """The PDF of document (the JSON that catalogue.typ reads), with photos as (file name,
    source path, hash of its bytes), placeholders as (file name, colour index) and QR codes as (file name, URL)."""
    with tempfile.TemporaryDirectory(prefix="catalogue-") as folder:
        root = Path(folder)
        write_sources(root, document, photos, placeholders, codes)
        return packed(
            typst.compile(
                TEMPLATE.read_bytes(),
                root=str(root),
                font_paths=fonts(),
                ignore_system_fonts=True,
                format="pdf",
                timestamp=epoch,
            )
        )


def packed(pdf: bytes) -> bytes:
    """The PDF with its objects in compressed object streams (qpdf, through pikepdf's public API).

    Typst writes each object of the tagged PDF's structure tree (thousands in a catalogue) as
    plain text: packed, a catalogue is a third smaller, with the same pages, tags and text. The
    document ID is made from the content, so the same catalogue gives the same bytes.
    """
    with pikepdf.open(io.BytesIO(pdf)) as document:
        buffer = io.BytesIO()
        document.save(
            buffer,
            compress_streams=True,
            object_stream_mode=pikepdf.ObjectStreamMode.generate,
            deterministic_id=True,
        )
    return buffer.getvalue()


@functools.cache
def fonts() -> typst.Fonts:
    """matplotlib's fonts, and no other: found once per process (a search costs 40 ms)."""
    return typst.Fonts(include_system_fonts=False, include_embedded_fonts=False, font_paths=[str(FONTS)])


def write_sources(
    root: Path,
    document: str,
    photos: tuple[tuple[str, str, str], ...],
    placeholders: tuple[tuple[str, int], ...],
    codes: tuple[tuple[str, str], ...],
) -> None:
    """Write into root what the template reads: data.json, the photos, placeholders and QR codes."""
    (root / "data.json").write_text(document, encoding="utf-8")
    for name, source, digest in photos:
        (root / name).write_bytes(print_photo(source, digest))
    for name, index in placeholders:
        (root / name).write_text(placeholder_svg(index), encoding="utf-8")
    for name, url in codes:
        (root / name).write_bytes(qr_svg_file(url))


@functools.lru_cache(maxsize=256)
def print_photo(source: str, digest: str) -> bytes:
    """A photo upright, at most PHOTO_SIDE pixels a side, as a JPEG with no metadata (many
    products share a photo, and a worker typesets several catalogues: each is made once per
    content, which digest names)."""
    with Image.open(source) as opened:
        opened.draft("RGB", (PHOTO_SIDE, PHOTO_SIDE))
        upright = ImageOps.exif_transpose(opened).convert("RGB")
    upright.thumbnail((PHOTO_SIDE, PHOTO_SIDE), Image.Resampling.LANCZOS)
    clean = Image.new("RGB", upright.size)  # the pixels only: no EXIF, ICC or GPS rides along
    clean.paste(upright)
    buffer = io.BytesIO()
    clean.save(buffer, "JPEG", quality=PHOTO_QUALITY, optimize=True)
    return buffer.getvalue()
