import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SEEN_FILE, SeenJournal } from './seen-journal';

const HOUR = 3600_000;
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ad-seen-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('SeenJournal', () => {
  it('remembers ids across a reload, honours forget, and drops expired ones', async () => {
    let now = Date.parse('2026-05-01T00:00:00Z');
    const a = new SeenJournal(dir, 48 * HOUR, () => now);
    await a.load();
    a.set('old', new Date(now).toISOString());
    now += 30 * HOUR;
    a.set('fresh', new Date(now).toISOString());
    a.set('gone', new Date(now).toISOString());
    a.set('gone', null);
    await a.flush();
    expect((await readFile(join(dir, SEEN_FILE), 'utf8')).trim().split('\n')).toHaveLength(4);

    now += 20 * HOUR; // 'old' is 50 h old now
    const b = new SeenJournal(dir, 48 * HOUR, () => now);
    await b.load();
    expect(b.get('fresh')).toBe('2026-05-02T06:00:00.000Z');
    expect(b.get('old')).toBeUndefined();
    expect(b.get('gone')).toBeUndefined();
    // loading compacts the file to what is live
    expect(await readFile(join(dir, SEEN_FILE), 'utf8')).toBe('fresh 2026-05-02T06:00:00.000Z\n');
  });

  it('ignores a torn last line and junk', async () => {
    const t = new Date().toISOString();
    await writeFile(join(dir, SEEN_FILE), `good ${t}\nnot a line\nbad key! ${t}\ntorn 2026-0`);
    const j = new SeenJournal(dir, 48 * HOUR);
    await j.load();
    expect(j.size).toBe(1);
    expect(j.get('good')).toBe(t);
  });

  it('compacts when most of the file is stale', async () => {
    const j = new SeenJournal(dir, 48 * HOUR);
    await j.load();
    const t = new Date().toISOString();
    for (let i = 0; i < 1500; i++) {
      j.set(`k${i}`, t);
      j.set(`k${i}`, null);
    }
    j.set('keep', t);
    await j.flush();
    expect(await readFile(join(dir, SEEN_FILE), 'utf8')).toBe(`keep ${t}\n`);
  });
});
