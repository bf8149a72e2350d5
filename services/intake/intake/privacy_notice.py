"""The privacy notice a citizen reads before submitting (decree 13/2023/NĐ-CP on personal data
protection: what is collected, why, for how long, who sees it, how to ask for erasure). Each
wording keeps its version for good: a complaint records the version its sender was shown."""

from phananh_common.errors import InvalidArgument

CURRENT = "2026-12-01"

# Versions → wording; `{retention_days}` is the setting PHANANH_RETENTION_DAYS.
NOTICES = {
    "2026-12-01": """THÔNG BÁO VỀ XỬ LÝ DỮ LIỆU CÁ NHÂN
(theo Nghị định 13/2023/NĐ-CP ngày 17/4/2023 về bảo vệ dữ liệu cá nhân)

1. Dữ liệu được thu thập: họ và tên, ngày sinh, giới tính, số điện thoại, số định danh cá \
nhân (CCCD), số thẻ bảo hiểm y tế nếu có, địa chỉ, các mũi tiêm bạn khai và ảnh hoặc tệp \
giấy chứng nhận bạn gửi kèm.

2. Mục đích: tiếp nhận và giải quyết phản ánh của bạn về chứng nhận tiêm chủng COVID-19; đối \
chiếu và sửa dữ liệu tiêm chủng của bạn; gửi tin nhắn SMS báo kết quả xử lý. Dữ liệu không \
được dùng cho mục đích khác, không được bán hay chuyển cho tổ chức nào khác.

3. Người được xem: cán bộ được phân công xử lý của trạm y tế xã, trung tâm y tế huyện, Sở Y \
tế tỉnh và cơ sở tiêm chủng liên quan, mỗi người chỉ trong phạm vi đơn vị mình. Mỗi lần cán \
bộ mở hồ sơ của bạn đều được ghi lại.

4. Thời gian lưu trữ: {retention_days} ngày kể từ khi phản ánh được giải quyết xong. Sau đó \
ảnh và tệp đính kèm bị xoá, thông tin cá nhân được thay bằng bí danh; chỉ giữ lại mã theo \
dõi và số liệu thống kê không định danh.

5. Quyền của bạn: được biết, đồng ý, truy cập, yêu cầu chỉnh sửa, yêu cầu xoá dữ liệu và \
hạn chế xử lý. Để yêu cầu xoá dữ liệu cá nhân của một phản ánh, hãy liên hệ Sở Y tế tỉnh và \
cung cấp mã theo dõi; quản trị viên cấp tỉnh sẽ xoá và việc xoá được ghi lại.

6. Khi gửi phản ánh, bạn xác nhận đã đọc thông báo này và đồng ý để dữ liệu cá nhân nêu trên \
được xử lý cho các mục đích trên.""",
}


def notice(version: str, retention_days: int) -> str:
    return NOTICES[version].format(retention_days=retention_days)


def check_version(version: str) -> None:
    """A version a citizen may have been shown, or none said (an older client)."""
    if version and version not in NOTICES:
        raise InvalidArgument.on(
            "privacy_notice_version", f"is not a notice of this service (the current: {CURRENT})"
        )
