/**
 * Validation messages keyed by field path (`deploy.ports.0`), from the shared zod schemas on
 * the client and from `ApiError.details` from the engine, so both show next to the same field.
 */
import type { z } from 'zod';
import { ApiError } from '../../../shared/api';
import type { FieldIssue } from '../../../shared/api';

export type FieldErrors = Readonly<Record<string, string>>;

type ZodIssue = z.core.$ZodIssue;

function humanize(issue: ZodIssue): string {
  switch (issue.code) {
    case 'too_small':
      if (issue.origin === 'string') return issue.minimum === 1 ? 'required' : `at least ${issue.minimum} characters`;
      if (issue.origin === 'number') return `must be at least ${issue.minimum}`;
      if (issue.origin === 'array') return `at least ${issue.minimum} entries`;
      return issue.message;
    case 'too_big':
      if (issue.origin === 'string') return `at most ${issue.maximum} characters`;
      if (issue.origin === 'number') return `must be at most ${issue.maximum}`;
      if (issue.origin === 'array') return `at most ${issue.maximum} entries`;
      return issue.message;
    case 'invalid_type':
      if (issue.expected === 'number') return 'must be a number';
      if (issue.input === undefined) return 'required';
      return issue.message;
    case 'invalid_key':
      // The record's own message ("Invalid key in record") says less than the key schema's.
      return issue.issues[0]?.message ?? issue.message;
    case 'unrecognized_keys':
      return `unknown field${issue.keys.length > 1 ? 's' : ''}: ${issue.keys.join(', ')}`;
    default:
      return issue.message;
  }
}

export function issuesFromZod(error: { issues: readonly ZodIssue[] }): FieldIssue[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: humanize(issue) }));
}

/** First message per path (the first is the most basic, e.g. "required" before format). */
export function toFieldErrors(issues: readonly FieldIssue[]): FieldErrors {
  const out: Record<string, string> = {};
  for (const issue of issues) if (!(issue.path in out)) out[issue.path] = issue.message;
  return out;
}

export interface ErrorView {
  message: string;
  code?: string;
  issues: FieldIssue[];
}

/** Whatever a call rejected with, as something the UI can show. */
export function describeError(err: unknown): ErrorView {
  if (err instanceof ApiError) return { message: err.message, code: err.code, issues: err.details ?? [] };
  if (err instanceof Error) {
    // An ApiError that crossed IPC may arrive as a plain Error with its fields attached.
    const e = err as Error & { code?: unknown; details?: unknown };
    const issues = Array.isArray(e.details) ? (e.details as FieldIssue[]) : [];
    return { message: err.message, code: typeof e.code === 'string' ? e.code : undefined, issues };
  }
  return { message: String(err), issues: [] };
}

/** Issues whose path is not one of the fields a form shows, for a summary list. */
export function unplacedIssues(issues: readonly FieldIssue[], placed: (path: string) => boolean): FieldIssue[] {
  return issues.filter((i) => !placed(i.path));
}
