#!/usr/bin/env node
// `autodeploy`: runs the compiled engine (out/headless, made by `npm run build`) inside this
// very process — no TypeScript loader, no build, no child process — so the signals a process
// manager sends to this pid reach the engine directly.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../out/headless/index.js', import.meta.url);
if (!existsSync(entry)) {
  const root = fileURLToPath(new URL('..', import.meta.url));
  console.error(`autodeploy: not built (${fileURLToPath(entry)} is missing): run \`npm run build\` in ${root}`);
  process.exit(1);
}
await import(entry.href);
