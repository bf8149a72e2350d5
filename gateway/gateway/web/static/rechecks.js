// Re-checks: a facility officer reads each corrected dose of its facility before and after,
// with the citizen and the complaint's evidence, and confirms or flags it; the teams follow
// those of the cases inside their unit.
import { api, el, fillSelect, listPage, session, shownCode, submitting } from "/static/api.js";
import { formatDate, t } from "/static/i18n.js";
import { dueBadge, startConsole } from "/static/console.js";
import { STRINGS } from "/static/rechecks-strings.js";

const $ = (id) => document.getElementById(id);
const STATUSES = ["PENDING", "CONFIRMED", "FLAGGED"];
const DOSE_FIELDS = ["vaccinated_on", "vaccine_code", "lot_number", "facility_code"];

const doseValue = (values, field) => (values ? (field === "vaccinated_on" ? formatDate(values[field]) : values[field]) : "") || "";

/** Each changed dose, field by field, before and after; a changed field marked. */
function changesTable(changes) {
  const head = el("tr", {}, ["rechecks.dose", "rechecks.field", "rechecks.before", "rechecks.after"].map((k) => el("th", { scope: "col" }, t(k))));
  const rows = changes.flatMap((c) => DOSE_FIELDS.map((f, i) => {
    const changed = !c.before || c.before[f] !== c.after?.[f];
    return el("tr", {},
      i === 0 ? el("th", { scope: "rowgroup", rowSpan: DOSE_FIELDS.length }, `${c.dose_number} · ${t(`rechecks.${c.op}`)}`) : null,
      el("td", {}, t(`rechecks.${f}`)),
      el("td", {}, c.before ? doseValue(c.before, f) : "—"),
      el("td", { className: changed ? "differs" : "" }, doseValue(c.after, f)));
  }));
  return el("div", { className: "scroll" }, el("table", { className: "changes" }, el("thead", {}, head), el("tbody", {}, rows)));
}

/** The complaint's evidence, fetched when the officer asks for it. */
function evidenceButton(r) {
  const shown = el("div", { className: "thumbs" });
  const open = el("button", { type: "button" }, t("rechecks.evidence"));
  open.addEventListener("click", async () => {
    open.disabled = true;
    const detail = await api(`/rechecks/${r.recheck_id}`);
    shown.replaceChildren(...(detail.evidence.length ? [] : [el("p", {}, t("rechecks.no_evidence"))]));
    for (const [i, e] of detail.evidence.entries()) {
      const reply = await api(`/rechecks/${r.recheck_id}/evidence/${e.evidence_id}`, { raw: true });
      const url = URL.createObjectURL(await reply.blob());
      const name = t("rechecks.evidence_n", { n: i + 1 });
      shown.append(e.content_type.startsWith("image/")
        ? el("a", { href: url, target: "_blank" }, el("img", { src: url, alt: name }))
        : el("a", { href: url, download: `${name}.pdf`, className: "button" }, `${name} (PDF)`));
    }
  });
  return [el("div", { className: "actions" }, open), shown];
}
let items = [];
let nextToken = "";

function card(r) {
  const badge = dueBadge(r);
  const citizen = r.citizen ? [
    el("dt", {}, t("rechecks.citizen")), el("dd", {}, r.citizen.full_name),
    el("dt", {}, t("rechecks.dob")), el("dd", {}, formatDate(r.citizen.date_of_birth)),
    r.citizen.national_id_last4 ? [el("dt", {}, t("rechecks.national_id")), el("dd", {}, `…${r.citizen.national_id_last4}`)] : [],
  ] : [];
  const form = el("form", { className: "card recheck", noValidate: true },
    el("h2", {}, session.role === "FACILITY_OFFICER" ? shownCode(r.tracking_code) : el("a", { href: `/console/cases/${r.case_id}` }, shownCode(r.tracking_code)), " ",
      el("span", { className: `badge ${r.status === "FLAGGED" ? "bad" : r.status === "CONFIRMED" ? "ok" : "warn"}` }, t(`rechecks.${r.status}`)),
      badge && r.status === "PENDING" ? [" ", el("span", { className: `badge ${badge[0]}` }, badge[1])] : null),
    el("dl", { className: "facts" }, citizen,
      el("dt", {}, t("rechecks.facility")), el("dd", {}, r.facility_code),
      el("dt", {}, t("rechecks.created")), el("dd", {}, formatDate(r.created_at)),
      el("dt", {}, t("rechecks.due")), el("dd", {}, formatDate(r.due_at)),
      r.note ? [el("dt", {}, t("rechecks.note")), el("dd", {}, r.note)] : []),
    r.changes.length ? changesTable(r.changes) : null,
    ...evidenceButton(r));
  if (r.status === "PENDING" && session.role === "FACILITY_OFFICER") {
    const id = `note-${r.recheck_id}`;
    const confirm = el("button", { type: "submit", className: "primary", value: "CONFIRMED" }, t("rechecks.confirm"));
    const flag = el("button", { type: "submit", className: "danger", value: "FLAGGED" }, t("rechecks.flag"));
    form.append(el("div", { className: "field" }, el("label", { htmlFor: id }, t("rechecks.note_label")),
      el("textarea", { id, name: "note" })), el("div", { className: "actions" }, confirm, flag));
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const body = { result: event.submitter.value, note: form.elements.note.value.trim() };
      if (await submitting(form, () => api(`/rechecks/${r.recheck_id}`, { body }))) load();
    });
  }
  return form;
}

function render() {
  fillSelect($("r-status"), STATUSES.map((s) => [s, t(`rechecks.${s}`)]), t("rechecks.all"));
  $("list").replaceChildren(...(items.length ? items.map(card) : [el("p", {}, t("rechecks.empty"))]));
  $("more").hidden = !nextToken;
}

async function load(more = false) {
  const params = new URLSearchParams({ page_size: 50 });
  if ($("r-status").value) params.set("status", $("r-status").value);
  [items, nextToken] = await listPage("/rechecks", params, "rechecks", items, more ? nextToken : "");
  render();
}

if (startConsole(STRINGS, render)) {
  render();
  $("r-status").value = "PENDING";
  $("filter").addEventListener("submit", (event) => { event.preventDefault(); load(); });
  $("more").addEventListener("click", () => load(true));
  load();
}
