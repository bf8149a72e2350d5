// The officer's queue: cases inside the unit, oldest deadline first, with deadline badges,
// filters, keyset paging (N and P keys) and bulk decisions on the selected cases. The filters
// and the page live in the address, and each case opened carries them (queue-context.js).
import { api, el, fillSelect, session, shownCode, submitting } from "/static/api.js";
import { formatDate, known, t } from "/static/i18n.js";
import { dueBadge, homeOf, startConsole } from "/static/console.js";
import { province, rejectionReasons, unitsBelow } from "/static/reference.js";
import { STRINGS } from "/static/queue-strings.js";
import { caseHref, queueHref, queueParams } from "/static/queue-context.js";

const $ = (id) => document.getElementById(id);
const STATUSES = ["ASSIGNED", "IN_REVIEW", "NEEDS_INFO", "RESOLVED", "REJECTED", "DUPLICATE"];
// ?page_size= in the address shows more or fewer cases a page.
const PAGE_SIZE = Number(new URLSearchParams(location.search).get("page_size")) || 25;
// The token of each page seen, for going back; the address holds the page shown.
let tokens = [""];
let cases = [];
let unitName = new Map(); // the names of the units the cases may lie in
let nextToken = "";
let counts = null; // the queue's cases on every page
const selected = new Set();

function query() {
  const params = new URLSearchParams({ page_size: PAGE_SIZE, page_token: tokens.at(-1) });
  if ($("f-status").value) params.set("status", $("f-status").value);
  if ($("f-unit").value) params.set("unit_code", $("f-unit").value);
  if ($("f-overdue").checked) params.set("overdue", "true");
  if ($("f-evidence-agrees").checked) params.set("evidence_agrees", "true");
  if ($("f-q").value.trim()) params.set("q", $("f-q").value.trim());
  return params;
}

/** The filters and page as the address gave them (a case page's way back, a bookmark). */
function fromAddress() {
  const given = queueParams();
  $("f-status").value = given.get("status") || "";
  $("f-unit").value = given.get("unit_code") || "";
  $("f-overdue").checked = given.get("overdue") === "true";
  $("f-evidence-agrees").checked = given.get("evidence_agrees") === "true";
  $("f-q").value = given.get("q") || "";
  const token = given.get("page_token") || "";
  tokens = token ? ["", token] : [""];
}

async function load() {
  // What is shown is what the address says: going back from a case finds it again (the page
  // size only when the address chose it).
  const shown = queueParams(`?${query()}`);
  if (!new URLSearchParams(location.search).has("page_size")) shown.delete("page_size");
  history.replaceState(null, "", queueHref(shown));
  const reply = await api(`/cases?${query()}`);
  cases = reply.cases;
  counts = reply.counts;
  nextToken = reply.next_page_token || "";
  render();
}

function render() {
  $("cases").tBodies[0].replaceChildren(...cases.map((c) => {
    const badge = dueBadge(c);
    const box = el("input", { type: "checkbox", checked: selected.has(c.case_id) });
    box.setAttribute("aria-label", t("queue.select", { code: shownCode(c.tracking_code) }));
    box.addEventListener("change", () => {
      if (box.checked) selected.add(c.case_id); else selected.delete(c.case_id);
      showSelected();
    });
    return el("tr", {},
      el("td", {}, box),
      el("td", {}, el("a", { href: caseHref(c.case_id, queueParams(`?${query()}`)) }, shownCode(c.tracking_code))),
      el("td", {}, c.citizen_name, " ", c.one_strong_match ? el("span", { className: "badge ok" }, t("queue.one_match")) : null),
      el("td", {}, t(`status.${c.status}`)),
      el("td", {}, t(`category.${c.category}`)),
      el("td", {}, unitName.get(c.unit_code) || c.unit_code),
      el("td", {}, formatDate(c.due_at), " ", daysLeft(c), " ", badge && el("span", { className: `badge ${badge[0]}` }, badge[1])));
  }));
  $("empty").hidden = cases.length > 0;
  $("counts").replaceChildren(...(counts ? [["total", ""], ["overdue", "bad"], ["due_today", "warn"]] : [])
    .map(([key, kind]) => el("p", { className: `stat ${kind}` },
      el("span", { className: "n" }, String(counts[key])), el("span", { className: "l" }, t(`queue.count.${key}`)))));
  $("prev").disabled = tokens.length === 1;
  $("next").disabled = !nextToken;
  $("page-no").textContent = t("queue.page", { n: tokens.length });
  labelSelects();
  showSelected();
}

const DAY = 24 * 3600 * 1000;

/** Days left to an open case's deadline, or past it. */
function daysLeft(c) {
  if (!["RECEIVED", "ASSIGNED", "IN_REVIEW", "NEEDS_INFO"].includes(c.status)) return "";
  const days = Math.ceil((Date.parse(c.due_at) - Date.now()) / DAY);
  const text = days < 0 ? t("queue.days_past", { n: -days }) : days === 0 ? t("queue.due_today") : t("queue.days_left", { n: days });
  return el("span", { className: "hint" }, `(${text})`);
}

function showSelected() {
  $("bulk").hidden = selected.size === 0 && !$("bulk-results").childElementCount;
  $("selected").textContent = selected.size ? t("queue.n_selected", { n: selected.size }) : t("queue.none_selected");
  $("select-all").checked = cases.length > 0 && cases.every((c) => selected.has(c.case_id));
}

async function labelSelects() {
  fillSelect($("f-status"), STATUSES.map((s) => [s, t(`status.${s}`)]), t("queue.open"));
  fillSelect($("bulk-action"), [["REJECT", t("queue.reject")], ["APPROVE_AS_CLAIMED", t("queue.approve_as_claimed")]]);
  $("bulk-reason-field").hidden = $("bulk-action").value !== "REJECT";
}

async function page(step) {
  if (step > 0 && nextToken) tokens.push(nextToken);
  else if (step < 0 && tokens.length > 1) tokens.pop();
  else return;
  await load();
  $("cases").querySelector("a")?.focus();
}

async function bulk(event) {
  event.preventDefault();
  const body = { case_ids: [...selected], action: $("bulk-action").value, reason_code: $("bulk-reason").value };
  const reply = await submitting($("bulk"), () => api("/cases:bulk", { body }));
  if (!reply) return;
  const codes = new Map(cases.map((c) => [c.case_id, shownCode(c.tracking_code)]));
  // A refusal the page can say in its language, else as the service wrote it.
  const outcome = (r) => (r.ok ? t("queue.done") : (r.reason && known(`reason.${r.reason}`)) || r.error);
  $("bulk-results").replaceChildren(...reply.results.map((r) =>
    el("li", {}, `${codes.get(r.case_id) || r.case_id}: ${outcome(r)}`)));
  selected.clear();
  await load();
}

async function setUp() {
  const unit = session.unit;
  const below = /^\d+$/.test(unit) ? await unitsBelow(unit).catch(() => []) : [];
  const above = /^\d+$/.test(unit) ? await unitsBelow(province()).catch(() => []) : [];
  unitName = new Map([...above, ...below].map((u) => [u.code, u.name]));
  fillSelect($("f-unit"), [[unit, unitName.get(unit) || unit], ...below.map((u) => [u.code, u.name])], t("queue.all_units"));
  fillSelect($("bulk-reason"), (await rejectionReasons()).map((r) => [r.code, r.title]));
  await labelSelects();
  fromAddress();
  await load();
}

// A facility's officer has no queue to read: its work is its re-checks.
if (session.role === "FACILITY_OFFICER") location.replace(homeOf(session.role));
else if (startConsole(STRINGS, render)) {
  $("filters").addEventListener("submit", (event) => { event.preventDefault(); tokens = [""]; load(); });
  $("bulk").addEventListener("submit", bulk);
  $("bulk-action").addEventListener("change", () => { $("bulk-reason-field").hidden = $("bulk-action").value !== "REJECT"; });
  $("select-all").addEventListener("change", () => {
    for (const c of cases) if ($("select-all").checked) selected.add(c.case_id); else selected.delete(c.case_id);
    render();
  });
  $("next").addEventListener("click", () => page(1));
  $("prev").addEventListener("click", () => page(-1));
  addEventListener("keydown", (event) => {
    if (event.target.closest("input, select, textarea") || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === "n" || event.key === "N") page(1);
    if (event.key === "p" || event.key === "P") page(-1);
  });
  setUp();
}
