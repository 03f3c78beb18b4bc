import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApiEvent } from '../../../../shared/api';
import { EventBus } from '../../events';
import { DeployLog, readDeployLog } from './deploy-log';
import { Redactor } from '../redact';

describe('deploy logs', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ad-log-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('writes timestamped, redacted lines and emits each one', async () => {
    const events = new EventBus();
    const seen: ApiEvent[] = [];
    events.subscribe((e) => seen.push(e));
    const log = await DeployLog.open(dir, events, 'd_abc', 'c_1', new Redactor(['hunter2-token']));
    log.line('checkout https://bob:pw@git.example.com/r.git\nwith hunter2-token');
    // on disk before close: a crash right now keeps it
    expect(await readDeployLog(dir, 'd_abc')).toMatch(/^\S+Z checkout https:\/\/\*\*\*@git\.example\.com\/r\.git\n\S+Z with \*\*\*\n$/);
    await log.close();
    expect(seen).toHaveLength(2);
    expect(seen[1]).toMatchObject({ type: 'deploy-log', deployId: 'd_abc', componentId: 'c_1', line: expect.stringMatching(/ with \*\*\*$/) });
  });

  it('refuses ids that could leave the logs folder, and says when there is no log', async () => {
    await expect(readDeployLog(dir, '../db')).rejects.toMatchObject({ code: 'validation' });
    await expect(readDeployLog(dir, 'd_x/../../etc')).rejects.toMatchObject({ code: 'validation' });
    await expect(readDeployLog(dir, 'd_missing')).rejects.toMatchObject({ code: 'not_found' });
  });
});
