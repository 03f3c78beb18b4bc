#!/usr/bin/env node
// `autodeploy serve`: runs the TypeScript engine through tsx's loader (no separate build step).
import { register } from 'tsx/esm/api';

register();
await import('../electron/headless.ts');
