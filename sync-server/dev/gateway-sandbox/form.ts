/**
 * Stripe's v1 API takes `application/x-www-form-urlencoded` bodies (and query strings) with
 * nested keys: `metadata[order_id]=…`, `payment_method_types[0]=card`, `expand[]=latest_charge`.
 * This turns such text into plain nested values, the shape the endpoints read their parameters
 * from. Every leaf stays a string, as on the wire; the endpoints decide what is an integer.
 */
export type FormValue = string | FormObject | FormValue[];
export interface FormObject {
  [key: string]: FormValue;
}

const KEY = /^([^[\]]+)((?:\[[^[\]]*\])*)$/;
const SEGMENT = /\[([^[\]]*)\]/g;
const INDEX = /^\d+$/;

/** Objects without a prototype, so a key like `__proto__` is only ever a parameter name. */
function emptyObject(): FormObject {
  return Object.create(null) as FormObject;
}

function pathOf(key: string): string[] {
  const match = KEY.exec(key);
  if (!match) return [key];
  const rest = match[2] ?? '';
  return [match[1] ?? key, ...Array.from(rest.matchAll(SEGMENT), (m) => m[1] ?? '')];
}

function assign(target: FormObject, path: readonly string[], value: string): void {
  let node: FormObject = target;
  for (let i = 0; i < path.length - 1; i++) {
    const segment = path[i] ?? '';
    // `a[]` appends: its slot is the next free index of the container built so far.
    const name = segment === '' ? String(Object.keys(node).length) : segment;
    const existing = node[name];
    if (existing !== undefined && typeof existing === 'object' && !Array.isArray(existing)) {
      node = existing;
    } else {
      const child = emptyObject();
      node[name] = child;
      node = child;
    }
  }
  const last = path[path.length - 1] ?? '';
  node[last === '' ? String(Object.keys(node).length) : last] = value;
}

/** Containers whose keys are all indices become arrays, ordered by index (`a[1]` before `a[10]`). */
function arraysOf(value: FormValue): FormValue {
  if (typeof value === 'string' || Array.isArray(value)) return value;
  const keys = Object.keys(value);
  if (keys.length > 0 && keys.every((k) => INDEX.test(k))) {
    return keys.sort((a, b) => Number(a) - Number(b)).map((k) => arraysOf(value[k] as FormValue));
  }
  const out = emptyObject();
  for (const k of keys) out[k] = arraysOf(value[k] as FormValue);
  return out;
}

export function parseForm(text: string): FormObject {
  const root = emptyObject();
  for (const [key, value] of new URLSearchParams(text)) {
    assign(root, pathOf(key), value);
  }
  // Only values become arrays: a top-level `0=x` stays a parameter named "0".
  const out = emptyObject();
  for (const k of Object.keys(root)) out[k] = arraysOf(root[k] as FormValue);
  return out;
}
