"""An uploaded file made safe to keep: images decoded, bounded and re-encoded without their
metadata, PDFs bounded in pages and copied without the document's extras, and files that are
also another format refused."""

import io
import random
import struct
import zipfile
import zlib

import pypdfium2
import pytest
from PIL import Image, PngImagePlugin

from intake.evidence import content_type_of
from intake.evidence_files import MAX_PDF_PAGES, prepare
from phananh_common.errors import InvalidArgument
from tests.vaccination_papers import certificate, small_pdf, small_png

GPS_IFD = 0x8825


def refused(content: bytes) -> str:
    with pytest.raises(InvalidArgument) as raised:
        prepare(content, content_type_of(content))
    (violation,) = raised.value.violations
    assert violation.field == "file"
    return violation.description


def a_photo_with_exif() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0112] = 6  # Orientation: turned a quarter
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (10.0, 57.0, 0.0), 3: "E", 4: (106.0, 49.0, 0.0)})
    image = Image.new("RGB", (400, 200), (200, 180, 160))
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, comment=b"taken at home")
    return out.getvalue()


def test_a_stored_photo_has_no_exif_and_stands_as_the_camera_turned_it():
    original = a_photo_with_exif()
    assert b"PhoneMaker" in original
    stored = prepare(original, "image/jpeg")
    assert stored.content_type == "image/jpeg"
    assert b"PhoneMaker" not in stored.content and b"taken at home" not in stored.content
    with Image.open(io.BytesIO(stored.content)) as image:
        assert dict(image.getexif()) == {}
        assert "exif" not in image.info and "comment" not in image.info
        assert image.size == (200, 400)


def test_a_png_keeps_its_pixels_and_loses_its_text_chunks():
    image = Image.new("RGB", (64, 48), (10, 120, 200))
    out = io.BytesIO()
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Nguyễn Văn A")
    image.save(out, "PNG", pnginfo=info)
    stored = prepare(out.getvalue(), "image/png")
    with Image.open(io.BytesIO(stored.content)) as again:
        assert again.info.get("Author") is None
        assert again.tobytes() == image.tobytes()


def bomb(side: int = 30_000) -> bytes:
    """A PNG of side × side black pixels (one bit each) that compresses to ~100 KB."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    packer = zlib.compressobj(9)
    row = b"\x00" * (1 + side // 8)
    data = b"".join(packer.compress(row) for _ in range(side)) + packer.flush()
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")
    )


def test_a_decompression_bomb_is_refused_before_it_is_decoded():
    content = bomb()
    assert len(content) < 200_000
    assert "megapixels" in refused(content)
    # One just over the limit, that Pillow itself would still open, is refused the same way.
    assert "megapixels" in refused(bomb(7_100))


@pytest.mark.parametrize(
    "polyglot",
    [
        # A JPEG whose comment holds a PDF: a PDF reader finds "%PDF-" in the first kilobyte.
        lambda: small_jpeg_with_comment(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"),
        # A PNG followed by a ZIP (read from its end).
        lambda: small_png() + zip_archive(),
        # A PNG with markup a browser would run if it sniffed the file as HTML.
        lambda: small_png() + b"<script>alert(1)</script>",
        # A PDF that is also a ZIP.
        lambda: small_pdf() + zip_archive(),
    ],
)
def test_a_file_that_is_also_another_format_is_refused(polyglot):
    assert "another kind of file" in refused(polyglot())


def small_jpeg_with_comment(comment: bytes) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (32, 32), (1, 2, 3)).save(out, "JPEG", comment=comment)
    return out.getvalue()


def zip_archive() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("run.html", "<p>hello</p>")
    return out.getvalue()


def test_an_image_that_does_not_decode_is_refused():
    truncated = small_png(200, 200, noise=True)[:500]
    assert "not a readable image" in refused(truncated)


def test_a_pdf_is_copied_page_by_page_without_its_metadata_and_its_first_page_rendered():
    pages = [Image.new("RGB", (595, 842), (255, 255, 255)) for _ in range(2)]
    out = io.BytesIO()
    pages[0].save(out, "PDF", save_all=True, append_images=pages[1:], author="Nguyễn Văn A")
    original = out.getvalue()
    assert b"/Author" in original
    stored = prepare(original, "application/pdf")
    assert stored.pages == 2 and b"/Author" not in stored.content
    assert len(pypdfium2.PdfDocument(stored.content)) == 2
    assert stored.image.size[1] == 1600


def test_a_pdf_keeps_its_page_count_bounded():
    assert prepare(small_pdf(MAX_PDF_PAGES), "application/pdf").pages == MAX_PDF_PAGES
    assert f"at most {MAX_PDF_PAGES} pages" in refused(small_pdf(MAX_PDF_PAGES + 1))
    assert "not a readable PDF" in refused(b"%PDF-1.4\n" + b"0" * 100)


def test_a_sharp_certificate_and_a_blurred_one_are_told_apart_at_the_upload():
    rng = random.Random(3)
    assert not prepare(certificate(rng).jpeg(), "image/jpeg").blurry
    assert prepare(certificate(rng, blurred=True).jpeg(), "image/jpeg").blurry
