/**
 * Main's IPC handlers + the preload bridge + the renderer's unwrapping client, joined by a fake
 * IPC that structured-clones every value the way Electron does. Errors must arrive as real
 * ApiErrors with their code and field details.
 */
import { describe, expect, it, vi } from 'vitest';
import type { IpcMainInvokeEvent } from 'electron';
import { API_ROUTES, ApiError, IPC_EVENT_CHANNEL, ipcChannel, type ApiEvent, type ApiMethod } from '../../shared/api';
import { ipcClient } from '../../shared/ipc';
import { createBridge, type BridgeIpc } from '../../electron/preload/bridge';
import { registerApiHandlers, type HandlerIpc } from '../../electron/main/ipc-handlers';
import { FakeApi } from './fake-api';

type Handler = (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<unknown>;

function connect(senderUrl = 'app://autodeploy/index.html') {
  const api = new FakeApi();
  const handlers = new Map<string, Handler>();
  const ipcMain: HandlerIpc = {
    handle: (channel, fn) => void handlers.set(channel, fn as Handler),
    removeHandler: (channel) => void handlers.delete(channel),
  };
  const remove = registerApiHandlers(ipcMain, api, (e) => e.senderFrame?.url === 'app://autodeploy/index.html');
  const rendererListeners = new Map<string, ((...a: unknown[]) => void)[]>();
  const ipcRenderer = {
    invoke: async (channel: string, ...args: unknown[]) => {
      const handler = handlers.get(channel);
      if (!handler) throw new Error(`No handler registered for '${channel}'`);
      const event = { senderFrame: { url: senderUrl } } as unknown as IpcMainInvokeEvent;
      return structuredClone(await handler(event, ...structuredClone(args)));
    },
    on: (channel: string, fn: (...a: unknown[]) => void) => {
      rendererListeners.set(channel, [...(rendererListeners.get(channel) ?? []), fn]);
      return ipcRenderer;
    },
    removeListener: (channel: string, fn: (...a: unknown[]) => void) => {
      rendererListeners.set(channel, (rendererListeners.get(channel) ?? []).filter((f) => f !== fn));
      return ipcRenderer;
    },
  };
  const bridge = createBridge(ipcRenderer as unknown as BridgeIpc);
  const emit = (event: ApiEvent) => (rendererListeners.get(IPC_EVENT_CHANNEL) ?? []).forEach((fn) => fn({}, structuredClone(event)));
  return { api, handlers, remove, bridge, client: ipcClient(bridge), emit, rendererListeners };
}

describe('IPC round trip', () => {
  it('registers exactly one handler per operation of the contract', () => {
    const { handlers, remove } = connect();
    expect([...handlers.keys()].sort()).toEqual((Object.keys(API_ROUTES) as ApiMethod[]).map(ipcChannel).sort());
    remove();
    expect(handlers.size).toBe(0);
  });

  it('the bridge exposes exactly the contract, each method written out', () => {
    const { bridge } = connect();
    expect(Object.keys(bridge).sort()).toEqual([...Object.keys(API_ROUTES), 'subscribe'].sort());
  });

  it('calls reach the engine api with their arguments and values come back', async () => {
    const { api, client } = connect();
    await expect(client.getComponent('c_web')).resolves.toMatchObject({ id: 'c_web', name: 'web' });
    await client.updateComponent('c_web', { autoBuild: false });
    await client.listDeploys({ componentId: 'c_web', limit: 5 });
    await client.revealSecret('c_web', 'api');
    expect(api.callsOf('updateComponent')).toEqual([['c_web', { autoBuild: false }]]);
    expect(api.callsOf('listDeploys')).toEqual([[{ componentId: 'c_web', limit: 5 }]]);
    expect(api.callsOf('revealSecret')).toEqual([['c_web', 'api']]);
  });

  it('errors cross intact: code, message and field details, as a real ApiError', async () => {
    const { client } = connect();
    const err = await client.createComponent({ name: 'Bad', source: { type: 'image', image: 'x:1' } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ code: 'validation', message: 'invalid component', details: [{ path: 'name', message: 'use lower-case letters' }] });
    await expect(client.getComponent('c_missing')).rejects.toMatchObject({ code: 'not_found', message: 'component c_missing not found' });
  });

  it('a plain Error in the engine arrives as internal with its message', async () => {
    const { api, client } = connect();
    api.getStatus = async () => {
      throw new Error('disk full');
    };
    await expect(client.getStatus()).rejects.toMatchObject({ name: 'ApiError', code: 'internal', message: 'disk full' });
  });

  it('a page that is not the app gets forbidden, and the engine is never called', async () => {
    const { api, client } = connect('https://evil.example/');
    await expect(client.listComponents()).rejects.toMatchObject({ code: 'forbidden' });
    expect(api.calls).toEqual([]);
  });

  it('a missing handler still answers with an envelope, not a bare rejection', async () => {
    const { bridge, remove } = connect();
    remove();
    await expect(bridge.getStatus()).resolves.toMatchObject({ ok: false, error: { code: 'internal' } });
  });

  it('subscribe delivers events and returns an unsubscribe; one IPC listener serves all subscribers', () => {
    const { client, emit, rendererListeners } = connect();
    const a = vi.fn();
    const b = vi.fn();
    const offA = client.subscribe(a);
    const offB = client.subscribe(b);
    expect(rendererListeners.get(IPC_EVENT_CHANNEL)).toHaveLength(1);
    emit({ type: 'status-changed' });
    offA();
    emit({ type: 'components-changed', componentId: 'c_web' });
    expect(a.mock.calls).toEqual([[{ type: 'status-changed' }]]);
    expect(b.mock.calls).toEqual([[{ type: 'status-changed' }], [{ type: 'components-changed', componentId: 'c_web' }]]);
    offB();
    offB();
    expect(rendererListeners.get(IPC_EVENT_CHANNEL)).toHaveLength(0);
  });
});
