/**
 * The engine's typed event bus. Everything a client sees (`ApiEvent`) goes through here;
 * modules subscribe by constructor injection, never through ipcMain or globals.
 */
import { EventEmitter } from 'node:events';
import type { ApiEvent } from '../../shared/api';

export type EventListener = (event: ApiEvent) => void;

export class EventBus {
  private readonly emitter = new EventEmitter();

  constructor() {
    this.emitter.setMaxListeners(0);
  }

  emit(event: ApiEvent): void {
    this.emitter.emit('event', event);
  }

  /** Subscribe; returns the unsubscribe function. */
  subscribe(listener: EventListener): () => void {
    const safe: EventListener = (e) => {
      try {
        listener(e);
      } catch {
        // a faulty subscriber must not break the emitter or other subscribers
      }
    };
    this.emitter.on('event', safe);
    return () => this.emitter.off('event', safe);
  }
}
