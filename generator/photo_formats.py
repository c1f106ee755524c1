"""The photo formats staff may upload: JPEG, PNG, WebP, and the HEIC/HEIF photos phones take.

Importing this module teaches Pillow to open HEIC/HEIF (pillow-heif ships its own decoder). It
applies the photo's rotation as it decodes, so the picture comes out upright like the others.
"""

from __future__ import annotations

from pillow_heif import register_heif_opener

register_heif_opener()

FORMATS = ("JPEG", "PNG", "WEBP", "HEIF")
SUFFIXES = ("jpg", "jpeg", "png", "webp", "heic", "heif")
