// The dashboard: figures of a unit and period, the burn-down and per-unit charts (SVG drawn
// by reporting), the table per child unit, and the weekly reports with their status and
// downloads (the province sees every district; a district submits its own).
import { api, el, fillSelect, session, submitting } from "/static/api.js";
import { formatDate, lang, locale, t } from "/static/i18n.js";
import { PROVINCE, startConsole } from "/static/console.js";
import { unitsBelow } from "/static/reference.js";
import { STRINGS } from "/static/dashboard-strings.js";

const $ = (id) => document.getElementById(id);
const FIGURES = ["received", "pending", "overdue", "needs_info", "resolved", "rejected", "on_time_rate", "processing_hours_p50"];
const SENT = ["SUBMITTED", "LATE"];
let dashboard = null;
let summary = null; // the backlog against its deadline, the unit's and each unit's inside
let weekly = null;
const chartUrls = [];

function query() {
  const params = new URLSearchParams();
  for (const [name, id] of [["unit_code", "d-unit"], ["from", "d-from"], ["to", "d-to"]]) {
    if ($(id).value) params.set(name, $(id).value);
  }
  return params;
}

const number = (value) => (value === null || value === undefined ? "–" : value.toLocaleString(locale()));
function figure(name, value) {
  if (name === "on_time_rate") return value === null ? "–" : `${Math.round(value * 100)}%`;
  if (name === "processing_hours_p50") return value === null ? "–" : `${number(value)} h`;
  return number(value);
}

function render() {
  if (!dashboard) return;
  $("stats").replaceChildren(...FIGURES.map((f) => el("div", { className: "stat", id: `stat-${f}` },
    el("span", { className: "n" }, figure(f, dashboard[f])), el("span", { className: "l" }, t(`dash.${f}`)))));
  const columns = ["received", "pending", "overdue", "resolved", "rejected"];
  $("by-unit").replaceChildren(
    el("caption", { className: "hint" }, t("dash.table")),
    el("thead", {}, el("tr", {}, el("th", { scope: "col" }, t("dash.unit")), columns.map((c) => el("th", { scope: "col", className: "num" }, t(`dash.${c}`))))),
    el("tbody", {}, dashboard.by_unit.map((u) => el("tr", {}, el("th", { scope: "row" }, `${u.unit_name || u.unit_code}`),
      columns.map((c) => el("td", { className: "num" }, number(u[c])))))));
  $("burndown").alt = t("dash.burndown_alt", { open: dashboard.burndown.at(-1)?.open ?? 0, deadline: formatDate(dashboard.deadline) });
  $("units-chart").alt = t("dash.units_alt");
  renderBacklog();
  renderWeekly();
}

// The units most at risk first: no finish in sight, then the latest projected finish, then
// the most still open.
const finishKey = (b) => (b.open === 0 ? "" : b.projected_finish || "9999-12-31");
const byRisk = (a, b) => finishKey(b.backlog).localeCompare(finishKey(a.backlog)) || b.backlog.open - a.backlog.open;

function renderBacklog() {
  if (!summary?.backlog) return;
  const b = summary.backlog;
  const finish = b.projected_finish ? formatDate(b.projected_finish) : t("dash.no_finish");
  const cards = [["open", number(b.open)], ["deadline", formatDate(b.deadline)], ["days_left", number(b.days_left)],
    ["needed_per_day", number(b.needed_per_day)], ["rate_7d", number(b.rate_7d)], ["projected_finish", finish]];
  $("backlog").replaceChildren(...cards.map(([k, v]) => el("div", { className: `stat ${k === "projected_finish" ? (b.on_track ? "ok" : "bad") : ""}`, id: `backlog-${k}` },
    el("span", { className: "n" }, v), el("span", { className: "l" }, t(`dash.backlog.${k}`)))));
  const ranked = summary.by_unit.filter((u) => u.backlog).sort(byRisk);
  const worst = ranked.find((u) => u.backlog.open > 0 && !u.backlog.on_track);
  $("riskiest").hidden = !worst;
  if (worst) {
    $("riskiest").textContent = t("dash.riskiest", { unit: worst.unit_name || worst.unit_code,
      finish: worst.backlog.projected_finish ? formatDate(worst.backlog.projected_finish) : t("dash.no_finish") });
  }
  const columns = ["open", "needed_per_day", "rate_7d", "projected_finish"];
  $("risk").replaceChildren(
    el("caption", { className: "hint" }, t("dash.risk_table")),
    el("thead", {}, el("tr", {}, el("th", { scope: "col" }, t("dash.unit")), columns.map((c) => el("th", { scope: "col", className: "num" }, t(`dash.backlog.${c}`))),
      el("th", { scope: "col" }, t("dash.backlog.on_track")))),
    el("tbody", {}, ranked.map((u) => el("tr", {}, el("th", { scope: "row" }, u.unit_name || u.unit_code),
      columns.map((c) => el("td", { className: "num" }, c === "projected_finish"
        ? (u.backlog.projected_finish ? formatDate(u.backlog.projected_finish) : t("dash.no_finish")) : number(u.backlog[c]))),
      el("td", {}, el("span", { className: `badge ${u.backlog.on_track ? "ok" : "bad"}` }, t(u.backlog.on_track ? "dash.on_track" : "dash.behind")))))));
}

async function chart(img, path) {
  const params = query();
  params.set("lang", lang);
  const reply = await api(`/reports/charts/${path}?${params}`, { raw: true });
  const url = URL.createObjectURL(await reply.blob());
  chartUrls.push(url);
  img.src = url;
}

// The charts' words are drawn by reporting: they are fetched again at each language switch.
async function showCharts() {
  for (const url of chartUrls.splice(0)) URL.revokeObjectURL(url);
  await Promise.all([chart($("burndown"), "burndown.svg"), chart($("units-chart"), "districts.svg")]);
}

async function load() {
  const unit = new URLSearchParams();
  if ($("d-unit").value) unit.set("unit_code", $("d-unit").value);
  [dashboard, summary] = await Promise.all([api(`/reports/dashboard?${query()}`), api(`/reports/summary?${unit}`)]);
  render();
  await showCharts();
}

function isoWeek(day = new Date()) {
  const date = new Date(Date.UTC(day.getFullYear(), day.getMonth(), day.getDate()));
  const weekday = date.getUTCDay() || 7;
  date.setUTCDate(date.getUTCDate() + 4 - weekday);
  const start = new Date(Date.UTC(date.getUTCFullYear(), 0, 1));
  const week = Math.ceil(((date - start) / 86400000 + 1) / 7);
  return `${date.getUTCFullYear()}-W${String(week).padStart(2, "0")}`;
}

async function download(unit, week, format) {
  const params = new URLSearchParams({ unit_code: unit, week, format });
  const reply = await api(`/reports/weekly?${params}`, { raw: true });
  const link = el("a", { href: URL.createObjectURL(await reply.blob()), download: `bao-cao-${unit}-${week}.${format}` });
  document.body.append(link);
  link.click();
  link.remove();
}

function downloads(unit, week) {
  return ["csv", "xlsx"].map((format) => {
    const button = el("button", { type: "button" }, format.toUpperCase());
    button.setAttribute("aria-label", t("dash.download", { unit, format: format.toUpperCase() }));
    button.addEventListener("click", () => download(unit, week, format));
    return button;
  });
}

function renderWeekly() {
  if (!weekly) return;
  const badge = (status, late) => el("span", { className: `badge ${late || status === "LATE" ? "bad" : status === "SUBMITTED" ? "ok" : "warn"}` }, t(`dash.status.${status}`));
  $("week-deadline").textContent = t("dash.deadline", { deadline: formatDate(weekly.deadline) });
  if (weekly.districts) {
    $("weekly").replaceChildren(
      el("thead", {}, el("tr", {}, ["dash.district", "dash.report_status", "dash.submitted_at", "dash.files"].map((k) => el("th", { scope: "col" }, t(k))))),
      el("tbody", {}, weekly.districts.map((d) => el("tr", {}, el("th", { scope: "row" }, d.unit_name || d.unit_code),
        el("td", {}, badge(d.status, d.late)), el("td", {}, SENT.includes(d.status) ? formatDate(d.submitted_at) : ""),
        el("td", {}, d.status === "MISSING" ? null : el("div", { className: "actions" }, downloads(d.unit_code, weekly.week)))))));
    return;
  }
  const submit = el("button", { type: "button", className: "primary" }, t("dash.submit"));
  submit.hidden = weekly.status !== "DRAFT";
  submit.addEventListener("click", async () => {
    const form = $("week-form");
    const reply = await submitting(form, () => api(`/reports/weekly/${weekly.unit_code}/${weekly.week}/submit`, { body: { note: "" } }));
    if (reply) { weekly = reply; renderWeekly(); }
  });
  $("weekly").replaceChildren(el("tbody", {}, el("tr", {}, el("th", { scope: "row" }, weekly.unit_code),
    el("td", {}, badge(weekly.status, false)), el("td", {}, number(weekly.totals.received)),
    el("td", {}, el("div", { className: "actions" }, downloads(weekly.unit_code, weekly.week), submit)))));
}

async function loadWeek() {
  const week = $("d-week").value.trim() || isoWeek();
  $("d-week").value = week;
  const reply = await submitting($("week-form"), () => (PROVINCE.includes(session.role)
    ? api(`/reports/weekly-status?week=${encodeURIComponent(week)}`)
    : api(`/reports/weekly?${new URLSearchParams({ unit_code: session.unit, week })}`)));
  weekly = reply || null;
  $("week-note").textContent = weekly ? "" : t("dash.no_weekly");
  renderWeekly();
}

async function setUp() {
  const unit = session.unit;
  const below = /^\d+$/.test(unit) ? await unitsBelow(unit).catch(() => []) : [];
  fillSelect($("d-unit"), below.map((u) => [u.code, `${u.code} ${u.name}`]), t("dash.mine", { unit }));
  // Weekly reports are the districts' (sent by their teams) and the province's to follow.
  const weeklyShown = PROVINCE.includes(session.role) || session.role.startsWith("DISTRICT_");
  $("weekly-title").parentElement.hidden = !weeklyShown;
  await Promise.all([load(), weeklyShown && loadWeek()]);
}

if (startConsole(STRINGS, () => { render(); if (dashboard) showCharts(); })) {
  $("period").addEventListener("submit", (event) => { event.preventDefault(); load(); });
  $("week-form").addEventListener("submit", (event) => { event.preventDefault(); loadWeek(); });
  setUp();
}
