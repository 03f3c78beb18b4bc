/**
 * Keeps the tray in step with the engine: re-gathers state and re-renders menu, icon and
 * tooltip after every relevant event (coalesced), and once a minute so ages stay right.
 */
import type { ApiEvent, ApiEventType, AutoDeployApi } from '../../shared/api';
import { buildTrayMenu, trayIconFor, trayTooltip, type TrayIconName, type TrayMenuItem, type TrayState } from '../../shared/tray-menu';
import { gatherTrayState } from './tray-state';

export interface TrayView {
  render(items: TrayMenuItem[], icon: TrayIconName, tooltip: string): void;
}

/** Log lines and deliveries change nothing in the tray. */
export const TRAY_EVENTS: ReadonlySet<ApiEventType> = new Set<ApiEventType>([
  'deploy',
  'components-changed',
  'tunnel',
  'tunnel-url-changed',
  'settings-changed',
  'status-changed',
]);

export interface TrayControllerDeps {
  api: AutoDeployApi;
  subscribe: (listener: (event: ApiEvent) => void) => () => void;
  view: TrayView;
  now?: () => number;
  debounceMs?: number;
  tickMs?: number;
  log?: (message: string) => void;
}

export class TrayController {
  private unsubscribe?: () => void;
  private debounce?: ReturnType<typeof setTimeout>;
  private tick?: ReturnType<typeof setInterval>;
  private inFlight?: Promise<void>;
  private dirty = false;
  private last?: TrayState;

  constructor(private readonly deps: TrayControllerDeps) {}

  /** The state last rendered. */
  get state(): TrayState | undefined {
    return this.last;
  }

  async start(): Promise<void> {
    this.unsubscribe = this.deps.subscribe((event) => {
      if (TRAY_EVENTS.has(event.type)) this.schedule();
    });
    this.tick = setInterval(() => this.schedule(), this.deps.tickMs ?? 60_000);
    this.tick.unref?.();
    await this.refresh();
  }

  stop(): void {
    this.unsubscribe?.();
    clearTimeout(this.debounce);
    clearInterval(this.tick);
  }

  /** Coalesce a burst of events into one rebuild. */
  schedule(): void {
    if (this.debounce) return;
    this.debounce = setTimeout(() => {
      this.debounce = undefined;
      void this.refresh();
    }, this.deps.debounceMs ?? 150);
  }

  /** Rebuild now; a call during a rebuild runs once more after it, never in parallel. */
  refresh(): Promise<void> {
    if (this.inFlight) {
      this.dirty = true;
      return this.inFlight;
    }
    this.inFlight = this.render().finally(() => {
      this.inFlight = undefined;
      if (this.dirty) {
        this.dirty = false;
        void this.refresh();
      }
    });
    return this.inFlight;
  }

  private async render(): Promise<void> {
    try {
      const state = await gatherTrayState(this.deps.api, (this.deps.now ?? Date.now)());
      this.last = state;
      this.deps.view.render(buildTrayMenu(state), trayIconFor(state), trayTooltip(state));
    } catch (err) {
      // Keep the previous menu (e.g. while the engine stops); the next event retries.
      this.deps.log?.(`tray refresh failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}
