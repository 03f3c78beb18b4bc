/**
 * The liveness check: GET `<publicUrl>/healthz` through the tunnel, as a webhook sender would.
 * It catches a tunnel the client thinks is open but the server no longer routes (server
 * restarted with the same port, tunnel expired) or one whose sockets carry stale answers (a
 * 408 the listener wrote on an idle connection is read by the real server as the answer to the
 * next request, docs/tunnel.md, "Measured against the real server"). Only the listener's own health answer counts
 * as alive; any other answer (404, 408, 5xx, an HTML page) means senders get that answer too,
 * so the manager reconnects. It merely reports the cases where this machine cannot check (the
 * public name does not resolve from here).
 */
import { lookup as dnsLookup } from 'node:dns';
import type { IncomingMessage } from 'node:http';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { HEALTH_PATH, isHealthAnswer } from '../webhooks/health-answer';

export type ProbeOutcome =
  | { kind: 'alive' }
  /** Anything but the listener's health answer came back (no such tunnel, 408, 5xx, a page): reconnect. */
  | { kind: 'dead'; reason: string }
  /** The public name does not resolve from this machine: report, do not reconnect. */
  | { kind: 'unresolvable'; reason: string }
  /** No clear answer (timeout, refused, reset): reconnect only if it repeats. */
  | { kind: 'inconclusive'; reason: string }
  /** The check itself could not be made (bad URL): report. */
  | { kind: 'note'; reason: string };

export type LivenessProbe = (publicUrl: string, signal: AbortSignal) => Promise<ProbeOutcome>;

export interface HttpProbeOptions {
  /** The listener's health path. */
  path?: string;
  timeoutMs?: number;
}

/**
 * RFC 6761: `localhost` and `*.localhost` are loopback. curl and browsers resolve them so,
 * Node's resolver does not; a self-hosted server on this machine gives such URLs (docs/tunnel.md §5).
 */
const loopbackAwareLookup: LookupFunction = (hostname, options, callback) => {
  const name = hostname.toLowerCase().replace(/\.$/, '');
  if (name === 'localhost' || name.endsWith('.localhost')) {
    if (options.all) callback(null, [{ address: '127.0.0.1', family: 4 }]);
    else callback(null, '127.0.0.1', 4);
    return;
  }
  dnsLookup(hostname, options, callback);
};

const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NODATA', 'ENODATA', 'EAI_NONAME']);

function describeBody(res: IncomingMessage, body: string): string {
  const type = String(res.headers['content-type'] ?? '').split(';')[0].trim();
  const text = body.trim().replace(/\s+/g, ' ');
  if (text === '') return 'an empty body';
  if (/html/i.test(type) || /^<!doctype|^<html/i.test(text)) return 'an HTML page';
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 57)}...` : text);
}

function classifyAnswer(res: IncomingMessage, body: string, url: string): ProbeOutcome {
  const status = res.statusCode ?? 0;
  if (isHealthAnswer(status, body)) return { kind: 'alive' };
  const text = body.trim();
  // the reference server's answer for a name with no tunnel is a bare "404" (docs/tunnel.md §5)
  if (status === 404 && (text === '404' || /tunnel|no active client/i.test(text))) {
    return { kind: 'dead', reason: `the tunnel server no longer routes ${url} (404)` };
  }
  return {
    kind: 'dead',
    reason: `liveness check of ${url} got ${status} with ${describeBody(res, body)} instead of the listener's health answer; senders would get the same, so the tunnel is reconnected`,
  };
}

export function httpLivenessProbe(options: HttpProbeOptions = {}): LivenessProbe {
  const path = options.path ?? HEALTH_PATH;
  const timeoutMs = options.timeoutMs ?? 10_000;
  return (publicUrl, signal) =>
    new Promise<ProbeOutcome>((resolve) => {
      const target = publicUrl.replace(/\/+$/, '') + path;
      let settled = false;
      let req: ReturnType<typeof httpRequest> | undefined;
      const finish = (outcome: ProbeOutcome): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        req?.destroy();
        resolve(outcome);
      };
      const timer = setTimeout(
        () => finish({ kind: 'inconclusive', reason: `no answer from ${target} within ${Math.round(timeoutMs / 100) / 10} s` }),
        timeoutMs,
      );
      const onAbort = (): void => finish({ kind: 'inconclusive', reason: 'liveness check cancelled' });
      signal.addEventListener('abort', onAbort, { once: true });
      try {
        const send = target.startsWith('https:') ? httpsRequest : httpRequest;
        req = send(target, {
          method: 'GET',
          agent: false,
          lookup: loopbackAwareLookup,
          // a non-browser agent plus this header pass the hosted service's reminder page (docs/tunnel.md §9)
          headers: { 'User-Agent': 'auto-deploy-liveness', 'Bypass-Tunnel-Reminder': '1', Connection: 'close' },
        });
      } catch (err) {
        finish({ kind: 'note', reason: `cannot check ${target}: ${(err as Error).message}` });
        return;
      }
      req.on('error', (err: NodeJS.ErrnoException) => {
        if (err.code && DNS_CODES.has(err.code)) {
          const host = new URL(target).hostname;
          finish({
            kind: 'unresolvable',
            reason: `the public name ${host} does not resolve from this machine, so the tunnel cannot be checked from here (senders elsewhere may still reach it)`,
          });
        } else {
          finish({ kind: 'inconclusive', reason: `liveness check of ${target} failed: ${err.code ?? err.message}` });
        }
      });
      req.on('response', (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          if (body.length < 4096) body += chunk;
        });
        res.on('error', () => finish({ kind: 'inconclusive', reason: `liveness answer from ${target} broke off` }));
        res.on('end', () => finish(classifyAnswer(res, body, publicUrl)));
      });
      req.end();
    });
}
