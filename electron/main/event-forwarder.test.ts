import { describe, expect, it } from 'vitest';
import type { ApiEvent } from '../../shared/api';
import { IPC_EVENT_CHANNEL } from '../../shared/api';
import { EventBus } from '../core/events';
import { FakeWebContents } from '../../test/electron/fake-electron';
import { EventForwarder, type EventTarget } from './event-forwarder';

const ev = (componentId: string): ApiEvent => ({ type: 'components-changed', componentId });
const sentIds = (wc: FakeWebContents) => wc.sent.map(([, e]) => (e as { componentId: string }).componentId);

describe('EventForwarder', () => {
  it('queues while no page is ready, delivers in order once loaded, then sends live', () => {
    const bus = new EventBus();
    const fwd = new EventForwarder((fn) => bus.subscribe(fn));
    bus.emit(ev('a'));
    const wc = new FakeWebContents();
    fwd.attach(wc as unknown as EventTarget);
    bus.emit(ev('b'));
    expect(wc.sent).toEqual([]);
    wc.emit('did-stop-loading');
    bus.emit(ev('c'));
    expect(sentIds(wc)).toEqual(['a', 'b', 'c']);
    expect(wc.sent[0][0]).toBe(IPC_EVENT_CHANNEL);
  });

  it('a reload pauses delivery until the new page is up; in-page route changes do not', () => {
    const bus = new EventBus();
    const fwd = new EventForwarder((fn) => bus.subscribe(fn));
    const wc = new FakeWebContents();
    fwd.attach(wc as unknown as EventTarget);
    wc.emit('did-stop-loading');
    wc.emit('did-start-navigation', { isMainFrame: true, isSameDocument: true });
    bus.emit(ev('a'));
    wc.emit('did-start-navigation', { isMainFrame: true, isSameDocument: false });
    bus.emit(ev('b'));
    expect(sentIds(wc)).toEqual(['a']);
    wc.emit('did-stop-loading');
    expect(sentIds(wc)).toEqual(['a', 'b']);
  });

  it('keeps only the newest events while nobody listens for a long time', () => {
    const bus = new EventBus();
    const fwd = new EventForwarder((fn) => bus.subscribe(fn), 3);
    for (const id of ['1', '2', '3', '4', '5']) bus.emit(ev(id));
    expect(fwd.queued).toBe(3);
    const wc = new FakeWebContents();
    fwd.attach(wc as unknown as EventTarget);
    wc.emit('did-stop-loading');
    expect(sentIds(wc)).toEqual(['3', '4', '5']);
  });

  it('a destroyed window stops delivery until a new one is attached', () => {
    const bus = new EventBus();
    const fwd = new EventForwarder((fn) => bus.subscribe(fn));
    const old = new FakeWebContents();
    fwd.attach(old as unknown as EventTarget);
    old.emit('did-stop-loading');
    old.emit('destroyed');
    bus.emit(ev('x'));
    expect(old.sent).toEqual([]);
    const next = new FakeWebContents();
    fwd.attach(next as unknown as EventTarget);
    next.emit('did-stop-loading');
    expect(sentIds(next)).toEqual(['x']);
    fwd.dispose();
    bus.emit(ev('y'));
    expect(sentIds(next)).toEqual(['x']);
  });
});
