// The queue an officer works through, carried in the address: the queue page's filters and
// page, handed on to each case it opens, so the case page can open the next case of the same
// queue and go back to the same page with the same filters.
import { api } from "/static/api.js";

// The queue's filters as the API names them; page_token is the page the officer was on.
export const FILTERS = ["status", "unit_code", "overdue", "evidence_agrees", "q"];
const KEPT = [...FILTERS, "page_token", "page_size"];
// The cases an officer can decide now (a case waiting for the citizen is not next).
const WORKABLE = ["RECEIVED", "ASSIGNED", "IN_REVIEW"];
// Pages read at most when looking for the next case (a page of 100: the next is near).
const PAGES_LOOKED_AT = 20;

/** The queue's parameters of an address's query, those alone. */
export function queueParams(search = location.search) {
  const given = new URLSearchParams(search);
  const kept = new URLSearchParams();
  for (const key of KEPT) if (given.get(key)) kept.set(key, given.get(key));
  return kept;
}

export const queueHref = (params = queueParams()) => `/console${params.size ? `?${params}` : ""}`;

export const caseHref = (caseId, params = queueParams()) =>
  `/console/cases/${encodeURIComponent(caseId)}${params.size ? `?${params}` : ""}`;

// The queue's order: oldest deadline first, then the case id (as the API's keyset).
const after = (item, current) => {
  const [a, b] = [Date.parse(item.due_at), Date.parse(current.due_at)];
  return a > b || (a === b && item.case_id > current.case_id);
};

/** The case after `current` in the queue its page was opened from (its filters; without a
 * status, the cases to decide), or the queue's first other case when none comes after it;
 * null when the queue holds no other. */
export async function nextCase(current, params = queueParams()) {
  const query = new URLSearchParams();
  for (const key of FILTERS) if (params.get(key)) query.set(key, params.get(key));
  query.set("page_size", "100");
  let first = null;
  let token = "";
  for (let page = 0; page < PAGES_LOOKED_AT; page += 1) {
    query.set("page_token", token);
    const reply = await api(`/cases?${query}`);
    const others = reply.cases.filter((c) => c.case_id !== current.case_id
      && (params.get("status") || WORKABLE.includes(c.status)));
    first ??= others[0] || null;
    const found = others.find((c) => after(c, current));
    if (found) return found;
    token = reply.next_page_token;
    if (!token) break;
  }
  return first;
}
