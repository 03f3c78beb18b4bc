/**
 * Reads the engine's JSON-lines progress streams (pull, build). An object with `error` ends
 * the stream as a failure: the engine reports build and pull errors in-band, not by status.
 */
import { Cancelled } from '../errors';
import { EngineError } from './engine-errors';

export function readJsonLines(stream: NodeJS.ReadableStream, signal: AbortSignal | undefined, onObject: (obj: unknown) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    let buf = '';
    let failed: Error | undefined;
    let settled = false;
    const finish = (err?: Error): void => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      if (err) reject(err);
      else resolve();
    };
    const onAbort = (): void => {
      const s = stream as NodeJS.ReadableStream & { destroy?: () => void };
      s.destroy?.();
      finish(new Cancelled());
    };
    const line = (text: string): void => {
      const trimmed = text.trim();
      if (!trimmed) return;
      let obj: unknown;
      try {
        obj = JSON.parse(trimmed);
      } catch {
        return; // a torn or non-JSON line carries nothing we act on
      }
      const o = obj as { error?: string; errorDetail?: { message?: string } };
      if (o.error || o.errorDetail?.message) {
        failed ??= new EngineError(String(o.errorDetail?.message ?? o.error).trim());
        return;
      }
      onObject(obj);
    };
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    stream.on('data', (chunk: Buffer | string) => {
      buf += chunk.toString();
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        line(buf.slice(0, nl));
        buf = buf.slice(nl + 1);
      }
    });
    stream.on('error', (err: Error) => finish(err));
    stream.on('end', () => {
      line(buf);
      finish(failed);
    });
    stream.on('close', () => {
      line(buf);
      buf = '';
      finish(failed);
    });
  });
}
