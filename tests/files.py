"""Small valid files for the upload tests, built in memory: a one-page PDF, a PNG, and the
uploaded file a form receives."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf import PdfWriter
from pypdf.generic import DictionaryObject, NameObject, TextStringObject


def pdf_bytes(mutate=None) -> bytes:
    """Return a valid one-page PDF; `mutate(writer)`, if given, changes it before writing."""
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    if mutate:
        mutate(writer)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def add_open_action(writer: PdfWriter) -> None:
    """Make the PDF run JavaScript as soon as it is opened (its /OpenAction)."""
    action = DictionaryObject(
        {
            NameObject("/S"): NameObject("/JavaScript"),
            NameObject("/JS"): TextStringObject("app.alert(1)"),
        }
    )
    writer._root_object[NameObject("/OpenAction")] = writer._add_object(action)


def png_bytes(size=(40, 30), mode="RGB", **save) -> bytes:
    """Return a plain PNG image of `size` pixels; `save` goes to Pillow (pnginfo…)."""
    output = io.BytesIO()
    Image.new(mode, size, "white" if mode != "1" else 1).save(output, format="PNG", **save)
    return output.getvalue()


def upload(data: bytes, name="fichier.pdf", content_type="application/pdf") -> SimpleUploadedFile:
    """Return `data` as the file a form receives, under the name the sender chose."""
    return SimpleUploadedFile(name, data, content_type=content_type)
