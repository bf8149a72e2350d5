"""Tesseract, with its Vietnamese model (Debian's tesseract-ocr and tesseract-ocr-vie), reads
the text of an evidence photo: the binary run once a photo, on one thread and at a lower CPU
priority than the service, ended past its time limit. The text goes back to the caller only:
it is personal data, never logged."""

import asyncio
import io
import os

from PIL import Image

TESSERACT = "tesseract"
# OCR on one thread: concurrency is the worker's to bound (PHANANH_EVIDENCE_CHECK_CONCURRENCY).
_ENVIRONMENT = {"OMP_THREAD_LIMIT": "1", "PATH": os.environ.get("PATH", "/usr/bin:/bin")}
# The long side Tesseract gets: a photographed A4 page upscaled to it (Tesseract reads small
# text worse).
_LONG_SIDE = 2400


class ReadFailed(Exception):
    """Tesseract did not read the photo (crashed, timed out, missing): the check is retried."""


def _greyscale_png(image: Image.Image) -> bytes:
    grey = image.convert("L")
    scale = _LONG_SIDE / max(grey.size)
    if scale < 1:
        grey = grey.resize((round(grey.width * scale), round(grey.height * scale)))
    out = io.BytesIO()
    grey.save(out, "PNG")
    return out.getvalue()


async def read_text(image: Image.Image, seconds: float) -> str:
    """The text Tesseract reads on the image, in Vietnamese; ReadFailed otherwise."""
    png = await asyncio.to_thread(_greyscale_png, image)
    try:
        # At a lower priority than the service, its CPU time bounded: nice and prlimit run it
        # (a hook in the forked child is unsafe in a process with threads).
        process = await asyncio.create_subprocess_exec(
            *("nice", "-n", "10", "prlimit", f"--cpu={int(seconds) + 1}"),
            *(TESSERACT, "stdin", "stdout", "-l", "vie", "--psm", "4"),
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.DEVNULL,
            env=_ENVIRONMENT,
        )
    except OSError as error:
        raise ReadFailed(f"tesseract could not start: {type(error).__name__}") from None
    try:
        out, _ = await asyncio.wait_for(process.communicate(png), seconds)
    except TimeoutError:
        process.kill()
        await process.wait()
        raise ReadFailed(f"tesseract took more than {seconds:g} s") from None
    if process.returncode != 0:
        raise ReadFailed(f"tesseract exited with {process.returncode}")
    return out.decode("utf-8", errors="replace")
