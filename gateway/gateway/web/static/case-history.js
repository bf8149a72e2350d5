// A case's history as officers read it: each entry's action in words ("REJECTED OTHER" →
// "Không chấp nhận: Lý do khác"), units, facilities and reasons by name, the system and the
// citizen named as such.
import { el } from "/static/api.js";
import { formatDate, t } from "/static/i18n.js";

// The actions the service writes, each with its arguments after a space.
const KINDS = ["ASSIGNED", "IN_REVIEW", "SUPPLEMENTED", "RESOLVED", "REJECTED", "NEEDS_INFO",
  "REASSIGNED", "DUPLICATE", "RECHECK_CONFIRMED", "RECHECK_FLAGGED"];

/** An entry's action in words; `names` has `unit`, `facility` and `reason` maps (code → name). */
export function actionText(entry, names) {
  const [kind, ...rest] = entry.action.split(" ");
  if (!KINDS.includes(kind)) return entry.action;
  const name = (map, code) => map.get(code) || code;
  switch (kind) {
    case "ASSIGNED": return t("history.ASSIGNED", { unit: name(names.unit, entry.note) });
    case "REJECTED": return t("history.REJECTED", { reason: name(names.reason, rest[0]) });
    case "REASSIGNED": return t("history.REASSIGNED", { from: name(names.unit, rest[0]), to: name(names.unit, rest[2]) });
    case "RECHECK_CONFIRMED":
    case "RECHECK_FLAGGED": return t(`history.${kind}`, { facility: name(names.facility, rest[0]) });
    default: return t(`history.${kind}`);
  }
}

const actorText = (actor) => (["system", "citizen"].includes(actor) ? t(`history.actor.${actor}`) : actor);

// An assignment's note is its unit's code, said in the action already.
const noteText = (entry) => (entry.action === "ASSIGNED" ? "" : entry.note);

/** The history table's rows. */
export function historyRows(history, names) {
  return history.map((h) => el("tr", {},
    el("td", {}, formatDate(h.at)), el("td", {}, actorText(h.actor)),
    el("td", {}, actionText(h, names)), el("td", {}, noteText(h))));
}

export const HISTORY_STRINGS = {
  vi: {
    "history.ASSIGNED": "Giao cho {unit}",
    "history.IN_REVIEW": "Bắt đầu xem xét",
    "history.SUPPLEMENTED": "Người dân bổ sung thông tin",
    "history.RESOLVED": "Chấp nhận, đã điều chỉnh hồ sơ tiêm chủng",
    "history.REJECTED": "Không chấp nhận: {reason}",
    "history.NEEDS_INFO": "Đề nghị người dân bổ sung thông tin",
    "history.REASSIGNED": "Chuyển từ {from} sang {to}",
    "history.DUPLICATE": "Trùng phản ánh khác",
    "history.RECHECK_CONFIRMED": "{facility} xác nhận hồ sơ đã sửa",
    "history.RECHECK_FLAGGED": "{facility} báo hồ sơ đã sửa còn sai",
    "history.actor.system": "Hệ thống",
    "history.actor.citizen": "Người dân",
  },
  en: {
    "history.ASSIGNED": "Assigned to {unit}",
    "history.IN_REVIEW": "Review started",
    "history.SUPPLEMENTED": "The citizen added information",
    "history.RESOLVED": "Approved, the record corrected",
    "history.REJECTED": "Rejected: {reason}",
    "history.NEEDS_INFO": "The citizen was asked for more",
    "history.REASSIGNED": "Reassigned from {from} to {to}",
    "history.DUPLICATE": "Duplicate of another complaint",
    "history.RECHECK_CONFIRMED": "{facility} confirmed the corrected record",
    "history.RECHECK_FLAGGED": "{facility} flagged the corrected record",
    "history.actor.system": "System",
    "history.actor.citizen": "Citizen",
  },
};
