/**
 * Text from outside (webhook payloads, repository commit subjects, build and container
 * output) before it is stored or shown: terminal escape sequences and control characters
 * removed, bidi overrides (which make a line read differently than it is) removed, length
 * bounded. One helper, used where payload values enter (ingest) and where log lines are
 * written (the deploy log).
 */
/* eslint-disable no-control-regex */
// CSI (ESC [ … final), OSC (ESC ] … BEL or ESC \), other two-byte ESC sequences, 8-bit CSI
const ESCAPES = /\u001b\[[0-?]*[ -/]*[@-~]?|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u001b[ -~]?|\u009b[0-?]*[ -/]*[@-~]?/g;
const CONTROLS_BUT_NEWLINE_TAB = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
const LINE_BREAKS = /[\r\n\t\u2028\u2029]+/g;
/* eslint-enable no-control-regex */

function bound(text: string, max: number): string {
  if (text.length <= max) return text;
  // do not cut a surrogate pair in half
  let end = max - 1;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;
  return `${text.slice(0, end)}…`;
}

/** Multi-line text: newlines and tabs kept, everything else that controls a terminal removed. */
export function cleanText(value: string, max: number): string {
  return bound(value.replace(ESCAPES, '').replace(/\r\n?/g, '\n').replace(CONTROLS_BUT_NEWLINE_TAB, ''), max);
}

/** One line: as cleanText, with line breaks and tabs turned into single spaces, trimmed. */
export function cleanLine(value: string, max: number): string {
  // bound first (cheaply) so a megabyte value is not scanned whole
  const head = value.length > max * 4 ? value.slice(0, max * 4) : value;
  return bound(head.replace(ESCAPES, '').replace(LINE_BREAKS, ' ').replace(CONTROLS_BUT_NEWLINE_TAB, '').trim(), max);
}

/** cleanLine for optional values; an empty result reads as absent. */
export function cleanOptional(value: string | undefined, max: number): string | undefined {
  if (value === undefined) return undefined;
  return cleanLine(value, max) || undefined;
}

/** Bounds for stored payload strings. */
export const TEXT_LIMITS = {
  pusher: 200,
  message: 300,
  ref: 300,
  summary: 300,
  reason: 1000,
  event: 64,
  logLine: 16_000,
} as const;
