// The citizen's complaint: address cascade, dose rows with facility pickers, photos with a
// preview, the privacy notice (its version sent with the complaint), the one-time code when
// the API asks for it, then the tracking code.
import { api, el, errorText, fillSelect, submitting } from "/static/api.js";
import { start, t, formatDate } from "/static/i18n.js";
import { facilities, province, unitsBelow, vaccines } from "/static/reference.js";
import { STRINGS } from "/static/portal-strings.js";
import { isBlurry, sharpness } from "/static/portal-sharpness.js";

const MAX_PHOTOS = 5;
const form = document.getElementById("complaint");
const rows = document.getElementById("dose-rows");
const $ = (id) => document.getElementById(id);
let photos = [];
let idempotencyKey = newKey();
let privacyNoticeVersion = null;

function newKey() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

const options = (units) => units.map((u) => [u.code, u.name]);

async function cascade(parentSelect, childSelect, after = () => {}) {
  parentSelect.addEventListener("change", async () => {
    const code = parentSelect.value;
    fillSelect(childSelect, code ? options(await unitsBelow(code)) : []);
    childSelect.dispatchEvent(new Event("change"));
    after();
  });
}

function labelSelects() {
  fillSelect($("gender"), ["MALE", "FEMALE", "OTHER"].map((g) => [g, t(`gender.${g}`)]));
  fillSelect($("category"), ["MISSING_DOSE", "WRONG_DOSE_INFO", "WRONG_PERSONAL_INFO", "SPLIT_RECORD", "OTHER"]
    .map((c) => [c, t(`category.${c}`)]));
}

async function setUpAddress() {
  cascade($("province"), $("district"));
  cascade($("district"), $("commune"), syncDoseDistricts);
  fillSelect($("province"), options(await unitsBelow()));
  $("province").value = province();
  $("province").dispatchEvent(new Event("change"));
}

// Each dose row: inputs named claimed_doses[i].field, so the API's errors land beside them.
function renumber() {
  [...rows.children].forEach((row, i) => {
    row.querySelector(".dose-title").textContent = t("portal.dose_row", { n: i + 1 });
    for (const input of row.querySelectorAll("[data-name]")) {
      input.name = `claimed_doses[${i}].${input.dataset.name}`;
      input.id = `dose-${i}-${input.dataset.name}`;
    }
    for (const label of row.querySelectorAll("label[data-for]")) label.htmlFor = `dose-${i}-${label.dataset.for}`;
  });
}

async function addDose() {
  const row = $("dose-template").content.firstElementChild.cloneNode(true);
  rows.append(row);
  const number = row.querySelector('[data-name="dose_number"]');
  number.value = rows.children.length;
  fillSelect(row.querySelector('[data-name="vaccine_code"]'), (await vaccines()).map((v) => [v.code, v.name]));
  const district = row.querySelector('[data-name="facility_district"]');
  const facility = row.querySelector('[data-name="facility_code"]');
  district.addEventListener("change", async () => {
    const list = district.value ? await facilities(district.value) : [];
    fillSelect(facility, list.map((f) => [f.code, f.name]));
  });
  row.querySelector(".remove-dose").addEventListener("click", () => {
    row.remove();
    renumber();
    rows.querySelector("input")?.focus();
  });
  renumber();
  await fillDoseDistrict(district);
  applyRow(row);
  return row;
}

async function fillDoseDistrict(select) {
  fillSelect(select, options(await unitsBelow(province())));
  if (!select.value && $("district").value) select.value = $("district").value;
  select.dispatchEvent(new Event("change"));
}

function syncDoseDistricts() {
  for (const select of rows.querySelectorAll('[data-name="facility_district"]')) {
    if (!select.value) fillDoseDistrict(select);
  }
}

function applyRow(row) {
  for (const node of row.querySelectorAll("[data-i18n]")) node.textContent = t(node.dataset.i18n);
  renumber();
}

function showPhotos() {
  const list = $("previews");
  for (const img of list.querySelectorAll("img")) URL.revokeObjectURL(img.src);
  const items = photos.map((file) => el("li", {},
    file.type.startsWith("image/") ? el("img", { src: URL.createObjectURL(file), alt: file.name }) : null,
    el("span", {}, file.name)));
  list.replaceChildren(...items);
  if ($("photos").files.length > MAX_PHOTOS) list.append(el("li", { className: "field-error" }, t("portal.too_many")));
  photos.forEach((file, i) => warnIfBlurry(file, items[i]));
}

// Measured before sending: a blurred photo is worth taking again (it may still be sent).
async function warnIfBlurry(file, item) {
  if (isBlurry(await sharpness(file))) {
    item.append(el("p", { className: "field-warning blurry-photo", role: "status" }, t("portal.blurry")));
  }
}

const value = (name) => form.elements[name]?.value.trim() ?? "";
const orNull = (text) => (text === "" ? null : text);

function complaint() {
  const doses = [...rows.children].map((_, i) => {
    const field = (f) => value(`claimed_doses[${i}].${f}`);
    return {
      dose_number: field("dose_number") === "" ? null : Number(field("dose_number")),
      vaccinated_on: field("vaccinated_on"),
      vaccine_code: field("vaccine_code"),
      lot_number: orNull(field("lot_number")),
      facility_code: orNull(field("facility_code")),
    };
  });
  return {
    citizen: {
      full_name: value("citizen.full_name"),
      date_of_birth: value("citizen.date_of_birth"),
      gender: value("citizen.gender"),
      phone: value("citizen.phone"),
      national_id: orNull(value("citizen.national_id")),
      health_insurance_no: orNull(value("citizen.health_insurance_no")),
      address: {
        province_code: value("citizen.address.province_code"),
        district_code: value("citizen.address.district_code"),
        commune_code: value("citizen.address.commune_code"),
        street: value("citizen.address.street"),
      },
    },
    category: value("category"),
    claimed_doses: doses,
    description: value("description"),
    otp: orNull(value("otp")),
    privacy_notice_version: privacyNoticeVersion,
  };
}

async function uploadPhotos(code, phone) {
  let sent = 0;
  const problems = [];
  for (const file of photos) {
    const data = new FormData();
    data.append("phone", phone);
    data.append("file", file);
    try {
      await api(`/complaints/${encodeURIComponent(code)}/evidence`, { form: data });
      sent += 1;
    } catch (error) {
      problems.push(`${file.name}: ${errorText(error)}`);
    }
  }
  return [sent, problems];
}

async function submit(event) {
  event.preventDefault();
  const body = complaint();
  const reply = await submitting(form, async () => {
    try {
      return await api("/complaints", { body, headers: { "Idempotency-Key": idempotencyKey } });
    } catch (error) {
      if (error.violations?.some((v) => v.field === "otp")) $("otp-step").hidden = false;
      throw error;
    }
  });
  if (!reply) return;
  const [sent, problems] = await uploadPhotos(reply.tracking_code, body.citizen.phone);
  form.hidden = true;
  $("tracking-code").value = reply.tracking_code;
  $("due-at").textContent = formatDate(reply.due_at);
  $("status-link").href = `/tra-cuu?ma=${encodeURIComponent(reply.tracking_code)}`;
  $("upload-report").textContent = [
    photos.length ? t("portal.photos_sent", { n: sent, of: photos.length }) : "",
    ...problems,
    reply.deduplicated ? t("portal.deduplicated") : "",
  ].filter(Boolean).join(" ");
  $("done").hidden = false;
  $("done").focus();
  idempotencyKey = newKey();
}

async function sendCode() {
  const button = $("send-otp");
  button.disabled = true;
  try {
    await api("/otp", { body: { phone: value("citizen.phone") } });
    $("otp-sent").textContent = t("portal.otp_sent");
    $("otp").focus();
  } catch (error) {
    $("otp-sent").textContent = errorText(error);
  } finally {
    button.disabled = false;
  }
}

async function showPrivacyNotice() {
  try {
    const notice = await api("/privacy-notice");
    $("privacy-text").textContent = notice.text;
    privacyNoticeVersion = notice.version;
  } catch (error) {
    $("privacy-text").textContent = errorText(error);
  }
}

async function copyCode() {
  const code = $("tracking-code").value;
  try {
    await navigator.clipboard.writeText(code);
  } catch {
    const range = document.createRange();
    range.selectNodeContents($("tracking-code"));
    getSelection().removeAllRanges();
    getSelection().addRange(range);
    document.execCommand("copy");
  }
  $("copied").textContent = t("portal.copied");
}

start(STRINGS, () => { labelSelects(); renumber(); showPhotos(); });
labelSelects();
form.addEventListener("submit", submit);
$("add-dose").addEventListener("click", async () => (await addDose()).querySelector("input").focus());
$("photos").addEventListener("change", () => {
  photos = [...$("photos").files].slice(0, MAX_PHOTOS);
  showPhotos();
});
$("send-otp").addEventListener("click", sendCode);
$("copy").addEventListener("click", copyCode);
await Promise.all([setUpAddress(), showPrivacyNotice()]);
await addDose();
document.body.dataset.ready = "true";
