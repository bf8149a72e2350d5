// Admins' accounts: create (the generated password shown once), disable, enable, reset.
import { api, el, errorText, fillSelect, listPage, session, submitting } from "/static/api.js";
import { t } from "/static/i18n.js";
import { startConsole } from "/static/console.js";
import { STRINGS } from "/static/accounts-strings.js";

const $ = (id) => document.getElementById(id);
// What each admin may create (docs/http-api.md, "Officers: login and accounts").
const CREATES = {
  PROVINCE_ADMIN: ["PROVINCE_ADMIN", "PROVINCE_OFFICER", "DISTRICT_ADMIN", "DISTRICT_OFFICER", "COMMUNE_OFFICER", "FACILITY_OFFICER"],
  DISTRICT_ADMIN: ["DISTRICT_OFFICER", "COMMUNE_OFFICER", "FACILITY_OFFICER"],
};
let accounts = [];
let nextToken = "";

function state(a) {
  return [a.disabled && "accounts.disabled", a.must_change_password && "accounts.must_change",
    a.totp_enabled && "accounts.totp"]
    .filter(Boolean).map((k) => el("span", { className: "badge" }, t(k))).concat(a.disabled ? [] : [" "]);
}

function act(label, path, a, after) {
  const button = el("button", { type: "button" }, t(label));
  button.setAttribute("aria-label", `${t(label)} ${a.username}`);
  button.addEventListener("click", async () => {
    button.disabled = true;
    try {
      after(await api(`/accounts/${encodeURIComponent(a.username)}/${path}`, { body: {} }));
    } catch (error) {
      alert(t("failed", { message: errorText(error) }));
    } finally {
      button.disabled = false;
    }
  });
  return button;
}

function render() {
  fillSelect($("a-role"), (CREATES[session.role] || []).map((r) => [r, t(`role.${r}`)]));
  $("accounts").tBodies[0].replaceChildren(...accounts.map((a) => el("tr", {},
    el("td", {}, a.username), el("td", {}, t(`role.${a.role}`)), el("td", {}, a.unit_code), el("td", {}, state(a)),
    el("td", {}, a.username === session.username ? null : el("div", { className: "actions" },
      a.disabled ? act("accounts.enable", "enable", a, () => load()) : act("accounts.disable", "disable", a, () => load()),
      act("accounts.reset", "reset-password", a, (reply) => { showPassword(reply); load(); }))))));
  $("more").hidden = !nextToken;
}

function showPassword(reply) {
  $("created").hidden = false;
  $("created").textContent = t("accounts.password_once", { username: reply.username, password: reply.initial_password });
}

async function load(more = false) {
  const params = new URLSearchParams({ page_size: 100 });
  [accounts, nextToken] = await listPage("/accounts", params, "accounts", accounts, more ? nextToken : "");
  render();
}

if (startConsole(STRINGS, render)) {
  $("create").addEventListener("submit", async (event) => {
    event.preventDefault();
    const form = $("create");
    const body = { username: $("a-username").value.trim(), role: $("a-role").value, unit_code: $("a-unit").value.trim() };
    if ($("a-password").value) body.initial_password = $("a-password").value;
    const reply = await submitting(form, () => api("/accounts", { body }));
    if (!reply) return;
    form.reset();
    showPassword(reply);
    load();
  });
  $("more").addEventListener("click", () => load(true));
  render();
  load();
}
