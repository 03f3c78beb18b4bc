/**
 * A deploy's log, live: the text so far from `getDeployLog`, then each `deploy-log` event's line
 * appended. Stays pinned to the bottom only while the user is at the bottom; scrolling up
 * stops following (a "jump to latest" button floats over the box, so nothing moves).
 */
import { memo, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { onResync, useClient } from '../../api/client-context';
import { ErrorBox } from '../../ui/error-box';

/** Lines per rendered block: appending re-renders only the last block. */
const CHUNK = 200;
/** Beyond this the oldest lines are dropped from the view (the log file keeps them). */
const MAX_LINES = 50_000;
/** Appends are flushed at most this often, so a chatty build does not render per line. */
const FLUSH_MS = 50;
/** Within this many pixels of the bottom counts as "at the bottom". */
const BOTTOM_SLACK = 8;

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;?]*[A-Za-z]/g;
const clean = (line: string): string => line.replace(ANSI, '');

export function splitLog(text: string): string[] {
  if (text === '') return [];
  const lines = text.split(/\r?\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.map(clean);
}

/**
 * Lines that arrived as events while the initial text was being fetched may also be at the
 * end of that text. Drop the longest prefix of `buffered` that equals the text's tail.
 */
export function dropOverlap(initial: readonly string[], buffered: readonly string[]): string[] {
  for (let k = Math.min(initial.length, buffered.length); k > 0; k--) {
    let same = true;
    for (let i = 0; i < k && same; i++) same = initial[initial.length - k + i] === buffered[i];
    if (same) return buffered.slice(k);
  }
  return [...buffered];
}

const LogChunk = memo(function LogChunk({ text }: { text: string }) {
  return <div className="log-chunk">{text}</div>;
});

export function LogView({ deployId, label = 'Deploy log' }: { deployId: string; label?: string }) {
  const client = useClient();
  const boxRef = useRef<HTMLDivElement>(null);
  const [log, setLog] = useState<{ lines: string[]; dropped: number } | null>(null);
  const [error, setError] = useState<unknown>();
  const [pinned, setPinned] = useState(true);
  const [seenCount, setSeenCount] = useState(0);

  useEffect(() => {
    let cancelled = false;
    let buffer: string[] | null = [];
    let pending: string[] = [];
    let timer: ReturnType<typeof setTimeout> | undefined;

    const commit = (add: string[], replace?: string[]) => {
      setLog((prev) => {
        const all = replace ? [...replace, ...add] : [...(prev?.lines ?? []), ...add];
        const over = Math.max(0, all.length - MAX_LINES);
        return { lines: over > 0 ? all.slice(over) : all, dropped: (replace ? 0 : (prev?.dropped ?? 0)) + over };
      });
    };
    const flush = () => {
      timer = undefined;
      if (cancelled || pending.length === 0) return;
      const add = pending;
      pending = [];
      commit(add);
    };
    const load = () => {
      buffer = buffer ?? [];
      client.getDeployLog(deployId).then(
        (text) => {
          if (cancelled) return;
          const initial = splitLog(text);
          const extra = dropOverlap(initial, buffer ?? []);
          buffer = null;
          pending = [];
          setError(undefined);
          commit(extra, initial);
        },
        (err: unknown) => {
          if (cancelled) return;
          setError(err);
          const extra = buffer ?? [];
          buffer = null;
          commit(extra);
        },
      );
    };
    const unsubscribe = client.subscribe((event) => {
      if (event.type !== 'deploy-log' || event.deployId !== deployId) return;
      const add = splitLog(event.line.endsWith('\n') ? event.line : `${event.line}\n`);
      if (add.length === 0) add.push('');
      if (buffer) {
        buffer.push(...add);
        return;
      }
      pending.push(...add);
      timer ??= setTimeout(flush, FLUSH_MS);
    });
    // After the event stream drops and comes back, lines may be missing: reload the whole log.
    const unResync = onResync(client, load);
    load();
    return () => {
      cancelled = true;
      if (timer) clearTimeout(timer);
      unsubscribe();
      unResync();
    };
  }, [client, deployId]);

  // Follow the end only while pinned; measured before paint so the view never flickers.
  useLayoutEffect(() => {
    const box = boxRef.current;
    if (box && pinned) box.scrollTop = box.scrollHeight;
  }, [log, pinned]);

  const onScroll = () => {
    const box = boxRef.current;
    if (!box) return;
    const atBottom = box.scrollHeight - box.scrollTop - box.clientHeight <= BOTTOM_SLACK;
    if (atBottom !== pinned) {
      setPinned(atBottom);
      setSeenCount(log?.lines.length ?? 0);
    }
  };

  const lines = log?.lines;
  const dropped = log?.dropped ?? 0;
  const count = lines?.length ?? 0;
  const unseen = pinned ? 0 : count - seenCount;
  const chunks: string[] = [];
  for (let i = 0; i < count; i += CHUNK) chunks.push((lines ?? []).slice(i, i + CHUNK).join('\n'));

  return (
    <div className="log-view">
      <ErrorBox error={error} title="Could not load the log" />
      <div className="log-frame">
        <div
          ref={boxRef}
          className="log mono"
          role="log"
          aria-label={label}
          aria-busy={log === null}
          tabIndex={0}
          onScroll={onScroll}
          data-pinned={pinned}
        >
          {dropped > 0 ? <div className="muted">… {dropped} earlier lines not shown (the log file has them)</div> : null}
          {log === null ? <div className="muted">Loading the log…</div> : count === 0 ? <div className="muted">No output yet.</div> : null}
          {chunks.map((text, i) => (
            <LogChunk key={i} text={text} />
          ))}
        </div>
        {!pinned ? (
          <button
            type="button"
            className="jump small"
            onClick={() => {
              setPinned(true);
              const box = boxRef.current;
              if (box) box.scrollTop = box.scrollHeight;
            }}
          >
            {unseen > 0 ? `${unseen} new line${unseen === 1 ? '' : 's'} — ` : ''}Jump to latest
          </button>
        ) : null}
      </div>
    </div>
  );
}
