"""Logos as responsive images: WebP thumbnails at 1× and 2× the size shown, with their
width and height, made once with Pillow and kept in the configured storage.

A logo Pillow cannot read (or one too large to decode safely) yields no thumbnail: the
page shows the record's initials instead, never an error.
"""

import hashlib
import io
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageOps, UnidentifiedImageError

# The logo is shown in a 96 × 96 CSS-pixel box; 192 for screens of density 2.
DISPLAY_SIZE = 96
DENSITIES = (1, 2)
WEBP_QUALITY = 82


@dataclass(frozen=True)
class Thumbnail:
    url: str
    width: int
    height: int
    density: int


def _thumbnail_name(logo_name: str, box: int) -> str:
    digest = hashlib.sha256(logo_name.encode()).hexdigest()[:16]
    return f"logos/vignettes/{digest}-{box}.webp"


def _make(logo, box: int) -> tuple[bytes, int, int]:
    with logo.open("rb") as source, Image.open(source) as image:
        image = ImageOps.exif_transpose(image)
        image.thumbnail((box, box), Image.Resampling.LANCZOS)
        if image.mode not in ("RGB", "RGBA"):
            image = image.convert("RGBA")
        out = io.BytesIO()
        image.save(out, "WEBP", quality=WEBP_QUALITY, method=6)
        return out.getvalue(), image.width, image.height


def logo_thumbnails(record) -> list[Thumbnail]:
    """Return the WebP thumbnails of the record's logo (1× then 2×), or [] without one.

    Each is made on first use and stored next to the logos; later calls read its size
    back from the stored file's header only.
    """
    if not record.logo:
        return []
    thumbnails = []
    for density in DENSITIES:
        box = DISPLAY_SIZE * density
        name = _thumbnail_name(record.logo.name, box)
        try:
            if default_storage.exists(name):
                with default_storage.open(name, "rb") as stored, Image.open(stored) as image:
                    width, height = image.size
            else:
                data, width, height = _make(record.logo, box)
                default_storage.save(name, ContentFile(data))
        except (OSError, UnidentifiedImageError, Image.DecompressionBombError, ValueError):
            return []
        thumbnails.append(Thumbnail(default_storage.url(name), width, height, density))
    return thumbnails
