/**
 * `npm run bench`: every benchmark in turn, each printing its numbers against a baseline
 * measured in the same run. Needs the Docker engine (deploy-latency) and Debian's `webhook`
 * (webhook-ingest), and `npm run build` (startup); see the README.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BENCHES = ['store-update.ts', 'webhook-ingest.ts', 'deploy-latency.ts', 'startup.ts', 'catchup.ts'];

let failed = 0;
for (const bench of BENCHES) {
  console.log(`\n=== bench/${bench} ===`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', `bench/${bench}`, ...process.argv.slice(2)], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) {
    failed++;
    console.error(`bench/${bench} exited with ${r.status ?? r.signal}`);
  }
}
process.exit(failed ? 1 : 0);
