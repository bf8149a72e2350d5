"""The blur check's threshold, calibrated on certificates, screening forms and photos the test
renders itself, sharp and blurred; the portal measures with the same numbers."""

import re
from pathlib import Path

from intake.sharpness import BLURRY_BELOW, NORMAL_LONG_SIDE, is_blurry, sharpness_of
from tests.vaccination_papers import mixed

PORTAL = Path(__file__).parents[2] / "gateway/gateway/web/static/portal-sharpness.js"


def test_the_threshold_lies_between_every_blurred_paper_and_every_sharp_one():
    papers = mixed(seed=11, count=20)
    sharp = [sharpness_of(p.image) for p in papers if not p.blurred]
    blurred = [sharpness_of(p.image) for p in papers if p.blurred]
    assert len(blurred) == 5
    # With room on both sides: a photo a little sharper or blurrier is told apart alike.
    assert max(blurred) * 2 < BLURRY_BELOW < min(sharp) / 2, (max(blurred), min(sharp))
    assert [is_blurry(s) for s in sharp + blurred] == [False] * 15 + [True] * 5


def test_the_size_of_a_photo_does_not_change_its_measure_much():
    (paper,) = mixed(seed=12, count=1)
    full = sharpness_of(paper.image)
    half = sharpness_of(paper.image.resize((paper.image.width // 2, paper.image.height // 2)))
    assert 0.5 < half / full < 2


def test_the_portal_measures_with_the_same_numbers():
    script = PORTAL.read_text()
    assert re.search(rf"NORMAL_LONG_SIDE = {NORMAL_LONG_SIDE};", script)
    assert re.search(rf"BLURRY_BELOW = {BLURRY_BELOW};", script)
