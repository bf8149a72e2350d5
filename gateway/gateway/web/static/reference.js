// Reference data for the forms, each list fetched once per page.
import { api } from "/static/api.js";

const cache = new Map();

function once(path, pick) {
  if (!cache.has(path)) cache.set(path, api(path).then(pick).catch((e) => { cache.delete(path); throw e; }));
  return cache.get(path);
}

export const province = () => document.querySelector('meta[name="province"]').content;
export const unitsBelow = (parent = "") =>
  once(`/units${parent ? `?parent=${encodeURIComponent(parent)}` : ""}`, (r) => r.units);
export const vaccines = () => once("/vaccines", (r) => r.vaccines);
export const rejectionReasons = () => once("/rejection-reasons", (r) => r.reasons);
export const facilities = (district) =>
  once(`/facilities?district_code=${encodeURIComponent(district)}`, (r) => r.facilities);

/** A unit's name by its code, from the list below its parent (for tables of codes). */
export async function unitNames(parent) {
  return new Map((await unitsBelow(parent)).map((u) => [u.code, u.name]));
}
