"""Upload validation: a file is judged by its content, never by its name or declared type;
an empty, oversized, unreadable, encrypted or active PDF (scripts, automatic actions,
attached files, forms, media) and a file that is not a plain image are refused with a
French message; what is kept is stored under a name the server chooses, an image re-encoded
without its metadata."""

import io

import pytest
from PIL import Image
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from occitanie_ess.common.uploads import UploadRefused, validate_image, validate_pdf
from tests.files import add_open_action, pdf_bytes, png_bytes, upload

MB = 1024 * 1024


def jpeg_with_exif() -> bytes:
    image = Image.new("RGB", (40, 30), "red")
    exif = Image.Exif()
    exif[0x010F] = "Appareil secret"  # Make
    exif[0x0131] = "Logiciel secret"  # Software
    output = io.BytesIO()
    image.save(output, format="JPEG", exif=exif)
    return output.getvalue()


def refusal(excinfo) -> str:
    return " ".join(excinfo.value.messages)


# PDF


def test_a_plain_pdf_is_accepted_under_a_server_chosen_name():
    result = validate_pdf(upload(pdf_bytes(), name="../../etc/passwd.pdf"), max_bytes=MB)
    assert result.content_type == "application/pdf"
    assert result.file.name.endswith(".pdf")
    assert "/" not in result.file.name and ".." not in result.file.name
    assert "passwd" not in result.file.name
    assert result.file.read().startswith(b"%PDF-")


def test_a_pdf_is_recognised_by_content_not_by_name():
    # A PDF named .png is still a PDF; a text file named .pdf is not.
    assert validate_pdf(upload(pdf_bytes(), name="logo.png"), max_bytes=MB)
    with pytest.raises(UploadRefused) as excinfo:
        validate_pdf(upload(b"Bonjour, ceci n'est pas un PDF", name="deck.pdf"), max_bytes=MB)
    assert "n'est pas un document PDF" in refusal(excinfo)


def test_an_image_sent_as_pdf_is_refused():
    with pytest.raises(UploadRefused) as excinfo:
        validate_pdf(upload(png_bytes(), name="deck.pdf"), max_bytes=MB)
    assert excinfo.value.code == "not_pdf"


def test_a_pdf_over_the_size_limit_is_refused():
    data = pdf_bytes()
    with pytest.raises(UploadRefused) as excinfo:
        validate_pdf(upload(data), max_bytes=len(data) - 1)
    assert "dépasse la taille maximale" in refusal(excinfo)


def test_an_empty_file_is_refused():
    with pytest.raises(UploadRefused) as excinfo:
        validate_pdf(upload(b""), max_bytes=MB)
    assert "vide" in refusal(excinfo)


def test_a_truncated_pdf_is_refused_as_unreadable():
    with pytest.raises(UploadRefused) as excinfo:
        validate_pdf(upload(b"%PDF-1.7\n1 0 obj << /Type /Catalog"), max_bytes=MB)
    assert "illisible" in refusal(excinfo)


def _add_js(writer):
    # The document-level JavaScript of the names tree (ISO 32000-1, 7.7.4).
    script = DictionaryObject(
        {
            NameObject("/S"): NameObject("/JavaScript"),
            NameObject("/JS"): TextStringObject("app.alert('bonjour');"),
        }
    )
    tree = DictionaryObject(
        {NameObject("/Names"): ArrayObject([TextStringObject("x"), writer._add_object(script)])}
    )
    writer._root_object[NameObject("/Names")] = DictionaryObject(
        {NameObject("/JavaScript"): writer._add_object(tree)}
    )


def _add_launch_annotation(writer):
    action = DictionaryObject(
        {NameObject("/S"): NameObject("/Launch"), NameObject("/F"): TextStringObject("calc.exe")}
    )
    annotation = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Link"),
            NameObject("/Rect"): ArrayObject([NumberObject(0)] * 4),
            NameObject("/A"): action,
        }
    )
    page = writer.pages[0]
    page[NameObject("/Annots")] = ArrayObject([writer._add_object(annotation)])


def _add_page_additional_action(writer):
    action = DictionaryObject(
        {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("1")}
    )
    writer.pages[0][NameObject("/AA")] = DictionaryObject({NameObject("/O"): action})


@pytest.mark.parametrize(
    "mutate",
    [_add_js, add_open_action, _add_launch_annotation, _add_page_additional_action],
    ids=["names-tree-javascript", "open-action", "launch-annotation", "page-aa"],
)
def test_a_pdf_with_script_or_automatic_action_is_refused(mutate):
    with pytest.raises(UploadRefused) as excinfo:
        validate_pdf(upload(pdf_bytes(mutate)), max_bytes=MB)
    assert excinfo.value.code == "pdf_active_content"
    assert "JavaScript" in refusal(excinfo)


def _add_embedded_file(writer):
    writer.add_attachment("facture.exe", b"MZ\x90\x00 not really an executable")


def _add_xfa_form(writer):
    xfa = writer._add_object(TextStringObject("<xdp:xdp/>"))
    writer._root_object[NameObject("/AcroForm")] = DictionaryObject(
        {NameObject("/Fields"): ArrayObject(), NameObject("/XFA"): xfa}
    )


def _add_rich_media_annotation(writer):
    annotation = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/RichMedia"),
            NameObject("/Rect"): ArrayObject([NumberObject(0)] * 4),
        }
    )
    writer.pages[0][NameObject("/Annots")] = ArrayObject([writer._add_object(annotation)])


@pytest.mark.parametrize(
    "mutate",
    [_add_embedded_file, _add_xfa_form, _add_rich_media_annotation],
    ids=["embedded-file", "xfa-form", "rich-media"],
)
def test_a_pdf_carrying_files_forms_or_media_is_refused(mutate):
    with pytest.raises(UploadRefused) as excinfo:
        validate_pdf(upload(pdf_bytes(mutate)), max_bytes=MB)
    assert excinfo.value.code == "pdf_active_content"
    assert "fichiers joints" in refusal(excinfo)


def test_a_pdf_must_start_with_its_signature():
    """Junk before %PDF- is what a polyglot file (a PDF and an archive at once) needs."""
    with pytest.raises(UploadRefused) as excinfo:
        validate_pdf(upload(b"PK\x03\x04 junk\n" + pdf_bytes()), max_bytes=MB)
    assert excinfo.value.code == "not_pdf"


def test_a_pdf_hiding_javascript_behind_a_hex_escaped_name_is_refused():
    data = pdf_bytes(add_open_action).replace(b"/OpenAction", b"/Op#65nAction")
    with pytest.raises(UploadRefused) as excinfo:
        validate_pdf(upload(data), max_bytes=MB)
    assert excinfo.value.code in ("pdf_active_content", "pdf_unreadable")


def test_an_encrypted_pdf_is_refused():
    data = pdf_bytes(lambda writer: writer.encrypt("secret", algorithm="RC4-40"))
    with pytest.raises(UploadRefused) as excinfo:
        validate_pdf(upload(data), max_bytes=MB)
    assert "mot de passe" in refusal(excinfo)


# Images


def test_a_png_is_re_encoded_under_a_server_chosen_name():
    result = validate_image(
        upload(png_bytes(), name="../../../logo.png", content_type="image/png"), max_bytes=MB
    )
    assert result.content_type == "image/png"
    assert result.file.name.endswith(".png") and "/" not in result.file.name
    assert "logo" not in result.file.name
    with Image.open(io.BytesIO(result.file.read())) as image:
        assert image.size == (40, 30)


def test_a_jpeg_loses_its_metadata():
    data = jpeg_with_exif()
    assert b"Appareil secret" in data
    result = validate_image(upload(data, name="photo.jpg", content_type="image/jpeg"), max_bytes=MB)
    clean = result.file.read()
    assert result.content_type == "image/jpeg"
    assert b"Appareil secret" not in clean and b"Logiciel secret" not in clean
    with Image.open(io.BytesIO(clean)) as image:
        assert not image.getexif()


def test_a_png_text_chunk_is_stripped():
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Comment", "adresse personnelle")
    result = validate_image(upload(png_bytes(pnginfo=info), name="a.png"), max_bytes=MB)
    assert b"adresse personnelle" not in result.file.read()


def test_an_svg_is_refused_whatever_its_name():
    svg = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    for name in ("logo.svg", "logo.png"):
        with pytest.raises(UploadRefused) as excinfo:
            validate_image(upload(svg, name=name, content_type="image/png"), max_bytes=MB)
        assert "SVG" in refusal(excinfo)
    with pytest.raises(UploadRefused):
        validate_image(upload(b"  <svg onload='x'></svg>", name="a.png"), max_bytes=MB)


def test_a_file_that_is_not_an_image_is_refused():
    with pytest.raises(UploadRefused) as excinfo:
        validate_image(upload(pdf_bytes(), name="logo.png", content_type="image/png"), max_bytes=MB)
    assert "n'est pas une image" in refusal(excinfo)


def test_a_corrupt_image_is_refused():
    data = png_bytes()[:60]
    with pytest.raises(UploadRefused) as excinfo:
        validate_image(upload(data, name="logo.png"), max_bytes=MB)
    assert excinfo.value.code == "not_image"


def test_an_image_over_the_size_limit_is_refused():
    data = png_bytes()
    with pytest.raises(UploadRefused) as excinfo:
        validate_image(upload(data, name="logo.png"), max_bytes=len(data) - 1)
    assert "dépasse la taille maximale" in refusal(excinfo)


def test_a_decompression_bomb_over_our_budget_is_refused():
    # 5,000 × 5,000 one-bit pixels: a few kilobytes on disk, 25 million pixels in memory.
    data = png_bytes(size=(5000, 5000), mode="1")
    assert len(data) < 50_000
    with pytest.raises(UploadRefused) as excinfo:
        validate_image(upload(data, name="logo.png"), max_bytes=MB)
    assert "trop grande en pixels" in refusal(excinfo)


def _png_header_claiming(width: int, height: int) -> bytes:
    import struct
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body))
            + kind
            + body
            + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 64)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def test_a_decompression_bomb_caught_by_pillow_itself_is_refused():
    # 100,000 × 100,000 pixels: Pillow raises DecompressionBombError on opening.
    data = _png_header_claiming(100_000, 100_000)
    with pytest.raises(UploadRefused) as excinfo:
        validate_image(upload(data, name="logo.png"), max_bytes=MB, max_pixels=10**12)
    assert excinfo.value.code == "too_many_pixels"


def test_pillows_bomb_warning_is_refused_too():
    # Above Pillow's warning threshold (about 89 million pixels), below its error threshold.
    data = _png_header_claiming(10_000, 10_000)
    with pytest.raises(UploadRefused) as excinfo:
        validate_image(upload(data, name="logo.png"), max_bytes=MB, max_pixels=10**12)
    assert excinfo.value.code == "too_many_pixels"
