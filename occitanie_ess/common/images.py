"""Uploaded images (logos, photos) as responsive images: WebP thumbnails at 1× and 2×
the size shown, with their width and height, made once with Pillow and kept in the
configured storage.

An image Pillow cannot read (or one too large to decode safely) yields no thumbnail: the
page shows its fallback (a record's initials), never an error.
"""

import hashlib
import io
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageOps, UnidentifiedImageError

DENSITIES = (1, 2)
WEBP_QUALITY = 82


@dataclass(frozen=True)
class Thumbnail:
    url: str
    width: int
    height: int
    density: int


def _thumbnail_name(name: str, box: int) -> str:
    digest = hashlib.sha256(name.encode()).hexdigest()[:16]
    return f"vignettes/{digest}-{box}.webp"


def _make(image_file, box: int) -> tuple[bytes, int, int]:
    with image_file.open("rb") as source, Image.open(source) as image:
        image = ImageOps.exif_transpose(image)
        image.thumbnail((box, box), Image.Resampling.LANCZOS)
        if image.mode not in ("RGB", "RGBA"):
            image = image.convert("RGBA")
        out = io.BytesIO()
        image.save(out, "WEBP", quality=WEBP_QUALITY, method=6)
        return out.getvalue(), image.width, image.height


def thumbnails(image_file, *, size: int) -> list[Thumbnail]:
    """Return WebP thumbnails fitting a `size` × `size` CSS-pixel box (1× then 2×), or []
    when there is no image or it cannot be read.

    Each is made on first use and stored under vignettes/; later calls read its size
    back from the stored file's header only.
    """
    if not image_file:
        return []
    result = []
    for density in DENSITIES:
        box = size * density
        name = _thumbnail_name(image_file.name, box)
        try:
            if default_storage.exists(name):
                with default_storage.open(name, "rb") as stored, Image.open(stored) as image:
                    width, height = image.size
            else:
                data, width, height = _make(image_file, box)
                default_storage.save(name, ContentFile(data))
        except (OSError, UnidentifiedImageError, Image.DecompressionBombError, ValueError):
            return []
        result.append(Thumbnail(default_storage.url(name), width, height, density))
    return result
