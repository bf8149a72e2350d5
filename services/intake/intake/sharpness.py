"""How sharp a photo is: the variance of its Laplacian (the sum of each pixel's four
neighbours less four times the pixel) on its grey levels, the photo first scaled to a long side
of NORMAL_LONG_SIDE pixels so that photos of any size compare. Text in focus gives strong edges
and a high variance; a blurred photo a low one. The portal measures the same in the browser
(gateway/gateway/web/static/portal-sharpness.js) and both use BLURRY_BELOW, calibrated on
certificates rendered sharp and blurred (tests/unit/test_sharpness.py). No I/O."""

import numpy
from PIL import Image

NORMAL_LONG_SIDE = 1000
BLURRY_BELOW = 150.0


def sharpness_of(image: Image.Image) -> float:
    width, height = image.size
    scale = NORMAL_LONG_SIDE / max(width, height)
    size = (max(3, round(width * scale)), max(3, round(height * scale)))
    grey = numpy.asarray(
        image.convert("L").resize(size, Image.Resampling.BILINEAR), dtype=numpy.float32
    )
    laplacian = (
        grey[:-2, 1:-1] + grey[2:, 1:-1] + grey[1:-1, :-2] + grey[1:-1, 2:] - 4 * grey[1:-1, 1:-1]
    )
    return round(float(laplacian.var()), 1)


def is_blurry(sharpness: float) -> bool:
    return sharpness < BLURRY_BELOW
