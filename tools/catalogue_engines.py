"""Typst against WeasyPrint for the printed catalogue: the measurement behind the choice.

    python tools/catalogue_engines.py DATA [--communes N] [--rounds R] [--out DIR]

Both engines typeset the same documents (`render.catalogue` plans them from DATA, A4, the N
communes with most products) from the same photos, placeholders and QR codes: Typst with the
project's template (`render.typeset`), WeasyPrint with an HTML page and print CSS written here
to look the same (cover, contents with page numbers, a heading per commune and cooperative, one
row per product, "Trang N / M" footers). Only the engines' calls are timed, alternating, and the
median is reported with pages, bytes and fonts. WeasyPrint is not a dependency of the project:
run this with it importable, e.g. PYTHONPATH=<a venv's site-packages with weasyprint>. With
--out, both PDFs of the first commune and a page of stacked diacritics are written there.
"""

from __future__ import annotations

import argparse
import html
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from generator import model  # noqa: E402
from generator.pipeline import Timer, load_and_validate, source_date_epoch  # noqa: E402
from generator.render import catalogue, typeset  # noqa: E402
from generator.render.artifacts import ArtifactStore  # noqa: E402
from generator.render.images import PhotoProcessor  # noqa: E402

DIACRITICS = "Mẫu chữ: ẫ ặ ờ ữ ỷ Ẫ Ặ Ờ Ữ Ỷ — Nước mắm Ướp muối, Bánh tráng Thuận Hưng, Khô cá lóc U Minh."

CSS = """
@font-face { font-family: "DejaVu Sans"; src: url("FONTS/DejaVuSans.ttf"); }
@font-face { font-family: "DejaVu Sans"; font-weight: bold; src: url("FONTS/DejaVuSans-Bold.ttf"); }
@page { size: A4; margin: 14mm 15mm 17mm 15mm;
  @bottom-left { content: string(footer); font-size: 7.5pt; color: #4d5f5c; }
  @bottom-right { content: "Trang " counter(page) " / " counter(pages); font-size: 9pt; font-weight: bold; } }
@page :first { @bottom-left { content: none; } @bottom-right { content: none; } }
html { font-family: "DejaVu Sans"; font-size: 9pt; color: #1c2b29; line-height: 1.35; }
.cover { page-break-after: always; } .cover h1 { font-size: 30pt; color: #0f5f59; margin-top: 40mm; }
.union { background: #0f5f59; color: white; padding: 14pt; border-radius: 4pt; font-weight: bold; }
.toc a { color: inherit; text-decoration: none; }
.toc a::after { content: leader(".") target-counter(attr(href), page); }
.toc li { list-style: none; } .toc ul { padding-left: 1.2em; }
h2.commune { page-break-before: always; background: #0f5f59; color: white; padding: 6pt 8pt; font-size: 16pt;
  border-radius: 3pt; string-set: footer content(); }
h3 { color: #0f5f59; font-size: 11.5pt; margin: 10pt 0 4pt; page-break-after: avoid; }
.card { display: grid; grid-template-columns: 38mm 1fr 24mm; column-gap: 10pt; padding: 5pt 0;
  border-bottom: 0.5pt solid #c9d6d3; page-break-inside: avoid; }
.card img.photo { width: 38mm; height: 28mm; object-fit: cover; border-radius: 2pt; } .card img.qr { width: 24mm; }
.name { font-size: 11pt; font-weight: bold; } .price { font-size: 11pt; font-weight: bold; color: #0f5f59; }
.facts { font-size: 8.5pt; } .muted { color: #4d5f5c; }
"""


def weasyprint_html(document: dict, fonts: Path) -> str:
    """The document as one HTML page for WeasyPrint, every value escaped."""
    e = html.escape
    parts = [f"<!doctype html><html lang='vi'><head><meta charset='utf-8'><title>{e(document['title'])}</title>"]
    parts.append(f"<style>{CSS.replace('FONTS', fonts.as_uri())}</style></head><body>")
    parts.append(f"<section class='cover'><div class='union'>{e(document['union'])}<br>{e(document['portal'])}</div>")
    parts.append(f"<h1>{e(document['title'])}</h1><p>{e(document['scope'])}</p><p>{e(document['summary'])}</p>")
    parts.append(f"<p><img src='{document['site_qr']}' style='width:28mm'><br>{e(document['date_label'])}<br>")
    parts.append(f"{e(document['licence_label'])}<br>{e(document['publisher_label'])}</p></section>")
    toc, body = ["<nav class='toc'><h2>Mục lục</h2><ul>"], []
    for s, section in enumerate(document["sections"]):
        toc.append(f"<li><a href='#s{s}'>{e(section['title'])}</a><ul>")
        body.append(
            f"<h2 class='commune' id='s{s}'>{e(section['title'])}</h2><p class='muted'>{e(section['intro'])}</p>"
        )
        for g, group in enumerate(section["groups"]):
            toc.append(f"<li><a href='#s{s}g{g}'>{e(group['title'])}</a></li>")
            body.append(f"<h3 id='s{s}g{g}'>{e(group['title'])}</h3><p class='muted facts'>{e(group['intro'])}</p>")
            for p in group["products"]:
                unit = f"<span class='muted'> / {e(p['unit'])}</span>" if p["unit"] else ""
                facts = "".join(f"<br><span class='muted'>{e(k)}:</span> {e(v)}" for k, v in p["facts"])
                body.append(
                    f"<div class='card'><img class='photo' src='{p['photo']}' alt='{e(p['photo_alt'])}'>"
                    f"<div><span class='name'>{e(p['name'])}</span><br><span class='price'>{e(p['price'])}</span>{unit}"
                    f" {e(p['stars'])}<div class='facts'>{facts}</div></div>"
                    f"<img class='qr' src='{p['qr']}' alt='{e(p['url'])}'></div>"
                )
        toc.append("</ul></li>")
    toc.append("</ul></nav>")
    return "".join(parts + toc + body) + "</body></html>"


def pages_and_fonts(pdf: Path) -> tuple[int, str]:
    """Pages (pdfinfo) and the fonts with their embedded flag (pdffonts), from poppler."""
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout.splitlines()[2:]
    return pages, "; ".join(" ".join(line.split()[:1] + line.split()[-5:-4]) for line in fonts)


def main() -> int:
    import weasyprint  # noqa: PLC0415 - only this measurement needs it

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path)
    parser.add_argument("--communes", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    loaded = load_and_validate(args.data, Timer(False), ROOT / "content")
    portal = model.build_portal(loaded, args.data, source_date_epoch(args.data))
    store = ArtifactStore(Path(tempfile.mkdtemp()))
    photos = PhotoProcessor(args.data / "images", store)
    by_commune: dict[str, list[model.Product]] = {}
    for product in portal.catalogue:
        by_commune.setdefault(product.cooperative.current_commune.code, []).append(product)
    largest = sorted(by_commune, key=lambda code: (-len(by_commune[code]), code))[: args.communes]
    times: dict[str, list[float]] = {"typst": [], "weasyprint": []}
    sizes: dict[str, int] = {"typst": 0, "weasyprint": 0}
    pages: dict[str, int] = {"typst": 0, "weasyprint": 0}
    fonts: dict[str, str] = {}
    with tempfile.TemporaryDirectory() as scratch:
        folders = []
        for code in largest:
            commune = portal.communes[code]
            content, assets = catalogue.make_document(
                portal, photos, [commune], by_commune, "cooperative", commune.label, True
            )
            text = catalogue.document_text(content, "a4")
            folder = Path(scratch) / code
            folder.mkdir()
            sources = tuple((n, str(photos.images_dir / p), d) for n, p, d in assets["photos"])
            typeset.write_sources(folder, text, sources, assets["placeholders"], assets["codes"])
            (folder / "page.html").write_text(weasyprint_html(json.loads(text), typeset.FONTS), encoding="utf-8")
            folders.append(folder)
        for round_ in range(args.rounds):
            for engine in ("typst", "weasyprint") if round_ % 2 == 0 else ("weasyprint", "typst"):
                began = time.perf_counter()
                for folder in folders:
                    if engine == "typst":
                        pdf = typeset.typst.compile(
                            typeset.TEMPLATE.read_bytes(),
                            root=str(folder),
                            font_paths=[str(typeset.FONTS)],
                            ignore_system_fonts=True,
                            format="pdf",
                        )
                    else:
                        pdf = weasyprint.HTML(filename=str(folder / "page.html")).write_pdf()
                    (folder / f"{engine}.pdf").write_bytes(pdf)
                times[engine].append(time.perf_counter() - began)
        for engine in times:
            sizes[engine] = sum((f / f"{engine}.pdf").stat().st_size for f in folders)
            pages[engine] = sum(pages_and_fonts(f / f"{engine}.pdf")[0] for f in folders)
            fonts[engine] = pages_and_fonts(folders[0] / f"{engine}.pdf")[1]
        if args.out:
            args.out.mkdir(parents=True, exist_ok=True)
            for engine in times:
                (args.out / f"{engine}.pdf").write_bytes((folders[0] / f"{engine}.pdf").read_bytes())
            sample = '#set text(font: "DejaVu Sans", size: 28pt, lang: "vi")\n'
            sample += f"#set page(width: 180mm, height: auto)\n{DIACRITICS}"
            (args.out / "diacritics-typst.pdf").write_bytes(
                typeset.typst.compile(sample.encode(), font_paths=[str(typeset.FONTS)], ignore_system_fonts=True)
            )
            page = f"<style>{CSS.replace('FONTS', typeset.FONTS.as_uri())} @page {{ size: 180mm 60mm; }}</style>"
            page += f"<p style='font-size:28pt' lang='vi'>{html.escape(DIACRITICS)}</p>"
            (args.out / "diacritics-weasyprint.pdf").write_bytes(weasyprint.HTML(string=page).write_pdf())
    products = sum(len(by_commune[c]) for c in largest)
    print(f"{len(largest)} communes, {products} products, A4, {args.rounds} rounds (median seconds)")
    for engine in times:
        print(
            f"{engine:10} {statistics.median(times[engine]):7.2f} s  {pages[engine]:5} pages  "
            f"{sizes[engine] / 1e6:6.2f} MB  fonts: {fonts[engine]}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
