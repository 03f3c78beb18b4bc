/** Shows notification specs as Electron notifications; a click opens the dashboard at the spec's route. */
import type { Notification, NotificationConstructorOptions } from 'electron';
import type { NotificationSpec } from '../../shared/notifications';
import type { Notifier } from './deploy-notifier';

export interface ElectronNotifierDeps {
  create: (options: NotificationConstructorOptions) => Notification;
  isSupported: () => boolean;
  onClick: (route: string) => void;
  icon?: string;
}

/** Notifications still on screen; cap so ones whose "close" never fires cannot pile up. */
const LIVE_LIMIT = 50;

export class ElectronNotifier implements Notifier {
  // A notification object that gets garbage-collected loses its click handler, so hold it.
  private readonly live = new Set<Notification>();

  constructor(private readonly deps: ElectronNotifierDeps) {}

  show(spec: NotificationSpec): void {
    if (!this.deps.isSupported()) return;
    const n = this.deps.create({ title: spec.title, body: spec.body, ...(this.deps.icon ? { icon: this.deps.icon } : {}) });
    this.live.add(n);
    if (this.live.size > LIVE_LIMIT) this.live.delete(this.live.values().next().value as Notification);
    n.on('click', () => {
      this.live.delete(n);
      this.deps.onClick(spec.route);
    });
    n.on('close', () => this.live.delete(n));
    n.show();
  }
}
