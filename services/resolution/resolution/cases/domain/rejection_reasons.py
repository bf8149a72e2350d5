"""The rejection reasons a team may give (the national catalogue of letter 9458/BYT-CNTT, plus
the product's ALREADY_CORRECT and OTHER), each with what the citizen should do next. The
advice goes into the rejection SMS and the citizen's status page."""

from dataclasses import dataclass

# What most rejections come down to: the facility that gave the dose can check its own book.
_BRING_CERTIFICATE = (
    "Vui lòng mang giấy xác nhận tiêm (bản giấy) đến cơ sở tiêm để được kiểm tra và cập nhật."
)


@dataclass(frozen=True)
class RejectionReason:
    code: str
    title: str
    citizen_advice: str
    note_required: bool = False


REJECTION_REASONS: dict[str, RejectionReason] = {
    r.code: r
    for r in (
        RejectionReason(
            "SCREENING_FORM_ONLY",
            "Ảnh phiếu sàng lọc không có ngày tiêm, mũi tiêm và loại vắc xin",
            "Vui lòng gửi lại ảnh giấy xác nhận tiêm có đủ ngày tiêm, mũi tiêm và loại vắc xin. "
            + _BRING_CERTIFICATE,
        ),
        RejectionReason(
            "NAME_CONFLICT",
            "Họ tên trong phản ánh và trên giấy xác nhận không khớp",
            "Vui lòng gửi lại phản ánh với họ tên đúng như trên giấy xác nhận tiêm.",
        ),
        RejectionReason(
            "PERSONAL_PHOTO_ONLY",
            "Ảnh cá nhân thay vì giấy xác nhận tiêm",
            "Vui lòng gửi ảnh chụp giấy xác nhận tiêm, không phải ảnh cá nhân.",
        ),
        RejectionReason(
            "DOSE_MISMATCH",
            "Mũi tiêm khai báo khác với giấy xác nhận",
            "Vui lòng khai báo đúng mũi tiêm như trên giấy xác nhận. " + _BRING_CERTIFICATE,
        ),
        RejectionReason(
            "DOB_MISMATCH",
            "Ngày sinh trên giấy xác nhận khác với hệ thống",
            _BRING_CERTIFICATE,
        ),
        RejectionReason(
            "CERTIFICATE_INCOMPLETE",
            "Giấy xác nhận thiếu họ tên, giới tính, ngày tiêm hoặc loại vắc xin",
            "Vui lòng đề nghị cơ sở tiêm bổ sung thông tin trên giấy xác nhận. "
            + _BRING_CERTIFICATE,
        ),
        RejectionReason(
            "INFO_COVERED",
            "Thông tin cá nhân bị che trong ảnh",
            "Vui lòng chụp lại giấy xác nhận tiêm, không che thông tin cá nhân.",
        ),
        RejectionReason(
            "PHOTO_UNREADABLE",
            "Ảnh mờ, không đọc được",
            "Vui lòng chụp lại giấy xác nhận tiêm rõ nét và gửi lại.",
        ),
        RejectionReason(
            "DATE_MISMATCH",
            "Ngày tiêm khai báo khác với giấy xác nhận",
            "Vui lòng khai báo đúng ngày tiêm như trên giấy xác nhận. " + _BRING_CERTIFICATE,
        ),
        RejectionReason(
            "ALL_MISMATCH",
            "Thông tin hoàn toàn không khớp",
            _BRING_CERTIFICATE,
        ),
        RejectionReason(
            "NAME_WITHOUT_DIACRITICS",
            "Họ tên không đầy đủ hoặc viết không dấu",
            "Vui lòng gửi lại phản ánh với họ tên đầy đủ, có dấu.",
        ),
        RejectionReason(
            "VACCINE_MISMATCH",
            "Loại vắc xin khai báo khác với giấy xác nhận",
            "Vui lòng khai báo đúng loại vắc xin như trên giấy xác nhận. " + _BRING_CERTIFICATE,
        ),
        RejectionReason(
            "FORM_EDITED",
            "Thông tin cá nhân trên giấy xác nhận bị sửa",
            _BRING_CERTIFICATE,
        ),
        RejectionReason(
            "ALREADY_CORRECT",
            "Dữ liệu tiêm chủng đã đúng",
            "Dữ liệu tiêm của bạn đã đúng; vui lòng kiểm tra lại trên Sổ sức khỏe điện tử.",
        ),
        RejectionReason(
            "OTHER",
            "Lý do khác",
            "Vui lòng xem lời nhắn của cán bộ xử lý trên trang tra cứu. " + _BRING_CERTIFICATE,
            note_required=True,
        ),
    )
}
