/**
 * `autodeploy serve`: the engine without Electron, for servers and machines without a
 * display. Starts the webhook listener, the deploy engine and the loopback control server
 * (REST + SSE + the built dashboard), and stops gracefully on SIGINT/SIGTERM.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { installService } from './cli/install-service';
import { SERVE_OPTIONS } from './cli/serve-options';
import { createControlServer } from './core/control/server';
import { loadOrCreateToken } from './core/control/token';
import { defaultDataDir } from './core/data-dir';
import { createEngine } from './core/engine';
import { lockDataDir } from './core/store/data-dir-lock';
import { checkSealingKeys, keyFileKey } from './core/store/key-check';
import { FileKeySealer, SECRET_KEY_FILE } from './core/store/sealer';

/** The package's folder: two up from the compiled out/headless/index.js, one up from this source. */
function packageRoot(): string {
  let dir = fileURLToPath(new URL('.', import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('package.json not found above the engine');
    dir = parent;
  }
  return dir;
}

const ROOT = packageRoot();
const USAGE = `Usage: autodeploy serve [options]
       autodeploy install-service [--print] (run serve at login/boot; --help for more)

Runs Auto Deploy without a desktop: webhook listener, deploy engine, and a loopback
control API + dashboard (bearer token printed below).

Options:
  --data-dir <dir>        data directory (default: ${defaultDataDir()})
  --webhook-port <port>   webhook listener port (default: from settings, 7780)
  --host <address>        webhook listener bind address (default: 127.0.0.1)
  --control-port <port>   control API + dashboard port, always on 127.0.0.1 (default: 7781)
  -h, --help              show this help
`;

function port(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`${name} must be a port number (0–65535), got "${value}"`);
  return n;
}

async function serve(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: SERVE_OPTIONS,
    strict: true,
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  // The dashboard is built by `npm run build`, never here: a build at start would slow every
  // start and replace files under another running instance.
  const staticDir = join(ROOT, 'out', 'renderer');
  if (!existsSync(join(staticDir, 'index.html'))) {
    throw new Error(`the dashboard is not built (${join(staticDir, 'index.html')} is missing): run \`npm run build\` in ${ROOT}`);
  }
  const dataDir = resolve(values['data-dir'] ?? defaultDataDir());
  const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  // held for the life of the process (the OS drops it when the process dies)
  await lockDataDir(dataDir);
  await checkSealingKeys(dataDir, [keyFileKey(join(dataDir, SECRET_KEY_FILE))]);
  const sealer = await FileKeySealer.open(join(dataDir, SECRET_KEY_FILE));
  let controlPort = 0;
  const engine = await createEngine({
    privatePorts: () => [controlPort],
    headless: true,
    dataDir,
    sealer,
    version,
    webhookPort: port(values['webhook-port'], '--webhook-port'),
    webhookHost: values.host,
  });
  const token = await loadOrCreateToken(dataDir);
  const control = createControlServer({
    api: engine.api,
    events: engine.events,
    token,
    staticDir,
    onError: (err) => console.error('control API error:', err),
  });
  const { url, port: boundControlPort } = await control.listen(port(values['control-port'], '--control-port') ?? 7781, '127.0.0.1');
  controlPort = boundControlPort;
  try {
    await engine.start();
  } catch (err) {
    await control.close();
    await engine.stop(1000);
    throw err;
  }
  const status = await engine.status();
  console.log(`Auto Deploy ${version} serving (data: ${dataDir})`);
  console.log(`Webhooks:  ${status.listenerUrl}/hooks/<hook id>/{git,image,api}`);
  console.log(`Control:   ${url}/api (Authorization: Bearer <token in ${join(dataDir, 'control-token')}>)`);
  // The token-bearing link only to a terminal: under a service manager stdout is a log (journal,
  // file) and the token must never land there.
  console.log(process.stdout.isTTY ? `Dashboard: ${url}/#token=${token}` : `Dashboard: ${url}/ (sign in with the token in ${join(dataDir, 'control-token')})`);
  if (!status.docker.ok) console.warn(`Warning: ${status.docker.error ?? 'Docker engine not reachable'}`);
  for (const w of status.warnings) console.warn(`Warning: ${w}`);

  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping…`);
    const force = setTimeout(() => process.exit(1), 20_000);
    force.unref();
    void Promise.allSettled([control.close(), engine.stop(15_000)]).then(() => {
      console.log('stopped');
      process.exit(0);
    });
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (command === 'serve') return serve(rest);
  if (command === 'install-service') return installService(rest, { bin: join(ROOT, 'bin', 'autodeploy.mjs') });
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(USAGE);
    return;
  }
  throw new Error(`unknown command "${command}" (try: autodeploy serve --help)`);
}

main(process.argv.slice(2)).catch((err: unknown) => {
  console.error(`autodeploy: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
