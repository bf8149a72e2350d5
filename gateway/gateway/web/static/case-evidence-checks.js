// An evidence file's checks beside it on the case page: how sharp it is, what kind of paper,
// each field read beside the claim; a check that fails suggests the matching rejection reason,
// which the officer may pick (nothing is decided for them).
import { el } from "/static/api.js";
import { addStrings, t } from "/static/i18n.js";
import { CHECK_STRINGS } from "/static/case-checks-strings.js";

addStrings(CHECK_STRINGS);

// A printed dose field that differs from the claim, and the reason that names it.
const DOSE_REASONS = { vaccinated_on: "DATE_MISMATCH", vaccine_code: "VACCINE_MISMATCH", lot_number: "DOSE_MISMATCH" };

/** The rejection reasons the checks point to, most telling first. */
export function suggestedReasons(checks) {
  if (checks.blurry) return ["PHOTO_UNREADABLE"];
  if (checks.status !== "DONE") return [];
  if (checks.document_kind === "SCREENING_FORM") return ["SCREENING_FORM_ONLY"];
  const f = checks.fields;
  const read = [f.full_name.read, f.date_of_birth.read, ...f.doses.map((d) => d.dose_number)];
  if (checks.document_kind === "UNKNOWN" && read.every((v) => v === null)) return ["PERSONAL_PHOTO_ONLY"];
  const reasons = [];
  if (f.full_name.agrees === false) reasons.push("NAME_CONFLICT");
  if (f.date_of_birth.agrees === false) reasons.push("DOB_MISMATCH");
  for (const dose of f.doses) reasons.push(...dose.differing.map((field) => DOSE_REASONS[field]));
  return [...new Set(reasons)];
}

const verdict = (agrees) => (agrees === null
  ? el("span", { className: "badge" }, t("checks.unread"))
  : el("span", { className: `badge ${agrees ? "ok" : "bad"}` }, t(agrees ? "checks.yes" : "checks.no")));

const row = (label, read, claimed, agrees) => el("tr", { className: agrees === false ? "differs" : "" },
  el("th", { scope: "row" }, label), el("td", {}, read ?? "—"), el("td", {}, claimed ?? "—"), el("td", {}, verdict(agrees)));

function fieldsTable(fields, claimedDoses) {
  const claimed = new Map(claimedDoses.map((d) => [d.dose_number, d]));
  const doseText = (d) => [d.vaccinated_on, d.vaccine_code, d.lot_number].filter(Boolean).join(" · ") || null;
  return el("table", { className: "checks-fields" },
    el("thead", {}, el("tr", {}, ["checks.field", "checks.read", "checks.claimed", "checks.agrees"].map((k) => el("th", { scope: "col" }, t(k))))),
    el("tbody", {},
      row(t("checks.full_name"), fields.full_name.read, fields.full_name.claimed, fields.full_name.agrees),
      row(t("checks.date_of_birth"), fields.date_of_birth.read, fields.date_of_birth.claimed, fields.date_of_birth.agrees),
      ...fields.doses.map((d) => row(t("checks.dose", { n: d.dose_number }), doseText(d),
        claimed.has(d.dose_number) ? doseText(claimed.get(d.dose_number)) : null, d.agrees))));
}

/** The checks' panel; `suggest(code)` is called when the officer picks a suggested reason. */
export function checksPanel(checks, claimedDoses, reasons, suggest) {
  const panel = el("div", { className: "checks" }, el("h3", {}, t("checks.title")));
  if (checks.sharpness !== null) {
    const key = checks.blurry ? "checks.blurry" : "checks.sharp";
    panel.append(el("p", { className: `badge ${checks.blurry ? "bad" : "ok"}` }, t(key, { value: Math.round(checks.sharpness) })));
  }
  if (checks.status !== "DONE") panel.append(el("p", { className: "hint" }, t(`checks.${checks.status}`)));
  if (checks.document_kind) panel.append(el("p", { className: "checks-kind" }, t(`checks.kind.${checks.document_kind}`)));
  if (checks.fields) panel.append(fieldsTable(checks.fields, claimedDoses));
  const titles = new Map(reasons.map((r) => [r.code, r.title]));
  const suggested = suggestedReasons(checks).filter((code) => titles.has(code));
  for (const code of suggested) {
    const button = el("button", { type: "button", className: "suggest-reason" }, t("checks.suggest", { title: titles.get(code) }));
    button.dataset.reason = code;
    button.addEventListener("click", () => suggest(code));
    panel.append(button);
  }
  if (suggested.length) panel.append(el("p", { className: "hint" }, t("checks.suggest_hint")));
  return panel;
}
