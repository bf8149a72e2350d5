"""Photos of vaccination papers made by the tests themselves: certificates and screening forms
rendered by Pillow in Vietnamese (DejaVu Sans, Debian's fonts-dejavu-core), some blurred,
slightly rotated or seen at an angle, and photos without any text. Each comes with what it
shows, so a test can tell what a reading got right."""

import io
import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from PIL import Image, ImageDraw, ImageFilter, ImageFont

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
SIZE = (1240, 1754)  # an A4 page at 150 dpi

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi"]
MIDDLE = ["Thị", "Văn", "Hữu", "Đức", "Minh", "Thanh", "Ngọc", "Quốc", "Thu", "Xuân"]
GIVEN = ["Hồng", "Anh", "Dũng", "Hương", "Tuấn", "Lan", "Phúc", "Thảo", "Hải", "Yến", "Đạt"]
# The names printed on certificates, and the codes the claims use.
VACCINES = [
    ("AstraZeneca", "AZ"),
    ("Vero Cell", "VERO"),
    ("Pfizer", "PFIZER"),
    ("Moderna", "MODERNA"),
]


@dataclass(frozen=True)
class Dose:
    dose_number: int
    vaccinated_on: date
    vaccine_code: str
    lot_number: str


@dataclass(frozen=True)
class Paper:
    kind: str  # CERTIFICATE, SCREENING_FORM or UNKNOWN (a photo without text)
    image: Image.Image
    blurred: bool
    full_name: str = ""
    date_of_birth: date | None = None
    doses: list[Dose] = field(default_factory=list)

    def jpeg(self, **save) -> bytes:
        out = io.BytesIO()
        self.image.convert("RGB").save(out, "JPEG", quality=90, **save)
        return out.getvalue()

    def png(self) -> bytes:
        out = io.BytesIO()
        self.image.save(out, "PNG")
        return out.getvalue()


def _font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(BOLD if bold else FONT, size)


def _written(date_: date, rng: random.Random) -> str:
    """A date as Vietnamese certificates print it."""
    return rng.choice(
        [
            f"{date_:%d/%m/%Y}",
            f"{date_:%d-%m-%Y}",
            f"{date_.day}/{date_.month}/{date_.year}",
            f"ngày {date_:%d} tháng {date_:%m} năm {date_.year}",
        ]
    )


def _person(rng: random.Random) -> tuple[str, date]:
    name = f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
    return name, date(1950, 1, 1) + timedelta(days=rng.randrange(365 * 55))


def _page(lines: list[tuple[str, int, bool]]) -> Image.Image:
    page = Image.new("RGB", SIZE, (250, 248, 240))
    draw = ImageDraw.Draw(page)
    y = 120
    for text, size, bold in lines:
        font = _font(size, bold)
        width = draw.textlength(text, font=font)
        x = (SIZE[0] - width) / 2 if bold else 110
        draw.text((x, y), text, font=font, fill=(20, 20, 30))
        y += int(size * 1.9)
    return page


def _as_photographed(page: Image.Image, rng: random.Random, blurred: bool) -> Image.Image:
    """Slightly rotated, sometimes seen at an angle, blurred when asked."""
    image = page.rotate(rng.uniform(-3, 3), expand=True, fillcolor=(120, 110, 100))
    if rng.random() < 0.4:
        w, h = image.size
        k = rng.uniform(0.00002, 0.00006)
        image = image.transform(
            image.size,
            Image.Transform.PERSPECTIVE,
            (1 + k * w / 10, 0, 0, k * 20, 1, 0, k / 4, 0),
            Image.Resampling.BILINEAR,
            fillcolor=(120, 110, 100),
        )
        image = image.resize((w, h))
    if blurred:
        image = image.filter(ImageFilter.GaussianBlur(rng.uniform(2.0, 5.0)))
    return image


def certificate(rng: random.Random, *, blurred: bool = False) -> Paper:
    name, born = _person(rng)
    vaccine, code = rng.choice(VACCINES)
    first = date(2021, 5, 1) + timedelta(days=rng.randrange(120))
    doses = [
        Dose(
            1, first, code, f"{rng.choice('ABNJ')}{rng.choice('VJKT')}{rng.randrange(1000, 9999)}"
        ),
        Dose(
            2, first + timedelta(days=rng.randrange(28, 90)), code, f"FD{rng.randrange(1000, 9999)}"
        ),
    ][: rng.choice([1, 2, 2])]
    lines = [
        ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 30, True),
        ("Độc lập - Tự do - Hạnh phúc", 28, True),
        ("GIẤY CHỨNG NHẬN TIÊM CHỦNG COVID-19", 36, True),
        (f"Họ và tên: {name}", 32, False),
        (f"Ngày sinh: {_written(born, rng)}", 32, False),
        (f"Giới tính: {rng.choice(['Nam', 'Nữ'])}", 32, False),
        (f"Số CCCD: 0{rng.randrange(10**10, 10**11)}", 32, False),
        ("Đã được tiêm vắc xin phòng COVID-19:", 32, False),
    ]
    lines += [
        (
            f"Mũi {d.dose_number}: {_written(d.vaccinated_on, rng)} - {vaccine}"
            f" - Số lô: {d.lot_number}",
            30,
            False,
        )
        for d in doses
    ]
    lines.append(("Nơi tiêm: Trạm Y tế phường Tân Phong", 30, False))
    image = _as_photographed(_page(lines), rng, blurred)
    return Paper("CERTIFICATE", image, blurred, name, born, doses)


def screening_form(rng: random.Random, *, blurred: bool = False) -> Paper:
    name, born = _person(rng)
    lines = [
        ("PHIẾU SÀNG LỌC TRƯỚC TIÊM CHỦNG", 34, True),
        ("VẮC XIN PHÒNG COVID-19", 32, True),
        (f"Họ và tên: {name}", 32, False),
        (f"Ngày sinh: {_written(born, rng)}", 32, False),
        ("1. Tiền sử phản vệ từ độ 2 trở lên: Không", 28, False),
        ("2. Đang mắc bệnh cấp tính: Không", 28, False),
        ("3. Phụ nữ mang thai: Không", 28, False),
        ("Kết luận: Đủ điều kiện tiêm chủng ngay", 28, False),
    ]
    image = _as_photographed(_page(lines), rng, blurred)
    return Paper("SCREENING_FORM", image, blurred, name, born)


def photo_without_text(rng: random.Random, *, blurred: bool = False) -> Paper:
    """A room, a face: shapes and colours, no writing."""
    image = Image.new("RGB", (1200, 900), tuple(rng.randrange(60, 200) for _ in range(3)))
    draw = ImageDraw.Draw(image)
    for _ in range(40):
        x, y = rng.randrange(1200), rng.randrange(900)
        r = rng.randrange(10, 160)
        colour = tuple(rng.randrange(256) for _ in range(3))
        draw.ellipse((x - r, y - r, x + r, y + r), fill=colour, outline=(0, 0, 0), width=3)
    if blurred:
        image = image.filter(ImageFilter.GaussianBlur(rng.uniform(2.0, 5.0)))
    return Paper("UNKNOWN", image, blurred)


def mixed(seed: int, count: int) -> list[Paper]:
    """Certificates mostly, some blurred, with screening forms and photos without text."""
    rng = random.Random(seed)
    papers = []
    for i in range(count):
        blurred = i % 4 == 3
        make = certificate if i % 10 < 7 else screening_form if i % 10 < 9 else photo_without_text
        papers.append(make(rng, blurred=blurred))
    return papers


def small_png(width: int = 48, height: int = 32, noise: bool = False) -> bytes:
    """A real PNG as Pillow writes it (so intake's re-encoding gives the same bytes back): a
    pale blue card, or random pixels (which do not compress: about 3 bytes a pixel)."""
    if noise:
        image = Image.frombytes(
            "RGB", (width, height), random.Random(7).randbytes(width * height * 3)
        )
    else:
        image = Image.new("RGB", (width, height), (190, 216, 240))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def small_pdf(pages: int = 1) -> bytes:
    """A real PDF of blank-ish pages (Pillow writes one page per image)."""
    images = [Image.new("RGB", (595, 842), (255, 255, 255)) for _ in range(pages)]
    out = io.BytesIO()
    images[0].save(out, "PDF", save_all=True, append_images=images[1:])
    return out.getvalue()
