"""An evidence file made safe to keep: an image decoded, bounded in pixels and re-encoded
without its metadata (EXIF, GPS, comments, profiles: only the pixels survive); a PDF bounded in
pages and copied page by page into a new document (the original's catalogue, its scripts,
attachments and metadata stay behind), its first page rendered for the checks. The original
bytes are never kept. A file that is also another format (a polyglot) is refused. No I/O."""

import io
import re
import threading
from dataclasses import dataclass

import pypdfium2
from PIL import Image, ImageOps

from intake.sharpness import is_blurry, sharpness_of
from phananh_common.errors import InvalidArgument

# A 48-megapixel phone camera's photo, and no more: decoding holds 3 bytes a pixel.
MAX_PIXELS = 50_000_000
MAX_PDF_PAGES = 10
# The first page of a PDF, rendered for the checks: its long side in pixels.
RENDERED_LONG_SIDE = 1600
JPEG_QUALITY = 90

# What makes a file readable as a second format: a PDF reader finds "%PDF-" anywhere in the
# first kilobyte, browsers sniff markup, and a ZIP is read from its end (its central
# directory's end record in the last 64 KiB).
_MARKUP = re.compile(rb"<(?:script|html|svg|iframe|object|embed)[\s>/]", re.IGNORECASE)
_ZIP_END = b"PK\x05\x06"
_ZIP_END_WINDOW = 64 * 1024 + 22
_PDF_SIGNATURE = b"%PDF-"

# PDFium is not thread-safe: one document at a time in this process.
_pdfium = threading.Lock()


@dataclass(frozen=True)
class Prepared:
    """What is stored (`content`), and the image the checks look at."""

    content_type: str
    content: bytes
    image: Image.Image
    sharpness: float
    pages: int = 1

    @property
    def blurry(self) -> bool:
        return is_blurry(self.sharpness)


def _refused(message: str) -> InvalidArgument:
    return InvalidArgument.on("file", message)


def _check_single_format(content: bytes, content_type: str) -> None:
    if _MARKUP.search(content) or _ZIP_END in content[-_ZIP_END_WINDOW:]:
        raise _refused("must be only a photo or a PDF (this file is also another kind of file)")
    if content_type != "application/pdf" and _PDF_SIGNATURE in content:
        raise _refused("must be only a photo or a PDF (this file is also another kind of file)")


def _decoded(content: bytes, content_type: str) -> Image.Image:
    try:
        with Image.open(io.BytesIO(content), formats=[content_type.split("/")[1].upper()]) as img:
            width, height = img.size
            if width * height > MAX_PIXELS:
                raise _refused(f"must have at most {MAX_PIXELS // 1_000_000} megapixels")
            img.load()
            # The orientation the camera wrote becomes the pixels' own: EXIF goes.
            return ImageOps.exif_transpose(img)
    except Image.DecompressionBombError:
        raise _refused(f"must have at most {MAX_PIXELS // 1_000_000} megapixels") from None
    except InvalidArgument:
        raise
    except Exception:  # noqa: BLE001 (Pillow's decoders fail in many ways: each is a bad file)
        raise _refused("is not a readable image") from None


def _reencoded(img: Image.Image, content_type: str) -> tuple[Image.Image, bytes]:
    if content_type == "image/jpeg":
        img = img.convert("L" if img.mode in ("L", "1") else "RGB")
    elif img.mode not in ("L", "LA", "RGB", "RGBA"):
        img = img.convert("RGBA" if "A" in img.getbands() or "transparency" in img.info else "RGB")
    # The pixels alone: Pillow would write the original's comment, profile and text back.
    img = Image.frombytes(img.mode, img.size, img.tobytes())
    out = io.BytesIO()
    if content_type == "image/jpeg":
        img.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)
    else:
        img.save(out, "PNG")
    return img, out.getvalue()


def _pdf(content: bytes) -> Prepared:
    with _pdfium:
        try:
            original = pypdfium2.PdfDocument(content)
        except pypdfium2.PdfiumError:
            raise _refused("is not a readable PDF") from None
        try:
            pages = len(original)
            if pages == 0:
                raise _refused("is a PDF without pages")
            if pages > MAX_PDF_PAGES:
                raise _refused(f"must have at most {MAX_PDF_PAGES} pages")
            first = original[0]
            width, height = first.get_size()
            scale = RENDERED_LONG_SIDE / max(width, height, 1.0)
            image = first.render(scale=scale).to_pil().convert("RGB")
            copy = pypdfium2.PdfDocument.new()
            copy.import_pages(original)
            out = io.BytesIO()
            copy.save(out)
            copy.close()
        except pypdfium2.PdfiumError:
            raise _refused("is not a readable PDF") from None
        finally:
            original.close()
    return Prepared("application/pdf", out.getvalue(), image, sharpness_of(image), pages)


def prepare(content: bytes, content_type: str) -> Prepared:
    """The file as it will be stored, from its bytes and the type its content showed
    (intake.evidence.content_type_of); InvalidArgument on field "file" when it cannot be."""
    _check_single_format(content, content_type)
    if content_type == "application/pdf":
        return _pdf(content)
    image, stored = _reencoded(_decoded(content, content_type), content_type)
    return Prepared(content_type, stored, image, sharpness_of(image))


def page_image(content_type: str, stored: bytes) -> Image.Image:
    """The image the checks read, from a file as stored: a photo, or a PDF's first page."""
    if content_type == "application/pdf":
        return _pdf(stored).image
    return Image.open(io.BytesIO(stored), formats=[content_type.split("/")[1].upper()])
