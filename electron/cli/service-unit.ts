/**
 * The text of the service definitions `autodeploy install-service` writes: a systemd user unit
 * (Linux) and a launchd agent (macOS). Pure functions, so the exact text is tested here even
 * though neither service manager can run in the test environment.
 */
import { join } from 'node:path';

export const SERVICE_NAME = 'autodeploy';
export const LAUNCHD_LABEL = 'dev.autodeploy.serve';

export interface ServiceCommand {
  /** Absolute path of the Node binary that runs the engine (the one running the installer). */
  node: string;
  /** Absolute path of bin/autodeploy.mjs. */
  bin: string;
  /** Arguments after `serve` (data dir, ports), passed through from the installer's command line. */
  serveArgs: string[];
  /** Environment the engine needs from the installer's shell (DOCKER_HOST, PATH). */
  env: Record<string, string>;
}

/** One ExecStart word: systemd splits on spaces and expands `%` specifiers and `$VARS`. */
function systemdWord(word: string): string {
  const escaped = word.replace(/%/g, '%%').replace(/\$/g, '$$$$');
  if (/^[A-Za-z0-9_@%$+=:,./-]+$/.test(escaped)) return escaped;
  return `"${escaped.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

export function systemdUnit(cmd: ServiceCommand): string {
  const exec = [cmd.node, cmd.bin, 'serve', ...cmd.serveArgs].map(systemdWord).join(' ');
  // Environment= expands `%` specifiers but not `$VARS`
  const env = Object.entries(cmd.env).map(([k, v]) => `Environment="${`${k}=${v}`.replace(/%/g, '%%').replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`);
  return [
    '# Written by `autodeploy install-service`; remove with the commands it printed.',
    '[Unit]',
    'Description=Auto Deploy (headless): webhooks in, containers deployed',
    'After=network-online.target',
    'Wants=network-online.target',
    '',
    '[Service]',
    'Type=simple',
    `ExecStart=${exec}`,
    ...env,
    // stdout/stderr go to the journal; serve prints the control token only to a terminal
    'StandardOutput=journal',
    'StandardError=journal',
    'Restart=on-failure',
    'RestartSec=5',
    // serve stops gracefully on SIGTERM within 20 s (running deploys get 15 s)
    'KillSignal=SIGTERM',
    'TimeoutStopSec=30',
    '',
    '[Install]',
    'WantedBy=default.target',
    '',
  ].join('\n');
}

const xml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function launchdPlist(cmd: ServiceCommand, logFile: string): string {
  const args = [cmd.node, cmd.bin, 'serve', ...cmd.serveArgs].map((a) => `    <string>${xml(a)}</string>`);
  const env = Object.entries(cmd.env).flatMap(([k, v]) => [`    <key>${xml(k)}</key>`, `    <string>${xml(v)}</string>`]);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">',
    '<!-- Written by `autodeploy install-service`; remove with the commands it printed. -->',
    '<plist version="1.0">',
    '<dict>',
    '  <key>Label</key>',
    `  <string>${LAUNCHD_LABEL}</string>`,
    '  <key>ProgramArguments</key>',
    '  <array>',
    ...args,
    '  </array>',
    ...(env.length ? ['  <key>EnvironmentVariables</key>', '  <dict>', ...env, '  </dict>'] : []),
    '  <key>RunAtLoad</key>',
    '  <true/>',
    '  <key>KeepAlive</key>',
    '  <dict>',
    '    <key>SuccessfulExit</key>',
    '    <false/>',
    '  </dict>',
    '  <key>ExitTimeOut</key>',
    '  <integer>30</integer>',
    '  <key>StandardOutPath</key>',
    `  <string>${xml(logFile)}</string>`,
    '  <key>StandardErrorPath</key>',
    `  <string>${xml(logFile)}</string>`,
    '</dict>',
    '</plist>',
    '',
  ].join('\n');
}

export interface ServicePlan {
  /** Where the definition goes. */
  file: string;
  text: string;
  /** Shell commands that start it now and at every boot/login. */
  enable: string[];
  /** Shell commands that stop it and remove the file. */
  undo: string[];
  /** Where its output goes. */
  logs: string;
}

export function servicePlan(cmd: ServiceCommand, platform: NodeJS.Platform, home: string, env: NodeJS.ProcessEnv): ServicePlan {
  if (platform === 'linux') {
    const file = join(env.XDG_CONFIG_HOME || join(home, '.config'), 'systemd', 'user', `${SERVICE_NAME}.service`);
    return {
      file,
      text: systemdUnit(cmd),
      enable: [
        'systemctl --user daemon-reload',
        `systemctl --user enable --now ${SERVICE_NAME}.service`,
        '# to run at boot without logging in: loginctl enable-linger "$USER"',
      ],
      undo: [`systemctl --user disable --now ${SERVICE_NAME}.service`, `rm '${file}'`, 'systemctl --user daemon-reload'],
      logs: `journalctl --user -u ${SERVICE_NAME} -f`,
    };
  }
  if (platform === 'darwin') {
    const file = join(home, 'Library', 'LaunchAgents', `${LAUNCHD_LABEL}.plist`);
    const logFile = join(home, 'Library', 'Logs', 'autodeploy.log');
    return {
      file,
      text: launchdPlist(cmd, logFile),
      enable: [`launchctl bootstrap gui/$(id -u) '${file}'`],
      undo: [`launchctl bootout gui/$(id -u) '${file}'`, `rm '${file}'`],
      logs: `tail -f '${logFile}'`,
    };
  }
  throw new Error(`install-service supports Linux (systemd) and macOS (launchd), not ${platform}`);
}
