/**
 * A real `serve` for one suite: started on a temp data dir before its tests and stopped after
 * them, the components it created (containers, images) removed; components are created through
 * the control API and a deploy is followed there until it ends.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { isFinal, type DeployState } from '../../shared/schemas/deploy';
import { cleanupComponents } from '../deploy/helpers';
import { ensureBaseImage } from '../support/docker';
import { startServe, type ServeProcess } from '../support/serve';
import { createServed, type ServedComponent } from './serve-hooks';

/** A deploy as the control API shows it (the fields these suites read). */
export interface DeployRow {
  id: string;
  state: DeployState;
  reason?: string;
  result?: { commit?: string };
}

export class ServedSuite {
  private dir?: string;
  private process?: ServeProcess;
  private readonly ids: string[] = [];
  private readonly names: string[] = [];

  constructor(private readonly dirPrefix: string) {}

  get serve(): ServeProcess {
    if (!this.process) throw new Error('serve is not running (it starts before the suite)');
    return this.process;
  }

  async start(): Promise<void> {
    await ensureBaseImage();
    this.dir = await mkdtemp(join(tmpdir(), this.dirPrefix));
    this.process = await startServe({ dataDir: this.dir });
  }

  /** Creates a component through the control API; it is removed after the suite. */
  async component(body: Record<string, unknown> & { name: string }): Promise<ServedComponent> {
    this.names.push(body.name);
    const created = await createServed(this.serve, body);
    this.ids.push(created.id);
    return created;
  }

  /** The deploy once it has ended (polled every 200 ms, at most 900 times). */
  async waitFinal(deployId: string): Promise<DeployRow> {
    for (let i = 0; i < 900; i++) {
      const d = (await (await this.serve.api(`/deploys/${deployId}`)).json()) as DeployRow;
      if (isFinal(d.state)) return d;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`deploy ${deployId} did not end`);
  }

  async stop(): Promise<void> {
    await this.process?.stop();
    await cleanupComponents(this.ids, this.names);
    if (this.dir) await rm(this.dir, { recursive: true, force: true });
  }
}

/** A served suite for the calling describe block: `serve` runs from before its tests until after them. */
export function useServedSuite(dirPrefix: string): ServedSuite {
  const suite = new ServedSuite(dirPrefix);
  beforeAll(() => suite.start());
  afterAll(() => suite.stop());
  return suite;
}
