/**
 * Preload (sandboxed, isolated world): exposes the typed bridge as `window.autodeploy` and
 * nothing else.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { createBridge } from './bridge';

contextBridge.exposeInMainWorld('autodeploy', createBridge(ipcRenderer));
