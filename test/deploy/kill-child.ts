/** Run a DeployManager in a child process (fixtures/deploy-child.ts) and SIGKILL it mid-deploy. */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const CHILD = fileURLToPath(new URL('./fixtures/deploy-child.ts', import.meta.url));

/** SIGKILL the child once a deploy log line matches `killAt`; resolves with the deploy id. */
export async function killMidDeploy(dataDir: string, componentId: string, commit: string, killAt: RegExp): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dataDir, componentId, commit], {
    cwd: fileURLToPath(new URL('../..', import.meta.url)),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise((r) => child.once('exit', r));
  let deployId = '';
  const lines = createInterface({ input: child.stdout });
  try {
    for await (const text of lines) {
      const msg = JSON.parse(text) as { id?: string; line?: string };
      if (msg.id) deployId = msg.id;
      if (msg.line && killAt.test(msg.line)) break;
    }
  } finally {
    child.kill('SIGKILL');
    await exited;
  }
  if (!deployId) throw new Error(`the child never reported a deploy: ${stderr.slice(-2000)}`);
  return deployId;
}
