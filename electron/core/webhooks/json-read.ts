/** Typed reads from untrusted JSON: wrong types read as absent instead of throwing. */

export type JsonObject = Record<string, unknown>;

export function asObject(v: unknown): JsonObject | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as JsonObject) : undefined;
}

export function asArray(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

/** The value at a path of object keys. */
export function at(v: unknown, ...keys: string[]): unknown {
  let cur = v;
  for (const k of keys) {
    const o = asObject(cur);
    if (!o) return undefined;
    cur = o[k];
  }
  return cur;
}

/** A string at a path; numbers are not strings. Empty strings read as absent. */
export function str(v: unknown, ...keys: string[]): string | undefined {
  const s = at(v, ...keys);
  return typeof s === 'string' && s !== '' ? s : undefined;
}

/** All present strings among several paths, in order, without duplicates. */
export function strings(v: unknown, paths: string[][]): string[] {
  const out: string[] = [];
  for (const p of paths) {
    const s = str(v, ...p);
    if (s !== undefined && !out.includes(s)) out.push(s);
  }
  return out;
}
