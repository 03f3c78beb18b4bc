import { describeError } from '../lib/field-issues';

/** The real reason a call failed, with its field issues when they are not shown elsewhere. */
export function ErrorBox({ error, title, showIssues = true }: { error: unknown; title?: string; showIssues?: boolean }) {
  if (error === undefined || error === null) return null;
  const view = describeError(error);
  return (
    <div className="error-box" role="alert">
      <strong>{title ?? 'Something went wrong'}:</strong> {view.message}
      {showIssues && view.issues.length > 0 ? (
        <ul>
          {view.issues.map((i) => (
            <li key={`${i.path}:${i.message}`}>
              {i.path ? <code>{i.path}</code> : null} {i.message}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
