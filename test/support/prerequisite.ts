/**
 * Suites that need something outside Node (a Docker engine, Chromium) declare it here. When it
 * is missing the suite does not pass quietly and is not skipped: it fails with the reason and
 * how to provide it (`bash .ci/start-docker.sh`, `apt-get install chromium`; `.ci/run` does both).
 */
import { describe, it } from 'vitest';

export async function describeWith(name: string, missing: Promise<string | null>[], body: () => void): Promise<void> {
  const reasons = (await Promise.all(missing)).filter((r): r is string => r !== null);
  if (reasons.length === 0) {
    describe(name, body);
    return;
  }
  describe(name, () => {
    it(`needs: ${reasons.join('; ')}`, () => {
      throw new Error(`${name} cannot run: ${reasons.join('; ')}`);
    });
  });
}
