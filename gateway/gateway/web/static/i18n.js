// Vietnamese by default, English on request (kept in localStorage). Strings are data: the
// common ones here, each page adds its own with addStrings(). Elements carry
// data-i18n="key" (text), data-i18n-placeholder or data-i18n-label (aria-label).

const COMMON = {
  vi: {
    skip: "Bỏ qua, tới nội dung",
    brand: "Phản ánh chứng nhận tiêm chủng",
    switchTo: "English",
    "nav.file": "Gửi phản ánh",
    "nav.status": "Tra cứu kết quả",
    "nav.queue": "Hồ sơ",
    "nav.rechecks": "Kiểm tra lại",
    "nav.dashboard": "Báo cáo",
    "nav.accounts": "Tài khoản",
    "nav.logout": "Đăng xuất",
    loading: "Đang tải…",
    none: "Không có",
    choose: "— Chọn —",
    failed: "Không thực hiện được: {message}",
    network: "Không kết nối được máy chủ. Vui lòng thử lại.",
    fixFields: "Vui lòng sửa các ô được đánh dấu.",
    "error.date": "Hãy nhập một ngày hợp lệ.",
    "error.number": "Hãy nhập một số.",
    "error.choose": "Hãy chọn một mục.",
    "error.required": "Ô này là bắt buộc.",
    "status.RECEIVED": "Đã tiếp nhận",
    "status.ASSIGNED": "Đã chuyển tổ xử lý",
    "status.IN_REVIEW": "Đang xem xét",
    "status.NEEDS_INFO": "Cần bổ sung thông tin",
    "status.RESOLVED": "Đã giải quyết",
    "status.REJECTED": "Không chấp nhận",
    "status.DUPLICATE": "Trùng phản ánh khác",
    "category.MISSING_DOSE": "Thiếu mũi tiêm",
    "category.WRONG_DOSE_INFO": "Sai thông tin mũi tiêm",
    "category.WRONG_PERSONAL_INFO": "Sai thông tin cá nhân",
    "category.SPLIT_RECORD": "Mũi tiêm nằm ở hai hồ sơ",
    "category.OTHER": "Khác",
    "level.NONE": "Chưa tiêm",
    "level.PARTIAL": "Chưa đủ liều cơ bản",
    "level.FULL": "Đủ liều cơ bản",
    "level.BOOSTED": "Đã tiêm nhắc lại",
    "gender.MALE": "Nam",
    "gender.FEMALE": "Nữ",
    "gender.OTHER": "Khác",
    "role.PROVINCE_ADMIN": "Quản trị tỉnh",
    "role.PROVINCE_OFFICER": "Cán bộ tỉnh",
    "role.DISTRICT_ADMIN": "Quản trị huyện",
    "role.DISTRICT_OFFICER": "Cán bộ huyện",
    "role.COMMUNE_OFFICER": "Cán bộ xã",
    "role.FACILITY_OFFICER": "Cán bộ cơ sở tiêm",
    overdue: "Quá hạn",
    atRisk: "Sắp đến hạn",
  },
  en: {
    skip: "Skip to content",
    brand: "Vaccination certificate complaints",
    switchTo: "Tiếng Việt",
    "nav.file": "File a complaint",
    "nav.status": "Check the result",
    "nav.queue": "Cases",
    "nav.rechecks": "Re-checks",
    "nav.dashboard": "Reports",
    "nav.accounts": "Accounts",
    "nav.logout": "Log out",
    loading: "Loading…",
    none: "None",
    choose: "— Choose —",
    failed: "That did not work: {message}",
    network: "The server could not be reached. Please try again.",
    fixFields: "Please correct the marked fields.",
    "error.date": "Enter a valid date.",
    "error.number": "Enter a number.",
    "error.choose": "Choose one of the options.",
    "error.required": "This field is required.",
    "status.RECEIVED": "Received",
    "status.ASSIGNED": "With the team",
    "status.IN_REVIEW": "In review",
    "status.NEEDS_INFO": "More information needed",
    "status.RESOLVED": "Resolved",
    "status.REJECTED": "Not accepted",
    "status.DUPLICATE": "Duplicate of another complaint",
    "category.MISSING_DOSE": "A dose is missing",
    "category.WRONG_DOSE_INFO": "Wrong dose details",
    "category.WRONG_PERSONAL_INFO": "Wrong personal details",
    "category.SPLIT_RECORD": "Doses split over two records",
    "category.OTHER": "Other",
    "level.NONE": "Not vaccinated",
    "level.PARTIAL": "Primary course not complete",
    "level.FULL": "Primary course complete",
    "level.BOOSTED": "Booster received",
    "gender.MALE": "Male",
    "gender.FEMALE": "Female",
    "gender.OTHER": "Other",
    "role.PROVINCE_ADMIN": "Province admin",
    "role.PROVINCE_OFFICER": "Province officer",
    "role.DISTRICT_ADMIN": "District admin",
    "role.DISTRICT_OFFICER": "District officer",
    "role.COMMUNE_OFFICER": "Commune officer",
    "role.FACILITY_OFFICER": "Facility officer",
    overdue: "Overdue",
    atRisk: "Due soon",
  },
};

const strings = { vi: { ...COMMON.vi }, en: { ...COMMON.en } };
export let lang = localStorage.getItem("lang") === "en" ? "en" : "vi";

export function addStrings(page) {
  Object.assign(strings.vi, page.vi);
  Object.assign(strings.en, page.en);
}

/** The string for `key` in the current language, with {name} filled from `vars`. */
export function t(key, vars = {}) {
  const text = strings[lang][key] ?? strings.vi[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => vars[name] ?? "");
}

/** The string for `key` when a page has one, else undefined (for words that may be missing). */
export const known = (key, vars) => (key in strings.vi ? t(key, vars) : undefined);

export function apply(root = document) {
  document.documentElement.lang = lang;
  for (const el of root.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll("[data-i18n-placeholder]"))
    el.placeholder = t(el.dataset.i18nPlaceholder);
  for (const el of root.querySelectorAll("[data-i18n-label]"))
    el.setAttribute("aria-label", t(el.dataset.i18nLabel));
  // Lists filled by code start with an empty choice; pages re-fill those with other words.
  for (const el of root.querySelectorAll('select > option[value=""]')) el.textContent = t("choose");
  const title = document.querySelector("[data-title]");
  if (title) document.title = `${t(title.dataset.title)} · ${t("brand")}`;
  const button = document.getElementById("lang");
  if (button) {
    button.textContent = t("switchTo");
    button.lang = lang === "vi" ? "en" : "vi";
  }
}

/** Translates the page now and again at each switch; `rerender` redraws what code drew. */
export function start(page, rerender = () => {}) {
  addStrings(page);
  apply();
  document.getElementById("lang")?.addEventListener("click", () => {
    lang = lang === "vi" ? "en" : "vi";
    localStorage.setItem("lang", lang);
    apply();
    rerender();
  });
}

/** Dates and instants as people of the language read them, in the province's time. */
export function formatDate(value) {
  if (!value) return "";
  const options = { timeZone: "Asia/Ho_Chi_Minh" };
  const day = /^\d{4}-\d{2}-\d{2}$/.test(value);
  if (day) return new Date(`${value}T00:00:00+07:00`).toLocaleDateString(locale(), options);
  return new Date(value).toLocaleString(locale(), { ...options, dateStyle: "medium", timeStyle: "short" });
}

export const locale = () => (lang === "vi" ? "vi-VN" : "en-GB");
