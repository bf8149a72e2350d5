// Re-checks: a facility officer confirms or flags each corrected dose of its facility; the
// teams follow those of the cases inside their unit.
import { api, el, fillSelect, listPage, session, shownCode, submitting } from "/static/api.js";
import { formatDate, t } from "/static/i18n.js";
import { startConsole } from "/static/console.js";
import { STRINGS } from "/static/rechecks-strings.js";

const $ = (id) => document.getElementById(id);
const STATUSES = ["PENDING", "CONFIRMED", "FLAGGED"];
let items = [];
let nextToken = "";

function card(r) {
  const form = el("form", { className: "card", noValidate: true },
    el("h2", {}, el("a", { href: `/console/cases/${r.case_id}` }, shownCode(r.tracking_code)), " ",
      el("span", { className: `badge ${r.status === "FLAGGED" ? "bad" : r.status === "CONFIRMED" ? "ok" : "warn"}` }, t(`rechecks.${r.status}`))),
    el("dl", { className: "facts" },
      el("dt", {}, t("rechecks.facility")), el("dd", {}, r.facility_code),
      el("dt", {}, t("rechecks.created")), el("dd", {}, formatDate(r.created_at)),
      r.note ? [el("dt", {}, t("rechecks.note")), el("dd", {}, r.note)] : []));
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
