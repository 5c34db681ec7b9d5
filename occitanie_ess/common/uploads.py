"""Validation of uploaded files, app-agnostic (imports no app).

Every check reads the content, never the name nor the browser's Content-Type:

- size first (before anything is parsed);
- PDF: the `%PDF-` signature, a document pypdf can read, not encrypted, and nothing that
  runs on opening (JavaScript, OpenAction, Launch, additional actions) anywhere in the
  object graph reachable from the trailer: the catalog, the names tree, the pages and
  their annotations;
- images: what Pillow recognises among PNG, JPEG, GIF and WebP (SVG refused: it can carry
  script), within a pixel budget (decompression bombs refused), verified, then re-encoded
  from raw pixels so that no metadata (EXIF, GPS, comments, ICC) survives.

What comes back is a `ContentFile` named by the server (a random UUID plus the extension
of the detected type): the client's file name, which may try a path (`../../x`), is never
used. Every refusal is an `UploadRefused` (a Django ValidationError) with a French message.
"""

import io
import uuid
import warnings
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

PDF_SIGNATURE = b"%PDF-"
# PDF keys and action types that make a reader run something when the file is opened or
# a page or field is shown (ISO 32000-1, 12.6: actions, 12.6.4.16: JavaScript actions).
# Also refused: what carries content a reader cannot check, XFA forms (scriptable), embedded
# files (any format, executables included) and rich media (Flash, 3D) (12.7.8, 7.11.4, 13.6).
PDF_FORBIDDEN_KEYS = frozenset(
    {
        "/JavaScript",
        "/JS",
        "/OpenAction",
        "/AA",
        "/Launch",
        "/XFA",
        "/EmbeddedFiles",
        "/EmbeddedFile",
        "/RichMedia",
        "/RichMediaContent",
    }
)
PDF_FORBIDDEN_SUBTYPES = frozenset({"/FileAttachment", "/RichMedia", "/Movie", "/Sound", "/Screen"})
PDF_FORBIDDEN_ACTIONS = frozenset({"/JavaScript", "/Launch", "/ImportData", "/RichMediaExecute"})
# A PDF with more objects than this is refused rather than walked for ever.
PDF_MAX_OBJECTS = 200_000

IMAGE_FORMATS = {"PNG": "png", "JPEG": "jpg", "GIF": "png", "WEBP": "png"}
# 4,000 × 4,000 pixels is plenty for a logo; beyond it, a small file may expand into
# gigabytes of memory (a decompression bomb).
DEFAULT_MAX_PIXELS = 16_000_000


class UploadRefused(ValidationError):
    """An uploaded file that the portal does not accept; the message says why, in French."""


@dataclass(frozen=True)
class CleanFile:
    """A validated upload: its content under a server-chosen name, and its media type."""

    file: ContentFile
    content_type: str


def _read_limited(uploaded, max_bytes: int) -> bytes:
    """Return the upload's bytes, refusing it when it exceeds `max_bytes`."""
    limit = filesizeformat(max_bytes)
    size = getattr(uploaded, "size", None)
    if size is not None and size > max_bytes:
        raise UploadRefused(
            _("Le fichier dépasse la taille maximale autorisée (%(limit)s).") % {"limit": limit},
            code="too_large",
        )
    if hasattr(uploaded, "seek"):
        uploaded.seek(0)
    data = uploaded.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise UploadRefused(
            _("Le fichier dépasse la taille maximale autorisée (%(limit)s).") % {"limit": limit},
            code="too_large",
        )
    if not data:
        raise UploadRefused(_("Le fichier est vide."), code="empty")
    return data


def _server_name(extension: str) -> str:
    """Return a fresh file name chosen by the server (the client's name is never used)."""
    return f"{uuid.uuid4().hex}.{extension}"


def _looks_like_svg(data: bytes) -> bool:
    """Return True when the bytes look like an SVG (XML) document."""
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith(b"<?xml") or head.startswith(b"<svg") or b"<svg" in head


def _pdf_active_content(reader) -> bool:
    """Return True when anything reachable from the trailer can run on opening."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

    seen: set[tuple[int, int]] = set()
    stack = [reader.trailer]
    visited = 0
    while stack:
        node = stack.pop()
        if isinstance(node, IndirectObject):
            key = (node.idnum, node.generation)
            if key in seen:
                continue
            seen.add(key)
            node = node.get_object()
        visited += 1
        if visited > PDF_MAX_OBJECTS:
            return True
        if isinstance(node, DictionaryObject):
            for name, value in node.items():
                if name in PDF_FORBIDDEN_KEYS:
                    return True
                if name == "/S" and isinstance(value, NameObject):
                    if value in PDF_FORBIDDEN_ACTIONS:
                        return True
                if name == "/Subtype" and value in PDF_FORBIDDEN_SUBTYPES:
                    return True
                if name in ("/Parent", "/P"):
                    # Back-references: their targets are reached from the top anyway.
                    continue
                stack.append(value)
        elif isinstance(node, ArrayObject):
            stack.extend(node)
    return False


def validate_pdf(uploaded, *, max_bytes: int) -> CleanFile:
    """Return the PDF under a server-chosen name, or raise UploadRefused (French).

    Refused: over `max_bytes`, not starting with the PDF signature, unreadable, encrypted,
    or with JavaScript / OpenAction / Launch / additional actions, XFA, embedded files or
    rich media anywhere in the document.
    """
    data = _read_limited(uploaded, max_bytes)
    # The file must start with the signature (ISO 32000-1, 7.5.2): readers tolerate junk
    # before it, which lets a file be a PDF and something else at once (a polyglot).
    if not data.startswith(PDF_SIGNATURE):
        raise UploadRefused(
            _("Le fichier n'est pas un document PDF (son contenu a été vérifié)."),
            code="not_pdf",
        )
    from pypdf import PdfReader

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted:
                raise UploadRefused(
                    _("Les PDF protégés par un mot de passe ne sont pas acceptés."),
                    code="pdf_encrypted",
                )
            active = _pdf_active_content(reader)
            len(reader.pages)  # the page tree must be readable
    except UploadRefused:
        raise
    except Exception as error:  # noqa: BLE001 - any parser failure means "unreadable"
        raise UploadRefused(
            _("Le document PDF est illisible ou endommagé."), code="pdf_unreadable"
        ) from error
    if active:
        raise UploadRefused(
            _(
                "Le document PDF contient du code, des actions automatiques (JavaScript, "
                "ouverture automatique, lancement de programme), un formulaire XFA, des "
                "fichiers joints ou des médias intégrés : exportez-le de nouveau en PDF "
                "simple, sans ces éléments."
            ),
            code="pdf_active_content",
        )
    return CleanFile(ContentFile(data, name=_server_name("pdf")), "application/pdf")


def validate_image(uploaded, *, max_bytes: int, max_pixels: int = DEFAULT_MAX_PIXELS) -> CleanFile:
    """Return the image re-encoded (PNG or JPEG, no metadata) under a server-chosen name,
    or raise UploadRefused (French).

    Refused: over `max_bytes`, SVG, anything Pillow does not recognise as PNG, JPEG, GIF
    or WebP, more than `max_pixels` pixels (decompression bomb), a corrupt image.
    """
    data = _read_limited(uploaded, max_bytes)
    if _looks_like_svg(data):
        raise UploadRefused(
            _("Les images SVG ne sont pas acceptées : envoyez une image PNG ou JPEG."),
            code="svg",
        )
    bomb = UploadRefused(
        _(
            "L'image est trop grande en pixels (plus de %(pixels)s millions) : "
            "réduisez ses dimensions."
        )
        % {"pixels": max_pixels // 1_000_000},
        code="too_many_pixels",
    )
    not_image = UploadRefused(
        _("Le fichier n'est pas une image PNG, JPEG, GIF ou WebP (son contenu a été vérifié)."),
        code="not_image",
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                if probe.format not in IMAGE_FORMATS:
                    raise not_image
                width, height = probe.size
                if width * height > max_pixels:
                    raise bomb
                probe.verify()
            with Image.open(io.BytesIO(data)) as image:
                image_format = image.format
                image.seek(0)
                image.load()
                if image_format == "JPEG":
                    pixels = image.convert("RGB")
                elif image.mode in ("RGB", "RGBA", "L", "LA"):
                    pixels = image.copy()
                else:
                    pixels = image.convert("RGBA")
    except UploadRefused:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise bomb from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise not_image from error
    # Rebuild from raw pixels: no EXIF, GPS, comment, XMP or ICC chunk survives.
    clean = Image.frombytes(pixels.mode, pixels.size, pixels.tobytes())
    extension = IMAGE_FORMATS[image_format]
    output = io.BytesIO()
    if extension == "jpg":
        clean.save(output, format="JPEG", quality=90, optimize=True)
        content_type = "image/jpeg"
    else:
        clean.save(output, format="PNG", optimize=True)
        content_type = "image/png"
    return CleanFile(ContentFile(output.getvalue(), name=_server_name(extension)), content_type)
