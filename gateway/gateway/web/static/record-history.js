// The case page's section on the chosen candidate record's own history
// (GET /registry/citizens/{id}/history): when, by whom, through what (a case, a merge, a
// re-import) and what changed. It follows the candidate ticked on the page by itself (the
// radios named "candidate"), so the case page's script needs no word of it.
import { api, el } from "/static/api.js";
import { addStrings, formatDate, t } from "/static/i18n.js";
import { STRINGS } from "/static/record-history-strings.js";

addStrings(STRINGS);
const section = document.getElementById("record-history");
let shown = null; // the citizen id shown
let entries = []; // null: not readable

const picked = () => document.querySelector('input[name="candidate"]:checked')?.value || null;

async function follow() {
  const id = picked();
  if (id === shown) return;
  shown = id;
  if (!id) {
    section.hidden = true;
    return;
  }
  try {
    entries = (await api(`/registry/citizens/${encodeURIComponent(id)}/history`)).entries;
  } catch {
    entries = null;
  }
  if (shown === id) render();
}

/** What an entry changed, in words: the person's fields, the doses, the certificate. */
function changes(before, after) {
  if (!before) return t("recordHistory.created");
  const said = [];
  const fields = Object.keys(after.person).filter((k) => before.person[k] !== after.person[k]);
  if (fields.length) said.push(t("recordHistory.person", { fields: fields.join(", ") }));
  if (JSON.stringify(before.doses) !== JSON.stringify(after.doses)) said.push(t("recordHistory.doses"));
  if (before.certificate?.level !== after.certificate?.level) said.push(t("recordHistory.certificate"));
  return said.join("; ");
}

async function download() {
  const reply = await api(`/registry/citizens/${encodeURIComponent(shown)}/history?format=csv`, { raw: true });
  const link = el("a", { href: URL.createObjectURL(await reply.blob()), download: "registry-history.csv" });
  link.click();
  URL.revokeObjectURL(link.href);
}

function render() {
  section.hidden = false;
  const title = el("h2", { id: "record-history-title" }, t("recordHistory.title"));
  if (entries === null) return section.replaceChildren(title, el("p", {}, t("recordHistory.unavailable")));
  if (!entries.length) return section.replaceChildren(title, el("p", {}, t("recordHistory.none")));
  const head = ["at", "actor", "source", "changed"].map((k) => el("th", { scope: "col" }, t(`recordHistory.${k}`)));
  const rows = entries.map((e) => el("tr", {},
    el("td", {}, formatDate(e.at)), el("td", {}, e.actor),
    el("td", {}, t(`recordHistory.source.${e.source}`)), el("td", {}, changes(e.before, e.after))));
  const button = el("button", { type: "button" }, t("recordHistory.download"));
  button.addEventListener("click", download);
  section.replaceChildren(title, el("div", { className: "scroll" },
    el("table", { id: "record-history-table" }, el("thead", {}, el("tr", {}, head)), el("tbody", {}, rows))),
  el("div", { className: "actions" }, button));
}

document.addEventListener("change", (event) => {
  if (event.target.name === "candidate") follow();
});
// The candidates are drawn once the case is loaded, one of them ticked already.
new MutationObserver(follow).observe(document.getElementById("candidates"), { childList: true, subtree: true });
document.getElementById("lang")?.addEventListener("click", () => shown && render());
