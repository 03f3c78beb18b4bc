/**
 * An in-memory AutoDeployApi that records every call. The engine is the boundary of the
 * desktop-shell tests: they check what the shell asks of it, not what the engine does.
 */
import { ApiError, type AutoDeployApi } from '../../shared/api';
import type { Component } from '../../shared/schemas/component';
import type { Deploy } from '../../shared/schemas/deploy';
import type { Settings } from '../../shared/schemas/settings';
import type { ComponentWebhooks, Status, TunnelStatus } from '../../shared/schemas/status';
import { hooks, makeDeploy, makeSettings, makeStatus } from './fixtures';

export function makeComponent(id: string, name: string, autoBuild = true): Component {
  return {
    id,
    name,
    autoBuild,
    source: { type: 'image', image: `registry.example.com/team/${name}:v1` },
    triggers: { image: { enabled: true, tagPattern: '', noDowngrade: false, secretSet: false }, api: { enabled: true, secretKeySet: true } },
    deploy: {
      target: 'container', ports: [], env: {}, secretEnv: [], volumes: [], restart: 'unless-stopped',
      healthcheck: { timeoutSeconds: 60, stableSeconds: 3 }, keepImages: 3, replicas: 1,
    },
    credentialsSet: false,
    createdAt: '2030-01-01T00:00:00Z',
    updatedAt: '2030-01-01T00:00:00Z',
  };
}

export class FakeApi implements AutoDeployApi {
  readonly calls: [string, unknown[]][] = [];
  status: Status = makeStatus();
  settings: Settings = makeSettings();
  components: Component[] = [makeComponent('c_web', 'web')];
  deploys: Deploy[] = [makeDeploy({ id: 'd_1', componentId: 'c_web', componentName: 'web', target: { tag: 'v1' } })];
  webhooks: Record<string, ComponentWebhooks['hooks']> = { c_web: hooks('c_web', 'local', ['image', 'api']) };

  private record(method: string, args: unknown[]): void {
    this.calls.push([method, args]);
  }
  callsOf(method: keyof AutoDeployApi): unknown[][] {
    return this.calls.filter(([m]) => m === method).map(([, a]) => a);
  }
  private component(id: string): Component {
    const c = this.components.find((x) => x.id === id);
    if (!c) throw new ApiError('not_found', `component ${id} not found`);
    return c;
  }

  async getStatus() { this.record('getStatus', []); return this.status; }
  async listComponents() { this.record('listComponents', []); return this.components; }
  async getComponent(id: string) { this.record('getComponent', [id]); return this.component(id); }
  async createComponent(input: Parameters<AutoDeployApi['createComponent']>[0]): Promise<Component> {
    this.record('createComponent', [input]);
    throw new ApiError('validation', 'invalid component', [{ path: 'name', message: 'use lower-case letters' }]);
  }
  async updateComponent(id: string, patch: Parameters<AutoDeployApi['updateComponent']>[1]) {
    this.record('updateComponent', [id, patch]);
    const c = this.component(id);
    if (patch.autoBuild !== undefined) c.autoBuild = patch.autoBuild;
    return c;
  }
  async deleteComponent(id: string, input?: Parameters<AutoDeployApi['deleteComponent']>[1]) { this.record('deleteComponent', [id, input]); return { removedContainer: false }; }
  async getWebhooks(id: string) { this.record('getWebhooks', [id]); this.component(id); return { componentId: id, hooks: this.webhooks[id] ?? [] }; }
  async deployNow(id: string, input?: Parameters<AutoDeployApi['deployNow']>[1]) {
    this.record('deployNow', [id, input]);
    return makeDeploy({ id: 'd_new', componentId: id, state: 'queued' });
  }
  async listTags(id: string) {
    this.record('listTags', [id]);
    return { repository: 'registry.example.com/team/web', tags: [], truncated: false };
  }
  async checkComponent(id: string) {
    this.record('checkComponent', [id]);
    this.component(id);
    return { at: '2026-01-01T00:00:00.000Z', reason: 'manual' as const, outcome: 'up-to-date' as const, message: 'nothing newer' };
  }
  async rollback(id: string, input?: Parameters<AutoDeployApi['rollback']>[1]): Promise<Deploy> {
    this.record('rollback', [id, input]);
    throw new ApiError('conflict', 'no earlier successful deploy to roll back to');
  }
  async cancelDeploy(deployId: string) { this.record('cancelDeploy', [deployId]); return makeDeploy({ id: deployId, componentId: 'c_web', state: 'cancelled' }); }
  async regenerateSecret(id: string, kind: Parameters<AutoDeployApi['regenerateSecret']>[1]) { this.record('regenerateSecret', [id, kind]); return { value: 'new-secret' }; }
  async revealSecret(id: string, kind: Parameters<AutoDeployApi['revealSecret']>[1]) { this.record('revealSecret', [id, kind]); return { value: 'the-secret' }; }
  async listDeploys(query?: Parameters<AutoDeployApi['listDeploys']>[0]) { this.record('listDeploys', [query]); return this.deploys; }
  async getDeploy(deployId: string) { this.record('getDeploy', [deployId]); return this.deploys.find((d) => d.id === deployId) ?? makeDeploy({ id: deployId, componentId: 'c_web' }); }
  async getDeployLog(deployId: string) { this.record('getDeployLog', [deployId]); return 'log text'; }
  async listDeliveries(query?: Parameters<AutoDeployApi['listDeliveries']>[0]) { this.record('listDeliveries', [query]); return []; }
  async getSettings() { this.record('getSettings', []); return this.settings; }
  async updateSettings(patch: Parameters<AutoDeployApi['updateSettings']>[0]) {
    this.record('updateSettings', [patch]);
    if (patch.autoDeploy !== undefined) this.settings = { ...this.settings, autoDeploy: patch.autoDeploy };
    if (patch.startAtLogin !== undefined) this.settings = { ...this.settings, startAtLogin: patch.startAtLogin };
    return this.settings;
  }
  async startTunnel(): Promise<TunnelStatus> { this.record('startTunnel', []); return { state: 'connecting', host: 'h' }; }
  async stopTunnel(): Promise<TunnelStatus> { this.record('stopTunnel', []); return { state: 'off', host: 'h' }; }
}
