/**
 * Pushes engine events to the dashboard window on IPC_EVENT_CHANNEL. Events are queued while
 * no page is ready (window not created yet, loading, reloading) and delivered once it is; the
 * queue is bounded because a hidden tray app may run for days without a window.
 */
import type { WebContents } from 'electron';
import { IPC_EVENT_CHANNEL, type ApiEvent } from '../../shared/api';

export type EventTarget = Pick<WebContents, 'send' | 'isDestroyed' | 'on'>;

export class EventForwarder {
  private target?: EventTarget;
  private ready = false;
  private queue: ApiEvent[] = [];
  private readonly unsubscribe: () => void;

  constructor(
    subscribe: (listener: (event: ApiEvent) => void) => () => void,
    private readonly maxQueue = 500,
  ) {
    this.unsubscribe = subscribe((event) => this.push(event));
  }

  /** Follow this web contents: ready after each full load, not ready while a new document loads. */
  attach(contents: EventTarget): void {
    this.target = contents;
    this.ready = false;
    contents.on('did-start-navigation', (details) => {
      if (this.target === contents && details.isMainFrame && !details.isSameDocument) this.ready = false;
    });
    contents.on('did-stop-loading', () => {
      if (this.target !== contents) return;
      this.ready = true;
      this.flush();
    });
    contents.on('destroyed', () => {
      if (this.target !== contents) return;
      this.target = undefined;
      this.ready = false;
    });
  }

  get queued(): number {
    return this.queue.length;
  }

  dispose(): void {
    this.unsubscribe();
    this.queue = [];
  }

  private push(event: ApiEvent): void {
    const target = this.target;
    if (this.ready && target && !target.isDestroyed()) {
      target.send(IPC_EVENT_CHANNEL, event);
      return;
    }
    this.queue.push(event);
    if (this.queue.length > this.maxQueue) this.queue.splice(0, this.queue.length - this.maxQueue);
  }

  private flush(): void {
    const pending = this.queue;
    this.queue = [];
    for (const event of pending) this.push(event);
  }
}
