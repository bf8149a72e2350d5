// The citizen's status page: tracking code and phone, then what happened in plain words and
// what to do next. The phone never goes into the page's address.
import { api, submitting } from "/static/api.js";
import { formatDate, start, t } from "/static/i18n.js";
import { STRINGS } from "/static/status-strings.js";

const $ = (id) => document.getElementById(id);
const BADGE = { RESOLVED: "ok", REJECTED: "bad", NEEDS_INFO: "warn", DUPLICATE: "warn" };
let shown = null;

function render(s) {
  shown = s;
  const vars = { due: formatDate(s.due_at), message: s.outcome?.message || "" };
  $("r-code").textContent = s.tracking_code;
  $("r-badge").textContent = t(`status.${s.status}`);
  $("r-badge").className = `badge ${BADGE[s.status] || ""}`;
  $("r-explain").textContent = t(`status.explain.${s.status}`, vars);
  $("r-next").textContent = t(`status.next.${s.status}`, vars);
  const advice = s.outcome?.message;
  $("r-advice").hidden = !advice;
  $("r-advice").textContent = advice ? t(`status.said.${s.outcome.kind}`, vars) : "";
  $("r-level").hidden = !s.certificate_level;
  $("r-level-name").textContent = s.certificate_level ? t(`level.${s.certificate_level}`) : "";
  $("r-category").textContent = t(`category.${s.category}`);
  $("r-submitted").textContent = formatDate(s.submitted_at);
  $("r-due").textContent = formatDate(s.due_at);
  $("result").hidden = false;
  $("supplement").hidden = s.status !== "NEEDS_INFO";
}

async function lookUp(event) {
  event?.preventDefault();
  const code = $("code").value.trim().toUpperCase();
  const phone = $("phone").value.trim();
  const form = $("lookup");
  const reply = await submitting(form, () =>
    api(`/complaints/${encodeURIComponent(code)}?phone=${encodeURIComponent(phone)}`));
  if (!reply) {
    $("result").hidden = true;
    return;
  }
  render(reply);
  $("result").focus();
}

async function supplement(event) {
  event.preventDefault();
  const form = $("supplement");
  const body = { phone: $("phone").value.trim(), description: $("more").value.trim(), claimed_doses: [] };
  const reply = await submitting(form, () =>
    api(`/complaints/${encodeURIComponent(shown.tracking_code)}/supplement`, { body }));
  if (reply) {
    $("supplement-done").textContent = t("status.sent_more");
    await lookUp();
  }
}

start(STRINGS, () => shown && render(shown));
$("lookup").addEventListener("submit", lookUp);
$("supplement").addEventListener("submit", supplement);
const code = new URLSearchParams(location.search).get("ma");
if (code) {
  $("code").value = code;
  $("phone").focus();
}
