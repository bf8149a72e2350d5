"""The review of a case: who starts it, and what a duplicate's citizen is told of the
original. No I/O."""

from phananh_common.statuses import ASSIGNED


def opens_review(status: str, case_unit: str, reader_unit: str) -> bool:
    """An officer of the team that holds an assigned case opens it: the review starts. Those
    above who read it (a district over a commune's case, the province over overdue ones)
    leave it waiting for its team."""
    return status == ASSIGNED and case_unit == reader_unit


# What a duplicate's citizen reads of an original sent from another phone, in place of its
# code (the SMS: "Phản ánh … trùng với phản ánh đã gửi trước đó. Kết quả sẽ được báo theo mã đó.").
EARLIER = "đã gửi trước đó"


def told_of_original(shown_code: str, same_phone: bool) -> str:
    """What a duplicate's citizen is told of its original: the code when both came from the
    same phone; from another, the original may be a stranger's, found by its identity number."""
    return shown_code if same_phone else EARLIER
