// Officers' login: password, then the forced password change, the second factor's code
// when the account has one, and enrolment when admins must have one.
import { ApiError, api, session, submitting } from "/static/api.js";
import { start, t } from "/static/i18n.js";
import { homeOf } from "/static/console.js";
import { STRINGS } from "/static/login-strings.js";

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
let typed = { username: "", password: "" };

function show(id) {
  for (const form of ["login", "change", "enrol"]) $(form).hidden = form !== id;
  $(id).querySelector("input:not([hidden])")?.focus();
}

function note(key) {
  $("login-note").hidden = !key;
  $("login-note").textContent = key ? t(key) : "";
}

function done() {
  const next = params.get("next") || "";
  // Only a path of this site: never a redirect elsewhere.
  location.assign(next.startsWith("/") && !next.startsWith("//") ? next : homeOf(session.role));
}

async function logIn(username, password, totp) {
  const reply = await api("/auth/login", { body: { username, password, totp_code: totp } });
  session.save(reply, username);
  if (reply.must_change_password) {
    $("current_password").value = password;
    show("change");
    note("login.must_change");
  } else if (reply.totp_enrollment_required) {
    const enrolment = await api("/auth/totp", { body: {} });
    $("totp-uri").textContent = `${enrolment.secret} (${enrolment.provisioning_uri})`;
    show("enrol");
    note("");
  } else done();
}

$("login").addEventListener("submit", (event) => {
  event.preventDefault();
  typed = { username: $("username").value.trim(), password: $("password").value };
  submitting($("login"), async () => {
    try {
      await logIn(typed.username, typed.password, $("totp_code").value.trim());
    } catch (error) {
      if (error.reason === "TOTP_REQUIRED") {
        $("totp-field").hidden = false;
        error.violations = [{ field: "totp_code", description: t("login.totp_needed") }];
      }
      throw error;
    }
  });
});

$("change").addEventListener("submit", (event) => {
  event.preventDefault();
  const fresh = $("new_password").value;
  submitting($("change"), async () => {
    if (fresh !== $("new_password_again").value) {
      throw new ApiError(400, { field_violations: [{ field: "new_password_again", description: t("login.mismatch") }] });
    }
    await api("/auth/password", { body: { current_password: $("current_password").value, new_password: fresh } });
    // The token still says "change first": log in again with the new password.
    typed.password = fresh;
    await logIn(typed.username, fresh, "");
  });
});

$("enrol").addEventListener("submit", (event) => {
  event.preventDefault();
  submitting($("enrol"), async () => {
    await api("/auth/totp/confirm", { body: { code: $("enrol_code").value.trim() } });
    session.clear();
    $("totp-field").hidden = false;
    $("password").value = "";
    show("login");
    note("login.enrolled");
  });
});

start(STRINGS);
session.clear();
const why = params.get("why");
if (why === "expired") note("login.expired");
if (why === "change") note("login.must_change");
$("username").focus();
