/** Turn zod failures into ApiErrors that name the field, so clients can show them in place. */
import type { z } from 'zod';
import { ApiError } from '../../../shared/api';
import type { FieldIssue } from '../../../shared/api';

export function fieldIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}

export function validationError(issues: FieldIssue[], what = 'request'): ApiError {
  const summary = issues
    .slice(0, 3)
    .map((i) => (i.path ? `${i.path}: ${i.message}` : i.message))
    .join('; ');
  return new ApiError('validation', `Invalid ${what}: ${summary}${issues.length > 3 ? ` (and ${issues.length - 3} more)` : ''}`, issues);
}

/** Parse with a schema or throw a `validation` ApiError listing every bad field. */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, what?: string): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw validationError(fieldIssues(result.error), what);
  return result.data;
}
