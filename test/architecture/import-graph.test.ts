/**
 * Architecture guardrails that lint cannot see: no import cycle anywhere in electron/, shared/
 * and renderer/ (type-only imports count too: a cycle of types still ties two rooms into one),
 * the ingest stage never reaching back into the webhook reader, and the engine port never
 * importing its implementations. See docs/architecture.md.
 */
import { describe, expect, it } from 'vitest';
import { buildGraph, findCycles } from './import-graph';
import type { Edge, Graph } from './import-graph';

const ROOT = new URL('../..', import.meta.url).pathname;

interface Rule {
  why: string;
  from: RegExp;
  to: RegExp;
}

const FORBIDDEN: Rule[] = [
  { why: 'the flow is one-way, webhooks → ingest: ingest never imports webhooks', from: /^electron\/core\/ingest\//, to: /^electron\/core\/webhooks\// },
  {
    why: 'the engine port is implemented by adapters, never imports them',
    from: /^electron\/core\/deploy\/engine\/container-engine\.ts$/,
    to: /^electron\/core\/deploy\/engine\/(?!container-engine\.ts$|engine-errors\.ts$)/,
  },
  { why: 'the engine (electron/core) never imports the Electron shell', from: /^electron\/core\//, to: /^electron\/(main|preload)\// },
  { why: 'shared/ is below everything', from: /^shared\//, to: /^(electron|renderer)\// },
  { why: 'the renderer talks to the engine only through shared/api.ts', from: /^renderer\//, to: /^electron\// },
];

function violations(graph: Graph, rules: Rule[]): string[] {
  const out: string[] = [];
  for (const edges of graph.values()) {
    for (const e of edges) {
      for (const r of rules) if (r.from.test(e.from) && r.to.test(e.to)) out.push(`${e.from} → ${e.to} (${r.why})`);
    }
  }
  return out;
}

const graphOf = (edges: [string, string, boolean?][]): Graph => {
  const g: Graph = new Map();
  for (const [from, to, typeOnly = false] of edges) {
    if (!g.has(to)) g.set(to, []);
    g.set(from, [...(g.get(from) ?? []), { from, to, typeOnly } satisfies Edge]);
  }
  return g;
};

describe('the import-graph checker itself', () => {
  it('finds a planted cycle, through type-only edges too, and none in a tree', () => {
    const cyc = graphOf([['a', 'b'], ['b', 'c'], ['c', 'a', true], ['c', 'd']]);
    expect(findCycles(cyc)).toEqual([['a', 'b', 'c', 'a']]);
    expect(findCycles(cyc, (e) => !e.typeOnly)).toEqual([]);
    expect(findCycles(graphOf([['a', 'b'], ['a', 'c'], ['b', 'c']]))).toEqual([]);
  });

  it('reads real imports, type-only ones marked', () => {
    const g = buildGraph(ROOT, ['electron/core/webhooks']);
    const listener = g.get('electron/core/webhooks/listener.ts') ?? [];
    expect(listener.some((e) => e.to === 'electron/core/webhooks/body.ts' && !e.typeOnly)).toBe(true);
    const readApi = g.get('electron/core/webhooks/read-api.ts') ?? [];
    expect(readApi.some((e) => e.to === 'electron/core/webhooks/types.ts' && e.typeOnly)).toBe(true);
  });

  it('flags a planted forbidden arrow', () => {
    const g = graphOf([['electron/core/ingest/pipeline.ts', 'electron/core/webhooks/types.ts', true]]);
    expect(violations(g, FORBIDDEN)).toHaveLength(1);
  });
});

describe('the import graph of electron/, shared/ and renderer/', () => {
  const graph = buildGraph(ROOT, ['electron', 'shared', 'renderer']);

  it('is read in full', () => {
    expect(graph.size).toBeGreaterThan(100);
  });

  it('has no cycle', () => {
    expect(findCycles(graph).map((c) => c.join(' → '))).toEqual([]);
  });

  it('has no forbidden arrow', () => {
    expect(violations(graph, FORBIDDEN)).toEqual([]);
  });
});
