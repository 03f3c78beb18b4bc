/**
 * A client asking a URL every `intervalMs` while something happens (a deploy), recording
 * every answer in the order the requests were sent: how many failed, and how often the
 * answer changed. Each request opens its own connection (`agent: false`), so what is
 * measured is whether the service accepts and answers, not a reused keep-alive socket.
 */
import { get } from 'node:http';

export interface PollResult {
  sent: number;
  /** "request N of M: error", in the order sent. */
  failures: string[];
  /** Answer bodies in the order their requests were sent (failures left out). */
  answers: string[];
}

function ask(url: string, timeoutMs: number): Promise<{ ok: true; body: string } | { ok: false; error: string }> {
  return new Promise((resolve) => {
    const req = get(url, { agent: false, timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve(res.statusCode === 200 ? { ok: true, body: body.trim() } : { ok: false, error: `HTTP ${res.statusCode} ${body.trim().slice(0, 80)}` }));
      res.on('error', (err) => resolve({ ok: false, error: err.message }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (err) => resolve({ ok: false, error: (err as NodeJS.ErrnoException).code ?? err.message }));
  });
}

export interface Poller {
  stop(): Promise<PollResult>;
}

export function startPoller(url: string, intervalMs = 10, timeoutMs = 5000): Poller {
  const pending: Array<Promise<{ ok: true; body: string } | { ok: false; error: string }>> = [];
  const timer = setInterval(() => pending.push(ask(url, timeoutMs)), intervalMs);
  return {
    async stop() {
      clearInterval(timer);
      const all = await Promise.all(pending);
      return {
        sent: all.length,
        failures: all.flatMap((a, i) => (a.ok ? [] : [`request ${i + 1} of ${all.length}: ${a.error}`])),
        answers: all.flatMap((a) => (a.ok ? [a.body] : [])),
      };
    },
  };
}

/** The distinct answers in order, each run collapsed: ['v1','v2'] means one clean switch. */
export function answerRuns(answers: string[]): string[] {
  return answers.filter((a, i) => i === 0 || a !== answers[i - 1]);
}

/**
 * Poll `url` while `action` runs (a deploy), and a moment after it (the switch may land as the
 * action ends): what the action gave and what the client saw.
 */
export async function pollDuring<T>(url: string, action: () => Promise<T>, afterMs = 300): Promise<{ result: T; seen: PollResult }> {
  const poller = startPoller(url);
  try {
    const result = await action();
    await new Promise((r) => setTimeout(r, afterMs));
    return { result, seen: await poller.stop() };
  } catch (err) {
    await poller.stop();
    throw err;
  }
}
