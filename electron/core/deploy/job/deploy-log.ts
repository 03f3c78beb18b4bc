/**
 * One log file per deploy (`<dataDir>/logs/<deployId>.log`): timestamped lines, redacted,
 * each also emitted as a `deploy-log` event for live views.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { appendFile, mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ApiError } from '../../../../shared/api';
import { TEXT_LIMITS, cleanText } from '../../../../shared/clean-text';
import type { EventBus } from '../../events';
import { Redactor } from '../redact';

const DEPLOY_ID_RE = /^[A-Za-z0-9_-]{1,64}$/;

export const logsDir = (dataDir: string): string => join(dataDir, 'logs');

export function deployLogPath(dataDir: string, deployId: string): string {
  if (!DEPLOY_ID_RE.test(deployId)) throw new ApiError('validation', `"${deployId.slice(0, 80)}" is not a deploy id`);
  return join(logsDir(dataDir), `${deployId}.log`);
}

const stamp = (lines: string, redactor: Redactor): string[] => {
  const ts = new Date().toISOString();
  return redactor
    .apply(lines)
    .split(/\r?\n/)
    // build output, commit subjects and container logs are outside text: no terminal escapes
    .map((l) => cleanText(l, TEXT_LIMITS.logLine).replace(/\n/g, ' '))
    .filter((l) => l.trim() !== '')
    .map((l) => `${ts} ${l}`);
};

/**
 * Lines are written synchronously: a line an event has announced is in the file even if the
 * process is killed the next instant (the crash-recovery log depends on it). A failing log
 * disk does not fail the deploy; the lines still reach live viewers.
 */
export class DeployLog {
  private fd: number | undefined;
  readonly redactor: Redactor;

  private constructor(
    private readonly events: EventBus,
    readonly deployId: string,
    readonly componentId: string,
    path: string,
    redactor: Redactor,
  ) {
    this.redactor = redactor;
    try {
      this.fd = openSync(path, 'a', 0o600);
    } catch {
      this.fd = undefined;
    }
  }

  static async open(dataDir: string, events: EventBus, deployId: string, componentId: string, redactor = new Redactor()): Promise<DeployLog> {
    const path = deployLogPath(dataDir, deployId);
    await mkdir(logsDir(dataDir), { recursive: true, mode: 0o700 });
    return new DeployLog(events, deployId, componentId, path, redactor);
  }

  /** Log one message (may span lines). */
  line(message: string): void {
    const lines = stamp(message, this.redactor);
    if (this.fd !== undefined && lines.length) {
      try {
        writeSync(this.fd, lines.map((l) => l + '\n').join(''));
      } catch {
        // see the class comment
      }
    }
    for (const l of lines) this.events.emit({ type: 'deploy-log', deployId: this.deployId, componentId: this.componentId, line: l });
  }

  close(): Promise<void> {
    if (this.fd !== undefined) {
      closeSync(this.fd);
      this.fd = undefined;
    }
    return Promise.resolve();
  }
}

/** Append lines to a deploy's log outside a running job (queue events, crash recovery). */
export async function appendDeployLog(dataDir: string, events: EventBus, deployId: string, componentId: string, message: string): Promise<void> {
  const lines = stamp(message, new Redactor());
  await mkdir(logsDir(dataDir), { recursive: true, mode: 0o700 });
  await appendFile(deployLogPath(dataDir, deployId), lines.map((l) => l + '\n').join(''), { mode: 0o600 });
  for (const line of lines) events.emit({ type: 'deploy-log', deployId, componentId, line });
}

/** The whole log of a deploy. Throws ApiError validation/not_found. */
export async function readDeployLog(dataDir: string, deployId: string): Promise<string> {
  try {
    return await readFile(deployLogPath(dataDir, deployId), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new ApiError('not_found', `no log for deploy ${deployId}`);
    throw err;
  }
}

export async function removeDeployLog(dataDir: string, deployId: string): Promise<void> {
  await rm(deployLogPath(dataDir, deployId), { force: true });
}
