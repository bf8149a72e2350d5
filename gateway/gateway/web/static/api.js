// The gateway's API from the pages: JSON in and out, the officer's bearer token from
// sessionStorage, and the contract's error body turned into messages beside form fields.
import { known, t } from "/static/i18n.js";

export class ApiError extends Error {
  constructor(status, error) {
    super(error.message || `HTTP ${status}`);
    this.status = status;
    this.code = error.code || "";
    this.reason = error.reason || "";
    this.violations = error.field_violations || [];
  }
}

export const session = {
  get token() { return sessionStorage.getItem("token"); },
  get role() { return sessionStorage.getItem("role") || ""; },
  get unit() { return sessionStorage.getItem("unit") || ""; },
  get username() { return sessionStorage.getItem("username") || ""; },
  save(login, username) {
    sessionStorage.setItem("token", login.access_token);
    sessionStorage.setItem("role", login.role);
    sessionStorage.setItem("unit", login.unit_code);
    sessionStorage.setItem("username", username);
  },
  clear() { for (const k of ["token", "role", "unit", "username"]) sessionStorage.removeItem(k); },
};

/** Calls /api/v1 + path. `body` goes as JSON, `form` as multipart; `raw` answers the
 * Response itself (files). Errors throw ApiError. */
export async function api(path, { method, body, form, raw, headers = {} } = {}) {
  const init = { method: method || (body || form ? "POST" : "GET"), headers: { ...headers } };
  if (session.token) init.headers.authorization = `Bearer ${session.token}`;
  if (body !== undefined) {
    init.headers["content-type"] = "application/json";
    init.body = JSON.stringify(body);
  } else if (form) init.body = form;
  let reply;
  try {
    reply = await fetch(`/api/v1${path}`, init);
  } catch {
    throw new ApiError(0, { message: t("network") });
  }
  if (!reply.ok) {
    let error = {};
    try { error = (await reply.json()).error || {}; } catch { /* not the contract's body */ }
    throw new ApiError(reply.status, error);
  }
  if (raw) return reply;
  return reply.status === 204 ? null : reply.json();
}

/** The input that answers for a violation's field, e.g. "claimed_doses[1].vaccine_code". */
function fieldElement(form, field) {
  const escaped = CSS.escape(field);
  return form.querySelector(`[name="${escaped}"], [data-field="${escaped}"]`);
}

export function clearErrors(form) {
  for (const el of form.querySelectorAll(".field-error, .form-error")) el.remove();
  for (const el of form.querySelectorAll("[aria-invalid]")) {
    el.removeAttribute("aria-invalid");
    el.removeAttribute("aria-describedby");
  }
}

let errorIds = 0;

// The request checks' words (English, from the gateway's schema) in the reader's language.
const SCHEMA_WORDS = [
  [/^Input should be a valid date|must be a date written YYYY-MM-DD$/, "error.date"],
  [/^Input should be a valid integer/, "error.number"],
  [/^Input should be '/, "error.choose"],
  [/^Field required/, "error.required"],
];

// The services write their own words in English: where the error names its reason, the
// violation its rule, or the field, the pages' strings "reason.<REASON>",
// "violation.<REASON>" and "field.<field>" say it in the reader's language; anything else is
// shown as the service wrote it.
/** A field violation's message for the reader. */
export function violationText(violation) {
  const schema = SCHEMA_WORDS.find(([pattern]) => pattern.test(violation.description));
  if (schema) return t(schema[1]);
  const rule = violation.reason ? known(`violation.${violation.reason}`) : undefined;
  return rule ?? known(`field.${violation.field}`) ?? violation.description;
}

/** What went wrong, for the reader: by the reason, else the first field's, else the text. */
export function errorText(error) {
  const reason = error.reason ? known(`reason.${error.reason}`) : undefined;
  return reason ?? (error.violations?.length ? violationText(error.violations[0]) : error.message);
}

/** Shows an API error on the form: each field's message beside its input, the rest at the
 * top; focus goes to the first problem. */
export function showErrors(form, error) {
  clearErrors(form);
  const unplaced = [];
  let first = null;
  for (const v of error.violations || []) {
    const input = fieldElement(form, v.field);
    if (!input) {
      unplaced.push(`${v.field}: ${violationText(v)}`);
      continue;
    }
    const note = document.createElement("p");
    note.className = "field-error";
    note.id = `error-${++errorIds}`;
    note.textContent = violationText(v);
    (input.closest(".field") || input.parentElement).append(note);
    input.setAttribute("aria-invalid", "true");
    input.setAttribute("aria-describedby", note.id);
    first ||= input;
  }
  // A summary at the top as well, announced at once, so the marked fields are looked for.
  const box = document.createElement("div");
  box.className = "form-error";
  box.setAttribute("role", "alert");
  box.tabIndex = -1;
  box.textContent = first && !unplaced.length ? t("fixFields")
    : t("failed", { message: unplaced.length ? unplaced.join("; ") : errorText(error) });
  form.prepend(box);
  first ||= box;
  first.focus();
}

/** Runs `work` with the form's submit buttons disabled; API errors are shown on the form. */
export async function submitting(form, work) {
  const buttons = form.querySelectorAll("button[type=submit]");
  for (const b of buttons) b.disabled = true;
  clearErrors(form);
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    showErrors(form, error);
    return undefined;
  } finally {
    for (const b of buttons) b.disabled = false;
  }
}

/** An element: el("td", {className: "num"}, "3"). */
export function el(tag, props = {}, ...children) {
  const node = Object.assign(document.createElement(tag), props);
  for (const child of children.flat()) {
    if (child !== null && child !== undefined && child !== false) node.append(child);
  }
  return node;
}

/** <option>s for a select, the first one empty. */
export function fillSelect(select, items, placeholder = t("choose")) {
  const keep = select.value;
  select.replaceChildren(el("option", { value: "" }, placeholder),
    ...items.map(([value, label]) => el("option", { value }, label)));
  if (items.some(([value]) => value === keep)) select.value = keep;
}

/** A list page by page: `shown` is what the page shows, `token` the next page's token
 * (empty: start again). Answers the items to show and the token after them. */
export async function listPage(path, params, key, shown, token) {
  if (token) params.set("page_token", token);
  const reply = await api(`${path}?${params}`);
  return [token ? [...shown, ...reply[key]] : reply[key], reply.next_page_token || ""];
}

/** A tracking code as people are shown it everywhere: two groups of five (8VJP6-J3S5C). */
export const shownCode = (code) => (code.length === 10 ? `${code.slice(0, 5)}-${code.slice(5)}` : code);
