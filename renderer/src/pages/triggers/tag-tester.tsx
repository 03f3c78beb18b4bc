/**
 * The live "which tags would deploy" tester: runs the engine's own tag-rule code on tags the
 * user types, with the reason for each decision.
 */
import { useState } from 'react';
import { evaluateTag, validateTagPattern } from '../../../../shared/tag-rule';

const MAX_TAGS = 50;

function sampleTags(configuredTag: string | undefined): string {
  const samples = [configuredTag ?? 'latest', 'latest', 'v1.4.2', 'v1.5.0-rc.1', '2.0.0'];
  return [...new Set(samples)].join('\n');
}

export function TagTester({
  pattern,
  configuredTag,
  currentTag,
  runningTag,
  noDowngrade,
}: {
  pattern: string;
  configuredTag?: string;
  /** Compared against for "no downgrade": the running tag, else the configured one. */
  currentTag?: string;
  /** What actually runs now, for display. */
  runningTag?: string;
  noDowngrade: boolean;
}) {
  const [text, setText] = useState(() => sampleTags(configuredTag));
  const tags = [...new Set(text.split(/[\s,]+/).filter(Boolean))].slice(0, MAX_TAGS);
  // an invalid pattern is explained once, at the field; the tester just waits for a valid one
  const invalid = validateTagPattern(pattern) !== null;
  const results = invalid ? [] : tags.map((tag) => ({ tag, ...evaluateTag(pattern, tag, { configuredTag, currentTag, noDowngrade }) }));
  const deploying = results.filter((r) => r.deploy).length;
  return (
    <div className="tag-tester">
      <div className="field">
        <label htmlFor="tag-tester-input">Try tags</label>
        <textarea
          id="tag-tester-input"
          className="mono"
          rows={5}
          spellCheck={false}
          value={text}
          onChange={(e) => setText(e.target.value)}
          aria-describedby="tag-tester-hint"
        />
        <div className="hint" id="tag-tester-hint">
          One per line. {runningTag ? `Deployed now: ${runningTag}.` : 'Nothing deployed yet.'}
        </div>
      </div>
      <div className="tag-results">
        <p role="status" className="muted">
          {invalid ? 'Fix the pattern to test it.' : tags.length === 0 ? 'Type a tag to test the rule.' : `${deploying} of ${tags.length} would deploy`}
        </p>
        <ul aria-label="Tag test results">
          {results.map((r) => (
            <li key={r.tag} data-deploy={r.deploy}>
              <code>{r.tag}</code> <span className={`badge ${r.deploy ? 'good' : 'neutral'}`}>{r.deploy ? 'deploys' : 'ignored'}</span>{' '}
              <span className="reason">{r.reason}</span>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
