// What every console page shares: the signed-in officer, the navigation, and going back to
// the login page when the token is missing, expired or must first change its password.
import { ApiError, errorText, session } from "/static/api.js";
import { start, t } from "/static/i18n.js";

export const ADMINS = ["PROVINCE_ADMIN", "DISTRICT_ADMIN"];
export const PROVINCE = ["PROVINCE_ADMIN", "PROVINCE_OFFICER"];

export function toLogin(reason = "") {
  session.clear();
  const next = encodeURIComponent(location.pathname + location.search);
  location.assign(`/console/login?next=${next}${reason ? `&why=${reason}` : ""}`);
}

/** Starts a console page: translations, navigation, and a login first if needed. */
export function startConsole(strings, rerender) {
  start(strings, () => { showWho(); rerender?.(); });
  if (!session.token) {
    toLogin();
    return false;
  }
  document.querySelector("[data-signed-in]").hidden = false;
  document.querySelector("[data-admin]").hidden = !ADMINS.includes(session.role);
  // A facility's officers work on its re-checks only.
  for (const item of document.querySelectorAll("[data-teams]")) item.hidden = session.role === "FACILITY_OFFICER";
  document.getElementById("logout").addEventListener("click", () => {
    session.clear();
    location.assign("/console/login");
  });
  showWho();
  addEventListener("unhandledrejection", (event) => {
    if (!(event.reason instanceof ApiError)) return;
    event.preventDefault();
    if (!expired(event.reason)) showProblem(errorText(event.reason));
  });
  return true;
}

/** A failure no form answers for (a list that did not load), above the page's content. */
function showProblem(message) {
  let box = document.getElementById("problem");
  if (!box) {
    box = Object.assign(document.createElement("p"), { id: "problem", className: "form-error" });
    box.setAttribute("role", "alert");
    document.querySelector("main").prepend(box);
  }
  box.textContent = t("failed", { message });
}

function showWho() {
  const who = document.getElementById("who");
  if (who && session.username) who.textContent = `${session.username} · ${t(`role.${session.role}`)} ${session.unit}`;
}

/** Sends the officer to log in again when the API says the session is over. */
export function expired(error) {
  if (!(error instanceof ApiError)) return false;
  if (error.status === 401) toLogin("expired");
  else if (error.reason === "PASSWORD_CHANGE_REQUIRED") toLogin("change");
  else return false;
  return true;
}

/** The first page of an officer after logging in. */
export const homeOf = (role) => (role === "FACILITY_OFFICER" ? "/console/rechecks" : "/console");

export function dueBadge(item) {
  if (item.overdue) return ["bad", t("overdue")];
  if (item.at_risk) return ["warn", t("atRisk")];
  return null;
}
