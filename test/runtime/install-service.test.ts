/**
 * `autodeploy install-service`: the exact systemd unit and launchd agent text (neither service
 * manager runs here), `--print` writing nothing, and the real command writing the unit where
 * systemd's user manager reads it.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchdPlist, servicePlan, systemdUnit } from '../../electron/cli/service-unit';
import { BIN } from '../support/serve';

const run = promisify(execFile);

describe('service definitions', () => {
  const cmd = {
    node: '/usr/bin/node',
    bin: '/opt/auto deploy/bin/autodeploy.mjs',
    serveArgs: ['--data-dir', '/srv/ad 100%', '--webhook-port', '7780'],
    env: { DOCKER_HOST: 'unix:///run/user/1000/docker.sock', PATH: '/usr/local/bin:/usr/bin' },
  };

  it('systemd: runs serve with the given node and bin, logs to the journal, restarts on failure', () => {
    expect(systemdUnit(cmd)).toBe(
      [
        '# Written by `autodeploy install-service`; remove with the commands it printed.',
        '[Unit]',
        'Description=Auto Deploy (headless): webhooks in, containers deployed',
        'After=network-online.target',
        'Wants=network-online.target',
        '',
        '[Service]',
        'Type=simple',
        // spaces quoted, % doubled (systemd specifiers)
        'ExecStart=/usr/bin/node "/opt/auto deploy/bin/autodeploy.mjs" serve --data-dir "/srv/ad 100%%" --webhook-port 7780',
        'Environment="DOCKER_HOST=unix:///run/user/1000/docker.sock"',
        'Environment="PATH=/usr/local/bin:/usr/bin"',
        'StandardOutput=journal',
        'StandardError=journal',
        'Restart=on-failure',
        'RestartSec=5',
        'KillSignal=SIGTERM',
        'TimeoutStopSec=30',
        '',
        '[Install]',
        'WantedBy=default.target',
        '',
      ].join('\n'),
    );
  });

  it('systemd: a $ in an argument is passed literally', () => {
    expect(systemdUnit({ ...cmd, serveArgs: ['--data-dir', '/srv/$HOME'], env: {} })).toContain('--data-dir /srv/$$HOME\n');
  });

  it('launchd: the same command, run at load, kept alive after a crash, logs to a file', () => {
    const plist = launchdPlist({ ...cmd, serveArgs: ['--data-dir', '/srv/a&b'] }, '/Users/me/Library/Logs/autodeploy.log');
    expect(plist).toContain(
      [
        '  <key>ProgramArguments</key>',
        '  <array>',
        '    <string>/usr/bin/node</string>',
        '    <string>/opt/auto deploy/bin/autodeploy.mjs</string>',
        '    <string>serve</string>',
        '    <string>--data-dir</string>',
        '    <string>/srv/a&amp;b</string>',
        '  </array>',
      ].join('\n'),
    );
    expect(plist).toContain('<key>Label</key>\n  <string>dev.autodeploy.serve</string>');
    expect(plist).toContain('<key>RunAtLoad</key>\n  <true/>');
    expect(plist).toContain('<key>SuccessfulExit</key>\n    <false/>');
    expect(plist).toContain('<key>StandardOutPath</key>\n  <string>/Users/me/Library/Logs/autodeploy.log</string>');
    expect(plist).toContain('<key>DOCKER_HOST</key>\n    <string>unix:///run/user/1000/docker.sock</string>');
  });

  it('places each where its manager reads it and says how to undo it', () => {
    const linux = servicePlan(cmd, 'linux', '/home/me', {});
    expect(linux.file).toBe('/home/me/.config/systemd/user/autodeploy.service');
    expect(servicePlan(cmd, 'linux', '/home/me', { XDG_CONFIG_HOME: '/cfg' }).file).toBe('/cfg/systemd/user/autodeploy.service');
    expect(linux.undo).toEqual(['systemctl --user disable --now autodeploy.service', "rm '/home/me/.config/systemd/user/autodeploy.service'", 'systemctl --user daemon-reload']);
    const mac = servicePlan(cmd, 'darwin', '/Users/me', {});
    expect(mac.file).toBe('/Users/me/Library/LaunchAgents/dev.autodeploy.serve.plist');
    expect(mac.undo[0]).toBe("launchctl bootout gui/$(id -u) '/Users/me/Library/LaunchAgents/dev.autodeploy.serve.plist'");
    expect(() => servicePlan(cmd, 'win32', 'C:\\Users\\me', {})).toThrow(/Linux \(systemd\) and macOS \(launchd\)/);
  });
});

describe('autodeploy install-service', () => {
  let home: string;
  const env = (): NodeJS.ProcessEnv => ({ ...process.env, HOME: home, XDG_CONFIG_HOME: '' });
  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), 'ad-home-'));
  });
  afterAll(async () => {
    await rm(home, { recursive: true, force: true });
  });

  it('--print shows the unit and writes nothing', async () => {
    const { stdout } = await run(process.execPath, [BIN, 'install-service', '--print', '--data-dir', '/srv/ad'], { env: env() });
    expect(stdout).toContain(`(not written: --print)`);
    expect(stdout).toContain(`ExecStart=${process.execPath} ${BIN} serve --data-dir /srv/ad\n`);
    expect(await readdir(home)).toEqual([]);
  });

  it('writes the unit it prints, with the undo commands, and will not overwrite it unasked', async () => {
    const { stdout } = await run(process.execPath, [BIN, 'install-service', '--data-dir', 'relative/data'], { env: env(), cwd: home });
    const file = join(home, '.config', 'systemd', 'user', 'autodeploy.service');
    const unit = await readFile(file, 'utf8');
    expect(stdout).toContain(`Wrote ${file}:\n\n${unit}`);
    // the data dir made absolute: the service does not start in this working directory
    expect(unit).toContain(`serve --data-dir ${join(home, 'relative', 'data')}\n`);
    expect(stdout).toContain('systemctl --user enable --now autodeploy.service');
    expect(stdout).toContain(`Undo:\n  systemctl --user disable --now autodeploy.service\n  rm '${file}'`);
    expect(stdout).not.toMatch(/token=/);
    await expect(run(process.execPath, [BIN, 'install-service'], { env: env() })).rejects.toThrow(/already exists .*--force/);
    await run(process.execPath, [BIN, 'install-service', '--force'], { env: env() });
    expect(await readFile(file, 'utf8')).toContain(`ExecStart=${process.execPath} ${BIN} serve\n`);
  });
});
