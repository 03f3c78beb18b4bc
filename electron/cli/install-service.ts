/**
 * `autodeploy install-service`: writes a service definition that runs `autodeploy serve` at
 * login/boot (systemd user unit on Linux, launchd agent on macOS) and prints how to start it,
 * where its logs go and how to undo it. `--print` only shows it. It writes a file and nothing
 * else: enabling is one printed command the user runs, so nothing here needs privileges or
 * changes a running system behind the user's back.
 */
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { SERVE_OPTIONS } from './serve-options';
import { servicePlan } from './service-unit';

export const INSTALL_SERVICE_USAGE = `Usage: autodeploy install-service [options]

Writes a systemd user unit (Linux) or a launchd agent (macOS) that runs \`autodeploy serve\`
with the options below, and prints how to start it, read its logs and undo it.

Options:
  --print                 only show what would be written
  --force                 replace an existing definition
  --data-dir <dir>        passed to serve
  --webhook-port <port>   passed to serve
  --host <address>        passed to serve
  --control-port <port>   passed to serve
  -h, --help              show this help
`;

export interface InstallServiceContext {
  /** Absolute path of bin/autodeploy.mjs. */
  bin: string;
  out?: (line: string) => void;
  platform?: NodeJS.Platform;
  env?: NodeJS.ProcessEnv;
}

export async function installService(argv: string[], ctx: InstallServiceContext): Promise<void> {
  const out = ctx.out ?? ((line: string) => process.stdout.write(line + '\n'));
  const env = ctx.env ?? process.env;
  const { values } = parseArgs({
    args: argv,
    options: { ...SERVE_OPTIONS, print: { type: 'boolean' }, force: { type: 'boolean' } },
    strict: true,
  });
  if (values.help) {
    out(INSTALL_SERVICE_USAGE.trimEnd());
    return;
  }
  const serveArgs: string[] = [];
  // an absolute data dir: the service does not start in the installer's working directory
  if (values['data-dir'] !== undefined) serveArgs.push('--data-dir', resolve(values['data-dir']));
  for (const name of ['webhook-port', 'host', 'control-port'] as const) {
    const v = values[name];
    if (v !== undefined) serveArgs.push(`--${name}`, v);
  }
  // What serve needs from this shell: where Docker is, and a PATH to find `git` and `docker`.
  const passEnv: Record<string, string> = {};
  for (const name of ['DOCKER_HOST', 'DOCKER_CERT_PATH', 'DOCKER_TLS_VERIFY', 'PATH']) {
    const v = env[name];
    if (v) passEnv[name] = v;
  }
  const plan = servicePlan({ node: process.execPath, bin: ctx.bin, serveArgs, env: passEnv }, ctx.platform ?? process.platform, homedir(), env);

  if (values.print) {
    out(`# ${plan.file} (not written: --print)`);
    out(plan.text);
    return;
  }
  if (existsSync(plan.file) && !values.force) {
    throw new Error(`${plan.file} already exists (undo it first, or pass --force to replace it)`);
  }
  await mkdir(dirname(plan.file), { recursive: true });
  await writeFile(plan.file, plan.text, { mode: 0o644 });
  out(`Wrote ${plan.file}:`);
  out('');
  out(plan.text);
  out('Start it now and at every login:');
  for (const c of plan.enable) out(`  ${c}`);
  out(`Logs (the control token is never logged; it is in the data directory's control-token file):`);
  out(`  ${plan.logs}`);
  out('Undo:');
  for (const c of plan.undo) out(`  ${c}`);
}
