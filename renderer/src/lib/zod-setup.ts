/**
 * zod's JIT probes `new Function`, which the page's CSP forbids (and reports as a violation):
 * validate without it. Imported by every module that parses with the shared schemas, so the
 * setting is in place before the first parse and zod stays out of the first-paint bundle.
 */
import { config } from 'zod/v4/core';

config({ jitless: true });
