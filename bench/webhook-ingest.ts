/**
 * Webhook ingest benchmark: signed GitHub push deliveries per second and answer latency of our
 * listener, side by side in the same run with Debian's `webhook` (adnanh/webhook, Go) checking
 * the same HMAC rule (payload-hmac-sha256 over the body, X-Hub-Signature-256) and running a
 * no-op command. The same load generators drive both, loopback only, bounded time.
 *
 *   npx tsx bench/webhook-ingest.ts [--duration 5] [--connections 32] [--rate 1000] [--rounds 5]
 *
 * Throughput: autocannon, closed loop, `--connections` keep-alive connections. Latency at a
 * fixed rate: an open-loop generator (see `paced`). CPU per delivery: the target's own CPU time
 * (and, for webhook, its reaped /bin/true children) over a throughput run, divided by answers —
 * the fairest number on a shared machine, where wall-clock results move with other load.
 *
 * Our listener runs in its own process (`--serve`), like webhook, so the load generator does
 * not share its event loop. Every request carries a unique X-GitHub-Delivery, so each one is a
 * new delivery: verified, parsed, matched, queued with the deploy scheduler (a counting stand-in
 * for the engine), remembered for duplicate detection and written to the delivery log.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request as httpRequest } from 'node:http';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const SECRET = 'bench-secret-0123456789';
const REPO = 'https://github.com/acme/shop-api.git';

// A realistic push: GitHub's shape with several commits (~5 KB).
function pushBody(): string {
  const commit = (i: number) => ({
    id: (i.toString(16) + 'a'.repeat(40)).slice(0, 40),
    message: i === 4 ? 'Release checkout fixes @deploy' : `Fix checkout rounding, part ${i}\n\nLonger description of the change number ${i}.`,
    timestamp: '2026-03-02T10:14:05+08:00',
    url: `https://github.com/acme/shop-api/commit/${i}`,
    author: { name: 'Li Wei', email: 'li.wei@example.com', username: 'liwei' },
    committer: { name: 'Li Wei', email: 'li.wei@example.com', username: 'liwei' },
    added: [],
    removed: [],
    modified: ['src/checkout.ts', 'src/money.ts'],
  });
  const commits = [0, 1, 2, 3, 4].map(commit);
  return JSON.stringify({
    ref: 'refs/heads/main',
    before: '9c3f1e2a7b0d4c5e6f708192a3b4c5d6e7f80912',
    after: commits[4].id,
    created: false,
    deleted: false,
    forced: false,
    compare: 'https://github.com/acme/shop-api/compare/9c3f1e2a7b0d...4d2a8b9c0e1f',
    head_commit: commits[4],
    commits,
    pusher: { name: 'liwei', email: 'li.wei@example.com' },
    sender: { login: 'liwei', id: 5812034 },
    repository: {
      id: 734001122,
      name: 'shop-api',
      full_name: 'acme/shop-api',
      owner: { login: 'acme' },
      html_url: 'https://github.com/acme/shop-api',
      clone_url: REPO,
      ssh_url: 'git@github.com:acme/shop-api.git',
      git_url: 'git://github.com/acme/shop-api.git',
      default_branch: 'main',
    },
  });
}

// ---------------------------------------------------------------------------------------------
// Server mode: our listener with a real Store and sealer in a temp dir.

async function serve(dir: string): Promise<void> {
  const { Store } = await import('../electron/core/store/store');
  const { FileKeySealer } = await import('../electron/core/store/sealer');
  const { newHookId, newId } = await import('../electron/core/store/secrets');
  const { EventBus } = await import('../electron/core/events');
  const { createWebhookListener } = await import('../electron/core/webhooks/listener');
  const { SEEN_FILE } = await import('../electron/core/ingest/seen-journal');
  const { storedComponent } = await import('../electron/core/store/document');
  const { deploySettings } = await import('../shared/schemas/component');
  const store = await Store.open(dir);
  const sealer = await FileKeySealer.open(join(dir, 'secret.key'));
  const now = new Date().toISOString();
  const component = storedComponent.parse({
    id: newId('c'),
    name: 'bench',
    autoBuild: true,
    source: { type: 'git', repo: REPO, branch: 'main', dockerfile: 'Dockerfile', context: '.', buildArgs: {} },
    triggers: { git: { enabled: true, keyword: 'deploy' } },
    deploy: deploySettings.parse({}),
    hookId: newHookId(),
    secrets: { git: sealer.seal(SECRET) },
    createdAt: now,
    updatedAt: now,
  });
  await store.update((d) => {
    d.components.push(component);
  });
  let queued = 0;
  const scheduler = {
    request: (req: { componentId: string; trigger: never; target: never }) => {
      queued++;
      return Promise.resolve({ id: newId('d'), componentId: req.componentId, componentName: 'bench', state: 'queued' as const, trigger: req.trigger, target: req.target, createdAt: new Date().toISOString() });
    },
  };
  const listener = createWebhookListener({ store, sealer, scheduler, events: new EventBus() });
  const { url } = await listener.listen(0, '127.0.0.1');
  console.log(JSON.stringify({ url, path: `/hooks/${component.hookId}/git` }));
  for await (const line of createInterface({ input: process.stdin })) {
    if (line === 'cpu') {
      const u = process.cpuUsage();
      const elu = performance.eventLoopUtilization();
      console.log(JSON.stringify({ cpuMs: (u.user + u.system) / 1000, busyMs: elu.active }));
    }
    if (line === 'stats') {
      const journal = await readFile(join(store.dataDir, SEEN_FILE), 'utf8').catch(() => '');
      console.log(JSON.stringify({ queued, deliveries: store.data.deliveries.length, seen: new Set(journal.split('\n').filter(Boolean).map((l) => l.split(' ')[0])).size }));
    }
    if (line === 'quit') break;
  }
  await listener.close();
  await store.close();
  process.exit(0);
}

// ---------------------------------------------------------------------------------------------
// Driver mode.

interface Histogram {
  p50: number;
  p90: number;
  p99: number;
  max: number;
  average: number;
}
interface AutocannonResult {
  requests: { total: number; average: number };
  latency: Histogram;
  non2xx: number;
  errors: number;
  timeouts: number;
  duration: number;
  '2xx': number;
}
type Autocannon = (opts: Record<string, unknown>) => Promise<AutocannonResult>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : Number(process.argv[i + 1]);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const a = srv.address();
      srv.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

async function waitUp(url: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    try {
      await fetch(url, { method: 'GET' });
      return;
    } catch {
      if (Date.now() > deadline) throw new Error(`${url} did not come up`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

async function startOurs(dir: string): Promise<{ child: ChildProcess; url: string; ask: (cmd: string) => Promise<string> }> {
  const self = fileURLToPath(import.meta.url);
  const child = spawn(process.execPath, ['--import', 'tsx', self, '--serve', dir], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout });
  const waiting: ((line: string) => void)[] = [];
  lines.on('line', (line) => waiting.shift()?.(line));
  const next = () => new Promise<string>((resolve) => waiting.push(resolve));
  const first = JSON.parse(await next()) as { url: string; path: string };
  return {
    child,
    url: first.url + first.path,
    ask: (cmd) => {
      const p = next();
      child.stdin.write(cmd + '\n');
      return p;
    },
  };
}

async function startAdnanh(dir: string): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort();
  const hooks = [
    {
      id: 'bench',
      'execute-command': '/bin/true',
      'command-working-directory': dir,
      'response-message': 'queued',
      'trigger-rule': { match: { type: 'payload-hmac-sha256', secret: SECRET, parameter: { source: 'header', name: 'X-Hub-Signature-256' } } },
      'trigger-rule-mismatch-http-response-code': 401,
    },
  ];
  const file = join(dir, 'hooks.json');
  await writeFile(file, JSON.stringify(hooks));
  const child = spawn('/usr/bin/webhook', ['-hooks', file, '-ip', '127.0.0.1', '-port', String(port)], { stdio: ['ignore', 'ignore', 'ignore'] });
  const url = `http://127.0.0.1:${port}/hooks/bench`;
  await waitUp(url);
  return { child, url };
}

function load(url: string, body: string, opts: { duration: number; connections: number; rate?: number; sameId?: boolean }): Promise<AutocannonResult> {
  return autocannon({
    url,
    method: 'POST',
    body,
    headers: {
      'content-type': 'application/json',
      'user-agent': 'GitHub-Hookshot/bench',
      'x-github-event': 'push',
      'x-github-delivery': opts.sameId ? 'warm-up' : '[<id>]',
      'x-hub-signature-256': `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`,
    },
    idReplacement: !opts.sameId,
    connections: opts.connections,
    duration: opts.duration,
    ...(opts.rate ? { overallRate: opts.rate } : {}),
  });
}

interface PacedResult {
  sent: number;
  rps: number;
  p50: number;
  p99: number;
  max: number;
  bad: number;
  /** The generator's worst lateness in sending a request (ms). */
  lag: number;
}

/**
 * Open-loop load at a fixed rate: request i is due at start + i/rate and is sent then, whether
 * or not earlier ones have been answered (so a stall of the listener shows up in every request
 * it delays, not just one). Latency counts from when the request was actually sent: on a busy
 * machine the generator itself is sometimes late, and that is not the listener's time (the
 * generator's worst lateness is reported). autocannon's own rate limit sends each second's
 * quota in a burst, which would measure the burst rather than the listener.
 */
async function paced(url: string, body: string, rate: number, durationS: number): Promise<PacedResult> {
  const u = new URL(url);
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const sig = `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`;
  const total = rate * durationS;
  const latencies: number[] = [];
  let bad = 0;
  let sent = 0;
  const pending = new Set<Promise<void>>();
  const start = performance.now();
  let lag = 0;
  const fire = (due: number, i: number): void => {
    const sentAt = performance.now();
    lag = Math.max(lag, sentAt - due);
    const p = new Promise<void>((resolve) => {
      const req = httpRequest(
        {
          agent,
          host: u.hostname,
          port: u.port,
          path: u.pathname,
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            'x-github-event': 'push',
            'x-github-delivery': `paced-${start}-${i}`,
            'x-hub-signature-256': sig,
          },
        },
        (res) => {
          res.resume();
          res.on('end', () => {
            latencies.push(performance.now() - sentAt);
            if ((res.statusCode ?? 0) >= 300) bad++;
            resolve();
          });
        },
      );
      req.on('error', () => {
        bad++;
        resolve();
      });
      req.end(body);
    });
    pending.add(p);
    void p.then(() => pending.delete(p));
  };
  while (sent < total) {
    const now = performance.now();
    const due = Math.min(total, Math.floor(((now - start) * rate) / 1000) + 1);
    for (; sent < due; sent++) fire(start + (sent * 1000) / rate, sent);
    await new Promise((r) => setTimeout(r, 1));
  }
  await Promise.all(pending);
  const elapsed = (performance.now() - start) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const pct = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
  return { sent, rps: sent / elapsed, p50: pct(0.5), p99: pct(0.99), max: latencies[latencies.length - 1] ?? NaN, bad, lag };
}

async function check(url: string, body: string, label: string): Promise<void> {
  const sig = `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`;
  const headers = { 'content-type': 'application/json', 'x-github-event': 'push', 'x-github-delivery': `check-${Date.now()}` };
  const good = await fetch(url, { method: 'POST', body, headers: { ...headers, 'x-hub-signature-256': sig } });
  const bad = await fetch(url, { method: 'POST', body, headers: { ...headers, 'x-hub-signature-256': `sha256=${'0'.repeat(64)}` } });
  if (good.status >= 300 || bad.status < 400) throw new Error(`${label}: the HMAC rule is not in force (good ${good.status}, bad ${bad.status})`);
}

const fmt = (n: number, digits = 0) => n.toFixed(digits).padStart(9);

/**
 * Wait until a process uses under 5% of a CPU over a quarter second (at most 15 s), then one
 * more second for the system to catch up (reaping, page cache writeback).
 */
async function settle(cpuMs: () => Promise<number>): Promise<void> {
  const deadline = Date.now() + 15_000;
  let last = await cpuMs();
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 250));
    const now = await cpuMs();
    if (now - last < 12.5) break;
    last = now;
  }
  await new Promise((r) => setTimeout(r, 1000));
}

/** CPU time of a process and its reaped children (/proc/<pid>/stat utime+stime+cutime+cstime). */
async function procCpuMs(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i]), 0);
  return (ticks * 1000) / 100; // USER_HZ is 100 on Linux
}

async function main(): Promise<void> {
  const duration = arg('duration', 5);
  const connections = arg('connections', 32);
  const rate = arg('rate', 1000);
  const rounds = arg('rounds', 5);
  const dir = await mkdtemp(join(tmpdir(), 'bench-webhook-'));
  const body = pushBody();
  const ours = await startOurs(dir);
  const theirs = await startAdnanh(dir);
  try {
    await check(ours.url, body, 'our listener');
    await check(theirs.url, body, 'adnanh/webhook');
    console.log(
      `signed GitHub push (${Buffer.byteLength(body)} bytes body), ${connections} connections, ${duration} s per run, ` +
        `${rounds} alternating rounds (median shown), loopback, ${cpus().length} CPUs, load average ${loadavg()[0].toFixed(1)}`,
    );
    const oursCpu = async () => (JSON.parse(await ours.ask('cpu')) as { cpuMs: number }).cpuMs;
    const theirsCpu = () => procCpuMs(theirs.child.pid!);
    const targets = [
      ['auto-deploy listener', ours.url, oursCpu],
      ['adnanh/webhook 2.8', theirs.url, theirsCpu],
    ] as const;
    const runs: Record<string, { max: AutocannonResult[]; fixed: PacedResult[]; cpuUs: number[] }> = {};
    // Warm-up (JIT, caches) with one delivery id: after the first, every request is a verified
    // duplicate, so the warm-up does not grow our document.
    for (const [name, url, cpu] of targets) {
      runs[name] = { max: [], fixed: [], cpuUs: [] };
      await load(url, body, { duration: 4, connections, sameId: true });
      await settle(cpu);
    }
    // Alternating rounds, so a burst of load from elsewhere on the machine hits both alike.
    // After each run the target must go quiet first (webhook still reaping its /bin/true
    // processes, our store writing its last batch), so neither run pays for the other.
    // The order alternates too: whoever runs second runs in the other's aftermath (webhook's
    // thousands of exited /bin/true processes, our last store write).
    for (let round = 0; round < rounds; round++) {
      for (const [name, url, cpu] of round % 2 === 0 ? targets : [...targets].reverse()) {
        const before = await cpu();
        const max = await load(url, body, { duration, connections });
        await settle(cpu);
        runs[name].cpuUs.push((((await cpu()) - before) * 1000) / max.requests.total);
        runs[name].max.push(max);
        runs[name].fixed.push(await paced(url, body, rate, duration));
        await settle(cpu);
      }
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    const summary = Object.fromEntries(
      Object.entries(runs).map(([name, r]) => [
        name,
        {
          rps: median(r.max.map((x) => x.requests.average)),
          p50: median(r.max.map((x) => x.latency.p50)),
          p99: median(r.max.map((x) => x.latency.p99)),
          bad: sum(r.max.map((x) => x.non2xx + x.errors + x.timeouts)) + sum(r.fixed.map((x) => x.bad)),
          fixedP50: median(r.fixed.map((x) => x.p50)),
          fixedP99: median(r.fixed.map((x) => x.p99)),
          fixedRps: median(r.fixed.map((x) => x.rps)),
          all: r.max.map((x) => Math.round(x.requests.average)).join('/'),
          cpuUs: median(r.cpuUs),
        },
      ]),
    );
    console.log('');
    console.log(`                         req/s    p50 ms    p99 ms | at ${rate}/s:  req/s   p50 ms   p99 ms | non-2xx+errors | CPU µs/delivery | req/s per round`);
    for (const [name, r] of Object.entries(summary)) {
      console.log(
        `${name.padEnd(22)}${fmt(r.rps)}${fmt(r.p50, 1)}${fmt(r.p99, 1)} |       ${fmt(r.fixedRps)}${fmt(r.fixedP50, 1)}${fmt(r.fixedP99, 1)} | ${fmt(r.bad)}      | ${fmt(r.cpuUs)}       | ${r.all}`,
      );
    }
    const [a, b] = Object.values(summary);
    console.log('');
    console.log(`throughput ratio (ours / adnanh): ${(a.rps / b.rps).toFixed(2)}`);
    console.log(
      `p99 at a steady ${rate} req/s (open loop, latency from when each request was sent): ` +
        `ours ${a.fixedP99.toFixed(1)} ms (p50 ${a.fixedP50.toFixed(1)}), adnanh ${b.fixedP99.toFixed(1)} ms (p50 ${b.fixedP50.toFixed(1)}); ` +
        `per round, ours: ${runs[targets[0][0]].fixed.map((f) => f.p99.toFixed(0)).join('/')} ms, ` +
        `adnanh: ${runs[targets[1][0]].fixed.map((f) => f.p99.toFixed(0)).join('/')} ms; ` +
        `generator's worst lateness ${Math.max(...Object.values(runs).flatMap((r) => r.fixed.map((f) => f.lag))).toFixed(0)} ms`,
    );
    console.log(`CPU per delivery (ours / adnanh, incl. its /bin/true children): ${(a.cpuUs / b.cpuUs).toFixed(2)}`);
    const stats = JSON.parse(await ours.ask('stats')) as { queued: number; deliveries: number; seen: number };
    console.log(
      `our listener queued ${stats.queued} deploy requests (every 2xx answer is a verified, matched, queued delivery with a unique id); ` +
        `${stats.seen} delivery ids remembered for dedup; delivery log holds the newest ${stats.deliveries}.`,
    );
    console.log('adnanh/webhook answers 200 after checking the HMAC and starting /bin/true in the background (no dedup, no log).');
  } finally {
    ours.child.stdin!.write('quit\n');
    theirs.child.kill('SIGTERM');
    await new Promise((r) => ours.child.once('exit', r));
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv.includes('--serve')) await serve(process.argv[process.argv.indexOf('--serve') + 1]);
else await main();
