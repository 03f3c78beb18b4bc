/** Fills a store's deploy history and delivery log to their limits (benchmarks measure at full size). */
import { newId } from '../electron/core/store/secrets';
import type { Store } from '../electron/core/store/store';
import type { Delivery } from '../shared/schemas/delivery';
import type { Deploy } from '../shared/schemas/deploy';

export async function fillHistory(store: Store, ids: string[]): Promise<void> {
  await store.update((doc) => {
    const now = new Date().toISOString();
    for (let i = 0; i < doc.settings.historyLimit; i++) {
      const d: Deploy = {
        id: newId('d'),
        componentId: ids[i % ids.length],
        componentName: `app-${i % ids.length}`,
        state: 'succeeded',
        trigger: { kind: 'image', provider: 'dockerhub', pusher: 'ci-bot' },
        target: { tag: `v1.0.${i}` },
        createdAt: now,
        startedAt: now,
        finishedAt: now,
        result: { image: `registry.example.com/team/app:v1.0.${i}`, imageId: `sha256:${'a'.repeat(64)}` },
      };
      doc.deploys.push(d);
    }
    for (let i = 0; i < doc.settings.deliveryLogLimit; i++) {
      const d: Delivery = {
        id: newId('w'),
        receivedAt: now,
        provider: 'github',
        trigger: 'git',
        event: 'push',
        verified: true,
        componentId: ids[i % ids.length],
        outcome: 'queued',
        status: 202,
        summary: 'main @ 0123456789abcdef',
      };
      doc.deliveries.push(d);
    }
  });
}
