// One case: the claim beside the registry's candidates with the differences the API found
// marked, the evidence (zoomable), and the decisions as forms. The API's corrections for the
// chosen record come ticked; the officer edits or unticks them. A decision may open the next
// case of the queue the case was opened from (queue-context.js), keys A, R and N.
import { api, el, fillSelect, shownCode, submitting } from "/static/api.js";
import { addStrings, formatDate, t } from "/static/i18n.js";
import { dueBadge, startConsole } from "/static/console.js";
import { facilities, province, rejectionReasons, unitNames, unitsBelow, vaccines } from "/static/reference.js";
import { STRINGS } from "/static/case-strings.js";
import { checksPanel } from "/static/case-evidence-checks.js";
import { caseHref, nextCase, queueHref } from "/static/queue-context.js";
import { HISTORY_STRINGS, historyRows } from "/static/case-history.js";

const $ = (id) => document.getElementById(id);
const caseId = decodeURIComponent(location.pathname.split("/").pop());
const OPEN = ["RECEIVED", "ASSIGNED", "IN_REVIEW", "NEEDS_INFO"];
const DOSE_FIELDS = ["vaccinated_on", "vaccine_code", "lot_number", "facility_code"];
let detail = null;
let chosen = null; // the candidate record the approval corrects
let reasons = [];
let addressNames = [];
let districtNames = new Map();
let handedOver = false; // reassigned to a district outside the officer's unit
// Names by code, for what officers read: units, facilities, reasons, vaccines.
const names = { unit: new Map(), facility: new Map(), reason: new Map(), vaccine: new Map() };

/** A registry record as people tell it: its name and birth date (the id for nobody). */
const recordName = (c) => `${c.full_name} (${formatDate(c.date_of_birth)})`;

/** The complaint's commune, district and province by name. */
async function nameAddress(a) {
  const names = await Promise.all([[a.district_code, a.commune_code], [a.province_code, a.district_code], ["", a.province_code]]
    .map(async ([parent, code]) => (await unitNames(parent).catch(() => new Map())).get(code) || code));
  addressNames = names;
  renderClaim();
}

// The person's fields as the API names them, by the label the claim shows them under.
const PERSON_KEYS = { full_name: "case.name", date_of_birth: "case.dob", gender: "case.gender", phone: "case.phone", national_id: "case.national_id" };
/** Label and value pairs as a definition list; those of `differing` labels marked. */
const facts = (differing, pairs) => pairs.filter(([, v]) => v).flatMap(([k, v]) =>
  [el("dt", {}, t(k)), el("dd", { className: differing.includes(k) ? "differs" : "" }, v)]);

/** The API's differences between the claim and a candidate record. */
const differencesOf = (record) => detail.differences.find((d) => d.citizen_id === record?.citizen_id);

function doseDifferences(claimed, record) {
  const found = differencesOf(record);
  if (!found) return { missing: false, fields: [] };
  return { missing: found.missing_doses.includes(claimed.dose_number),
    fields: found.doses.filter((d) => d.dose_number === claimed.dose_number).map((d) => d.field) };
}

/** A dose's field as officers read it: dates in their form, vaccines and facilities by name. */
function doseValue(field, value) {
  if (field === "vaccinated_on") return formatDate(value);
  if (field === "vaccine_code") return names.vaccine.get(value) || value || "";
  if (field === "facility_code") return names.facility.get(value) || value || "";
  return value || "";
}

function doseTable(doses, mark = () => ({ missing: false, fields: [] })) {
  const head = el("tr", {}, ["case.dose", ...DOSE_FIELDS.map((f) => `case.${f}`)].map((k) => el("th", { scope: "col" }, t(k))));
  const rows = doses.map((d) => {
    const diff = mark(d);
    return el("tr", { className: diff.missing ? "missing" : "" },
      el("td", {}, String(d.dose_number), diff.missing ? el("span", { className: "badge warn" }, t("case.not_in_record")) : null),
      DOSE_FIELDS.map((f) => el("td", { className: diff.fields.includes(f) ? "differs" : "" }, doseValue(f, d[f]))));
  });
  return [el("thead", {}, head), el("tbody", {}, rows.length ? rows : el("tr", {}, el("td", { colSpan: 5 }, t("none"))))];
}

function renderClaim() {
  const c = detail.complaint;
  const a = c.citizen.address;
  const differing = (differencesOf(chosen)?.person || []).map((p) => PERSON_KEYS[p.field]);
  $("claim").replaceChildren(...facts(differing, [
    ["case.name", c.citizen.full_name], ["case.dob", formatDate(c.citizen.date_of_birth)],
    ["case.gender", t(`gender.${c.citizen.gender}`)], ["case.phone", c.citizen.phone],
    ["case.national_id", c.citizen.national_id], ["case.address", [a.street, ...addressNames].filter(Boolean).join(", ")],
    ["case.category", t(`category.${c.category}`)], ["case.description", c.description],
  ]));
  $("claimed").replaceChildren(...doseTable(c.claimed_doses, (d) => (chosen ? doseDifferences(d, chosen) : { missing: false, fields: [] })));
}

const workable = () => OPEN.includes(detail.status) && !handedOver;

// A record outside the officer's unit: masked by the API, never corrected here; its
// district's team may correct it, so the case can go there.
function maskedCandidate(c) {
  const district = districtNames.get(c.district_code) || c.district_code;
  const away = el("form", { className: "actions", noValidate: true },
    el("button", { type: "submit" }, t("case.reassign_to", { district })));
  away.addEventListener("submit", async (event) => {
    event.preventDefault();
    const body = { unit_code: c.district_code, expected_version: detail.version };
    if (!(await submitting(away, () => api(`/cases/${caseId}/reassign`, { body })))) return;
    handedOver = true;
    render();
    $("decided").hidden = false;
    $("decided").textContent = t("case.handed_over", { district });
    $("decided").focus();
  });
  return el("article", { className: "card masked" },
    el("h3", {}, c.full_name, " ", el("span", { className: "badge warn" }, t("case.masked"))),
    el("p", {}, c.matched_on.map((m) => el("span", { className: "badge" }, t(`case.matched.${m}`)))),
    el("dl", { className: "facts" }, facts([], [["case.birth_year", String(c.birth_year)], ["case.district", district],
      ["case.record", c.citizen_id]])),
    el("p", { className: "hint" }, t("case.masked_why", { district })),
    workable() ? away : null);
}

function renderCandidates() {
  const open = workable();
  $("candidates").replaceChildren(...(detail.candidates.length ? detail.candidates.map((c) => {
    if (c.masked) return maskedCandidate(c);
    const pick = el("input", { type: "radio", name: "candidate", value: c.citizen_id, checked: chosen === c, disabled: !open });
    pick.addEventListener("change", () => { chosen = c; renderClaim(); renderCorrections(); });
    return el("article", { className: "card" },
      el("h3", {}, el("label", { className: "check" }, pick, c.full_name)),
      el("p", {}, c.matched_on.map((m) => el("span", { className: "badge" }, t(`case.matched.${m}`))), " ",
        c.certificate ? el("span", { className: "badge ok" }, t(`level.${c.certificate.level}`)) : null),
      el("dl", { className: "facts" }, facts([], [["case.dob", formatDate(c.date_of_birth)], ["case.phone", c.phone],
        ["case.national_id", c.national_id]])),
      el("div", { className: "scroll" }, el("table", {}, doseTable(c.doses))));
  }) : [el("p", {}, t("case.no_candidates"))]));
}

// A proposed correction: a tickable fieldset whose inputs carry data-key; at submission the
// ticked ones are named corrections[k].<key>, so the API's errors land beside them.
function correction(op, title, values, editable) {
  const tick = el("input", { type: "checkbox", checked: true, className: "apply" });
  const box = el("fieldset", { className: "dose" }, el("legend", {}, el("label", { className: "check" }, tick, title)));
  box.dataset.op = op;
  for (const [key, value] of Object.entries(values)) {
    if (!editable.includes(key)) {
      box.append(el("input", { type: "hidden", value: String(value) }));
      box.lastChild.dataset.key = key;
      continue;
    }
    const id = `c-${Math.random().toString(36).slice(2)}`;
    const input = ["vaccine_code", "gender"].includes(key) ? el("select", { id }) : el("input", { id, value: String(value ?? "") });
    if (["vaccinated_on", "date_of_birth"].includes(key)) input.type = "date";
    if (key === "dose_number") input.type = "number";
    input.dataset.key = key;
    const label = key === "dose_number" ? "case.dose" : PERSON_KEYS[key] || `case.${key}`;
    box.append(el("div", { className: "field" }, el("label", { htmlFor: id }, t(label)), input));
    if (key === "vaccine_code") vaccines().then((list) => { fillSelect(input, list.map((v) => [v.code, v.name])); input.value = value; });
    if (key === "gender") { fillSelect(input, GENDERS.map((g) => [g, t(`gender.${g}`)]), "—"); input.value = value; }
  }
  return box;
}

const PERSON_FIELDS = ["full_name", "date_of_birth", "gender", "phone", "national_id"];
const GENDERS = ["MALE", "FEMALE", "OTHER"];

/** The form of a correction the API proposed, ticked. */
function proposedBox(c) {
  const values = Object.fromEntries(Object.entries(c).filter(([k, v]) => k !== "op" && v !== null));
  if (c.op === "ADD_DOSE") return correction(c.op, t("case.add_dose", { n: c.dose_number }), values, Object.keys(values));
  if (c.op === "MERGE_RECORD") return correction(c.op, t("case.merge", { id: c.duplicate_citizen_id }), values, []);
  if (c.op === "UPDATE_PERSON") return correction(c.op, t("case.update_person"), values, Object.keys(values));
  const dose = [chosen, ...detail.candidates].flatMap((r) => r?.doses || []).find((d) => d.dose_id === c.dose_id);
  const title = t("case.update_dose", { n: dose?.dose_number ?? "" });
  return correction(c.op, title, values, Object.keys(values).filter((k) => k !== "dose_id"));
}

/** A blank UPDATE_PERSON form: unticked until the officer fills a field; the empty ones
 * are left out. */
function personBox() {
  const box = correction("UPDATE_PERSON", t("case.update_person"), Object.fromEntries(PERSON_FIELDS.map((f) => [f, ""])), PERSON_FIELDS);
  const tick = box.querySelector(".apply");
  tick.checked = false;
  box.addEventListener("input", (event) => { if (event.target !== tick) tick.checked = true; });
  // Folded until ticked: a plain case's decision stays in view without scrolling.
  box.classList.add("folded");
  tick.addEventListener("change", () => box.classList.toggle("folded", !tick.checked));
  return box;
}

function renderCorrections() {
  const list = [];
  if (chosen) {
    const proposed = differencesOf(chosen)?.corrections || [];
    list.push(...proposed.map(proposedBox));
    const merging = new Set(proposed.filter((c) => c.op === "MERGE_RECORD").map((c) => c.duplicate_citizen_id));
    // Other records proposed for merging with this one that hold none of the claimed doses.
    for (const m of detail.merge_proposals) {
      const other = m.citizen_id === chosen.citizen_id ? m.duplicate_citizen_id : m.duplicate_citizen_id === chosen.citizen_id ? m.citizen_id : null;
      if (!other || merging.has(other)) continue;
      const duplicate = detail.candidates.find((c) => c.citizen_id === other);
      const box = correction("MERGE_RECORD", t("case.merge", { id: duplicate ? recordName(duplicate) : other }), { duplicate_citizen_id: other }, []);
      box.querySelector(".apply").checked = false;
      list.push(box);
    }
    if (!proposed.some((c) => c.op === "UPDATE_PERSON")) list.push(personBox());
  } else list.push(correction("CREATE_RECORD", t("case.create_record"), {}, []));
  $("approve-record").textContent = chosen ? t("case.correcting", { id: recordName(chosen) }) : t("case.no_record");
  const ticked = list.filter((box) => box.querySelector(".apply")?.checked);
  $("corrections").replaceChildren(...(ticked.length ? [] : [el("p", {}, t("case.nothing_differs"))]), ...list);
}

function approval() {
  const corrections = [];
  for (const box of $("corrections").querySelectorAll("fieldset")) {
    for (const input of box.querySelectorAll("[data-key]")) input.removeAttribute("name");
    if (!box.querySelector(".apply").checked) continue;
    const item = { op: box.dataset.op };
    for (const input of box.querySelectorAll("[data-key]")) {
      const key = input.dataset.key;
      // A person's field left empty stays as it is.
      if (item.op === "UPDATE_PERSON" && !input.value.trim()) continue;
      input.name = `corrections[${corrections.length}].${key}`;
      item[key] = key === "dose_number" ? Number(input.value) : input.value.trim();
    }
    corrections.push(item);
  }
  const body = { corrections, ...said("approve"), expected_version: detail.version };
  if (chosen) body.citizen_id = chosen.citizen_id;
  return body;
}

// Another phone's open complaint of the same person and category: linked, with the duplicate
// action filled in, when its case is inside the officer's unit; otherwise only the fact.
function renderRepeat() {
  const repeat = detail.possible_repeat_of;
  $("repeat").hidden = !repeat;
  if (!repeat) return;
  const known = Boolean(repeat.tracking_code);
  $("repeat-text").replaceChildren(...(known
    ? [t("case.repeat_of"), " ", el("a", { href: `/console/cases/${repeat.case_id}`, className: "code" }, shownCode(repeat.tracking_code))]
    : [t("case.repeat_elsewhere")]));
  $("repeat-mark").hidden = !known || !OPEN.includes(detail.status);
}

/** Fills the duplicate action with the possible repeat's code, for the officer to confirm. */
function markRepeat() {
  $("of-code").value = shownCode(detail.possible_repeat_of.tracking_code);
  $("duplicate").closest("details").open = true;
  $("duplicate").querySelector("button[type=submit]").focus();
}

function renderEvidence() {
  $("evidence").replaceChildren(...(detail.evidence.length ? [] : [el("p", {}, t("none"))]));
  detail.evidence.forEach(async (e, i) => {
    // Each file beside its checks, in the order they came.
    const item = el("figure", { className: "evidence-item" });
    $("evidence").append(item);
    item.append(checksPanel(e.checks, detail.complaint.claimed_doses, reasons, suggestReason));
    const reply = await api(`/cases/${caseId}/evidence/${e.evidence_id}`, { raw: true });
    const url = URL.createObjectURL(await reply.blob());
    const name = t("case.evidence_n", { n: i + 1 });
    if (!e.content_type.startsWith("image/")) {
      item.prepend(el("a", { href: url, download: `${name}.pdf`, className: "button" }, `${name} (PDF)`));
      return;
    }
    const open = el("button", { type: "button" }, el("img", { src: url, alt: name }));
    open.setAttribute("aria-label", t("case.zoom", { name }));
    open.addEventListener("click", () => {
      $("zoom-img").src = url;
      $("zoom-img").alt = name;
      $("zoom-img").classList.remove("big");
      $("zoom").showModal();
    });
    item.prepend(open);
  });
}

/** A reason the checks suggest, chosen in the rejection form for the officer to confirm. */
function suggestReason(code) {
  $("reason").value = code;
  $("reject").closest("details").open = true;
  showAdvice();
  $("reason").focus();
}

function render() {
  if (!detail) return;
  $("loading").hidden = true;
  $("code").textContent = shownCode(detail.tracking_code);
  $("status").textContent = t(`status.${detail.status}`);
  $("due").textContent = `${t("case.due")} ${formatDate(detail.due_at)}`;
  const badge = dueBadge(detail);
  $("due-badge").hidden = !badge;
  if (badge) { $("due-badge").className = `badge ${badge[0]}`; $("due-badge").textContent = badge[1]; }
  $("warnings").replaceChildren(...detail.warnings.map((w) => el("li", { className: "badge warn" }, w.message)));
  renderRepeat();
  renderClaim();
  renderCandidates();
  $("decide").hidden = !workable();
  if (!$("decide").hidden) renderCorrections();
  showAdvice();
  renderHistory();
}

function renderHistory() {
  $("history").replaceChildren(el("thead", {}, el("tr", {}, ["case.at", "case.actor", "case.action", "case.note"].map((k) => el("th", { scope: "col" }, t(k))))),
    el("tbody", {}, historyRows(detail.history, names)));
}

function showAdvice() {
  const reason = reasons.find((r) => r.code === $("reason").value);
  $("advice").hidden = !reason;
  $("advice").textContent = reason ? t("case.advice", { advice: reason.citizen_advice }) : "";
}

async function load() {
  detail = await api(`/cases/${caseId}`);
  // The record the API proposes correcting, if one stands out.
  chosen = detail.candidates.find((c) => c.citizen_id === detail.proposed_citizen_id) || null;
  render();
  renderEvidence();
  nameAddress(detail.complaint.citizen.address);
}

/** A decision's internal note and its message to the citizen, from form `formId`. */
const said = (formId) => ({
  note: $(`${formId}-note`).value.trim(),
  citizen_message: $(`${formId}-message`).value.trim(),
});

/** Opens the queue's next case, or goes back to the queue when none is left. */
async function openNext() {
  const next = await nextCase(detail);
  location.assign(next ? caseHref(next.case_id) : queueHref());
}

function decision(formId, path, body) {
  $(formId).addEventListener("submit", async (event) => {
    event.preventDefault();
    const andNext = Boolean(event.submitter?.dataset.next);
    const reply = await submitting($(formId), () => api(`/cases/${caseId}/${path}`, { body: { expected_version: detail.version, ...body() } }));
    if (!reply) return;
    $("decided").hidden = false;
    $("decided").textContent = t("case.decided", { status: t(`status.${reply.status}`) });
    if (andNext) {
      await openNext();
      return;
    }
    await load();
    $("decided").focus();
  });
}

/** A: approve and open the next case; R: the rejection form; N: the next case undecided. */
function shortcut(event) {
  if (event.target.closest("input, select, textarea, dialog") || event.ctrlKey || event.metaKey || event.altKey) return;
  const key = event.key.toLowerCase();
  if (key === "n") openNext();
  if (!detail || $("decide").hidden) return;
  if (key === "a") $("approve").requestSubmit($("approve-next"));
  if (key === "r") {
    $("reject").closest("details").open = true;
    $("reason").focus();
  }
}

async function setUp() {
  reasons = await rejectionReasons();
  fillSelect($("reason"), reasons.map((r) => [r.code, r.title]));
  const units = await unitsBelow(sessionStorage.getItem("unit")).catch(() => []);
  fillSelect($("reassign-unit"), units.map((u) => [u.code, `${u.code} ${u.name}`]));
  districtNames = await unitNames(province()).catch(() => new Map());
  names.unit = new Map([...districtNames, ...units.map((u) => [u.code, u.name])]);
  names.reason = new Map(reasons.map((r) => [r.code, r.title]));
  names.vaccine = new Map((await vaccines().catch(() => [])).map((v) => [v.code, v.name]));
  await load();
  const districts = new Set([detail.complaint.citizen.address.district_code, ...detail.candidates.map((c) => c.district_code)]);
  for (const district of districts) {
    if (!district) continue;
    for (const f of await facilities(district).catch(() => [])) names.facility.set(f.code, f.name);
  }
  // The corrections the officer may be editing stay as they are.
  renderClaim();
  renderCandidates();
  renderHistory();
}

addStrings(HISTORY_STRINGS);
if (startConsole(STRINGS, render)) {
  decision("approve", "approve", approval);
  decision("reject", "reject", () => ({ reason_code: $("reason").value, ...said("reject") }));
  decision("request-info", "request-info", () => ({ message: $("info-message").value.trim() }));
  decision("reassign", "reassign", () => ({ unit_code: $("reassign-unit").value, note: $("reassign-note").value.trim() }));
  decision("duplicate", "duplicate", () => ({ of_tracking_code: $("of-code").value.trim() }));
  $("repeat-mark").addEventListener("click", markRepeat);
  $("back").href = queueHref();
  $("skip").addEventListener("click", openNext);
  addEventListener("keydown", shortcut);
  $("reason").addEventListener("change", showAdvice);
  $("zoom-close").addEventListener("click", () => $("zoom").close());
  $("zoom-img").addEventListener("click", () => $("zoom-img").classList.toggle("big"));
  setUp();
}
