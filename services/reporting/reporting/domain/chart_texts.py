"""The words of the dashboard's charts in each language the pages speak, as data: Vietnamese
(the default) and English. Placeholders in braces are filled by reporting.domain.charts."""

DEFAULT_LANGUAGE = "vi"

TEXTS = {
    "vi": {
        "date": "%d/%m/%Y",
        "burndown.title": "Hồ sơ tồn của {unit}",
        "burndown.empty": "Không có ngày nào để hiển thị.",
        "burndown.deadline": "hạn {deadline}",
        "burndown.open": "hồ sơ tồn",
        "burndown.target": "mục tiêu về 0 vào hạn",
        "burndown.desc": "Hồ sơ tồn mỗi ngày từ {first} đến {last}: {first_open} vào ngày đầu, "
        "{last_open} vào ngày cuối. Hồ sơ tồn cần về 0 trước {deadline}.",
        "units.title": "Hồ sơ đang xử lý theo đơn vị, {unit}",
        "units.bar": "{pending} ({overdue} quá hạn)",
        "units.pending": "đang xử lý",
        "units.overdue": "quá hạn",
        "units.row": "{unit}: {pending} đang xử lý, {overdue} quá hạn",
        "units.empty": "Không có đơn vị nào để hiển thị.",
    },
    "en": {
        "date": "%Y-%m-%d",
        "burndown.title": "Backlog of {unit}",
        "burndown.empty": "No days to show.",
        "burndown.deadline": "deadline {deadline}",
        "burndown.open": "open complaints",
        "burndown.target": "target to the deadline",
        "burndown.desc": "Open complaints per day from {first} to {last}: {first_open} on the "
        "first day, {last_open} on the last. The backlog should reach zero by {deadline}.",
        "units.title": "Pending complaints by unit, {unit}",
        "units.bar": "{pending} ({overdue} overdue)",
        "units.pending": "pending",
        "units.overdue": "overdue",
        "units.row": "{unit}: {pending} pending, {overdue} overdue",
        "units.empty": "No units to show.",
    },
}

LANGUAGES = tuple(TEXTS)
