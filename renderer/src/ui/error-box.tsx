import type { FieldIssue } from '../../../shared/api';
import { describeError } from '../lib/field-issues';

/** Issues as a list, each with its field path when it has one. */
export function IssueList({ issues }: { issues: readonly FieldIssue[] }) {
  return (
    <ul>
      {issues.map((i) => (
        <li key={`${i.path}:${i.message}`}>
          {i.path ? <code>{i.path}</code> : null} {i.message}
        </li>
      ))}
    </ul>
  );
}

/** The reason a save failed, shown beside the form's actions; nothing when it did not fail. */
export function NotSaved({ reason }: { reason?: string }) {
  return reason ? (
    <p className="field-error" role="alert">
      Not saved: {reason}
    </p>
  ) : null;
}

/** The real reason a call failed, with its field issues when they are not shown elsewhere. */
export function ErrorBox({ error, title, showIssues = true }: { error: unknown; title?: string; showIssues?: boolean }) {
  if (error === undefined || error === null) return null;
  const view = describeError(error);
  return (
    <div className="error-box" role="alert">
      <strong>{title ?? 'Something went wrong'}:</strong> {view.message}
      {showIssues && view.issues.length > 0 ? <IssueList issues={view.issues} /> : null}
    </div>
  );
}
