/** Global settings: read, validated partial update, change event. */
import { settings as settingsSchema, settingsPatch } from '../../../shared/schemas/settings';
import type { Settings, SettingsPatch } from '../../../shared/schemas/settings';
import type { EventBus } from '../events';
import type { Store } from '../store/store';
import { parseOrThrow } from './validation';

export class SettingsService {
  constructor(
    private readonly store: Store,
    private readonly events: EventBus,
  ) {}

  get(): Settings {
    return structuredClone(this.store.data.settings);
  }

  async update(patch: SettingsPatch): Promise<Settings> {
    const p = parseOrThrow(settingsPatch, patch, 'settings');
    const current = this.store.data.settings;
    const next = parseOrThrow(
      settingsSchema,
      {
        ...current,
        ...p,
        tunnel: { ...current.tunnel, ...p.tunnel },
        notifications: { ...current.notifications, ...p.notifications },
        catchUp: { ...current.catchUp, ...p.catchUp },
        proxy: { ...current.proxy, ...p.proxy },
      },
      'settings',
    );
    await this.store.update((doc) => {
      doc.settings = next;
    });
    const copy = this.get();
    this.events.emit({ type: 'settings-changed', settings: copy });
    return copy;
  }
}
