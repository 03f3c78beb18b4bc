/**
 * The localtunnel registration request (`GET <host>/?new` or `GET <host>/<subdomain>`), done
 * by us instead of by the client: client 2.0.2 retries it every second forever, with no way to
 * abort, on any non-2xx answer, refused connection or DNS failure (docs/tunnel.md §3). Here it is
 * one bounded, abortable request whose failure says what went wrong and whether retrying helps.
 */
import type { ClientRequest, IncomingMessage } from 'node:http';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

export class RegistrationError extends Error {
  constructor(message: string, readonly retryable: boolean) {
    super(message);
    this.name = 'RegistrationError';
  }
}

/** The fields of the answer the manager needs; `body` goes to the client unchanged. */
export interface RegistrationAnswer {
  id: string;
  port: number;
  url: string;
  body: Record<string, unknown>;
}

const MAX_BODY_BYTES = 64 * 1024;

/** Same string concatenation as client 2.0.2 (`host` must not end in `/`). */
function registrationUrl(host: string, subdomain: string | undefined): string {
  return `${host}/${subdomain ?? '?new'}`;
}

function networkReason(err: NodeJS.ErrnoException, host: string): string {
  const hostname = safeHostname(host);
  switch (err.code) {
    case 'ECONNREFUSED':
      return `tunnel server ${host} refused the connection (is it running?)`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_NODATA':
    case 'ENODATA':
      return `tunnel server name ${hostname} does not resolve (offline, or a typo in the host?)`;
    default:
      return `could not reach tunnel server ${host}: ${err.code ? `${err.code} ` : ''}${err.message}`;
  }
}

function safeHostname(host: string): string {
  try {
    return new URL(host).hostname;
  } catch {
    return host;
  }
}

/** `message` from a JSON error body, else the start of a text body. */
function serverMessage(raw: string, contentType: string | undefined): string | undefined {
  try {
    const parsed: unknown = JSON.parse(raw);
    if (parsed && typeof parsed === 'object' && typeof (parsed as { message?: unknown }).message === 'string') {
      return (parsed as { message: string }).message;
    }
  } catch {
    // not JSON
  }
  if (contentType?.includes('html')) return undefined;
  const text = raw.trim().replace(/\s+/g, ' ');
  return text ? text.slice(0, 200) : undefined;
}

function classify(res: IncomingMessage, raw: string, host: string): RegistrationAnswer {
  const status = res.statusCode ?? 0;
  if (status === 200) {
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      body = undefined;
    }
    const b = body as Record<string, unknown> | undefined;
    if (!b || typeof b !== 'object' || typeof b.id !== 'string' || typeof b.port !== 'number') {
      throw new RegistrationError(`${host} answered 200 but not with a localtunnel registration (is it a localtunnel server?)`, false);
    }
    return { id: b.id, port: b.port, url: typeof b.url === 'string' ? b.url : '', body: b };
  }
  const message = serverMessage(raw, res.headers['content-type']);
  const detail = message ? `: ${message}` : '';
  if (status >= 200 && status < 300) {
    // the one answer client 2.0.2 treats as a definite refusal
    throw new RegistrationError(`tunnel server refused the tunnel (${status})${detail || ': localtunnel server returned an error'}`, false);
  }
  if (status >= 300 && status < 400) {
    const to = res.headers.location ? ` to ${res.headers.location}` : '';
    throw new RegistrationError(`tunnel server answered ${status} (redirect${to}); check the host URL (no path, no trailing slash)`, false);
  }
  if (status === 408 || status === 429 || status >= 500) {
    throw new RegistrationError(`tunnel server ${host} answered ${status}${detail}`, true);
  }
  throw new RegistrationError(`tunnel server rejected the registration (${status})${detail}`, false);
}

/** One registration request, bounded by `timeoutMs` and cancelled by `signal`. */
export function register(
  host: string,
  subdomain: string | undefined,
  options: { timeoutMs: number; signal: AbortSignal },
): Promise<RegistrationAnswer> {
  return new Promise((resolve, reject) => {
    if (options.signal.aborted) {
      reject(new RegistrationError('registration cancelled', false));
      return;
    }
    const url = registrationUrl(host, subdomain);
    let settled = false;
    let req: ClientRequest | undefined;
    const finish = (err: Error | undefined, answer?: RegistrationAnswer): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal.removeEventListener('abort', onAbort);
      req?.destroy();
      if (err) reject(err);
      else resolve(answer!);
    };
    const timer = setTimeout(() => {
      finish(new RegistrationError(`no answer from tunnel server ${host} within ${Math.round(options.timeoutMs / 100) / 10} s`, true));
    }, options.timeoutMs);
    const onAbort = (): void => finish(new RegistrationError('registration cancelled', false));
    options.signal.addEventListener('abort', onAbort, { once: true });
    try {
      const send = url.startsWith('https:') ? httpsRequest : httpRequest;
      req = send(url, {
        method: 'GET',
        agent: false,
        headers: { Accept: 'application/json', 'User-Agent': 'auto-deploy-tunnel', Connection: 'close' },
      });
    } catch (err) {
      finish(new RegistrationError(`invalid tunnel server URL ${host}: ${(err as Error).message}`, false));
      return;
    }
    req.on('error', (err: NodeJS.ErrnoException) => finish(new RegistrationError(networkReason(err, host), true)));
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_BODY_BYTES) {
          finish(new RegistrationError(`tunnel server ${host} sent an oversized registration answer`, false));
          return;
        }
        chunks.push(chunk);
      });
      res.on('error', (err: NodeJS.ErrnoException) => finish(new RegistrationError(networkReason(err, host), true)));
      res.on('end', () => {
        try {
          finish(undefined, classify(res, Buffer.concat(chunks).toString('utf8'), host));
        } catch (err) {
          finish(err as Error);
        }
      });
    });
    req.end();
  });
}
