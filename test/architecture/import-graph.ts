/**
 * The project's import graph, read with TypeScript's own parser: every relative import,
 * re-export and dynamic `import()` between the source files of electron/, shared/ and
 * renderer/, each marked whether it is type-only (erased at run time).
 */
import { readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

export interface Edge {
  from: string;
  to: string;
  typeOnly: boolean;
}

/** Files are named relative to the repository root with `/` separators. */
export type Graph = Map<string, Edge[]>;

const SOURCE = /\.(ts|tsx)$/;
const EXTENSIONS = ['.ts', '.tsx', '.d.ts', '/index.ts', '/index.tsx'];

function listSources(root: string, dir: string, out: string[]): void {
  for (const name of readdirSync(join(root, dir))) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const rel = `${dir}/${name}`;
    if (statSync(join(root, rel)).isDirectory()) listSources(root, rel, out);
    else if (SOURCE.test(name)) out.push(rel);
  }
}

function importsOf(file: string, text: string): { spec: string; typeOnly: boolean }[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const out: { spec: string; typeOnly: boolean }[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const named = clause?.namedBindings && ts.isNamedImports(clause.namedBindings) ? clause.namedBindings.elements : undefined;
      // `import type {…}`, or `import {type A, type B}` with nothing else, is erased entirely
      const typeOnly = !!clause && (clause.isTypeOnly || (!clause.name && !!named && named.length > 0 && named.every((e) => e.isTypeOnly)));
      out.push({ spec: node.moduleSpecifier.text, typeOnly });
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      out.push({ spec: node.moduleSpecifier.text, typeOnly: node.isTypeOnly });
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const arg = node.arguments[0];
      if (arg && ts.isStringLiteral(arg)) out.push({ spec: arg.text, typeOnly: false });
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      out.push({ spec: node.argument.literal.text, typeOnly: true });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

function resolveRelative(root: string, from: string, spec: string, known: Set<string>): string | undefined {
  if (!spec.startsWith('.')) return undefined; // a package, not ours
  const base = relative(root, resolve(root, dirname(from), spec.replace(/\.js$/, ''))).split(sep).join('/');
  if (known.has(base)) return base;
  for (const ext of EXTENSIONS) if (known.has(base + ext)) return base + ext;
  return undefined;
}

/** The graph of `dirs` (relative to `root`); imports that leave them are dropped. */
export function buildGraph(root: string, dirs: string[]): Graph {
  const files: string[] = [];
  for (const d of dirs) listSources(root, d, files);
  const known = new Set(files);
  const graph: Graph = new Map();
  for (const file of files) {
    const text = ts.sys.readFile(join(root, file)) ?? '';
    const edges: Edge[] = [];
    for (const { spec, typeOnly } of importsOf(file, text)) {
      const to = resolveRelative(root, file, spec, known);
      if (to !== undefined && to !== file) edges.push({ from: file, to, typeOnly });
    }
    graph.set(file, edges);
  }
  return graph;
}

/**
 * Every cycle's strongly connected component (Tarjan), as a list of files, one example cycle
 * path through it first. `follow` chooses which edges count.
 */
export function findCycles(graph: Graph, follow: (e: Edge) => boolean = () => true): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const next = (v: string): string[] => (graph.get(v) ?? []).filter(follow).map((e) => e.to);

  const strong = (v: string): void => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of next(v)) {
      if (!idx.has(w)) {
        strong(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1) out.push(examplePath(scc, next));
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) strong(v);
  return out;
}

/** One concrete loop inside a component, `a → b → … → a`, for a readable failure. */
function examplePath(scc: string[], next: (v: string) => string[]): string[] {
  const members = new Set(scc);
  const start = [...scc].sort()[0];
  const prev = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const v = queue.shift()!;
    for (const w of next(v)) {
      if (!members.has(w)) continue;
      if (w === start) {
        const path = [start];
        for (let u: string | undefined = v; u !== undefined && u !== start; u = prev.get(u)) path.splice(1, 0, u);
        return [...path, start];
      }
      if (!prev.has(w)) {
        prev.set(w, v);
        queue.push(w);
      }
    }
  }
  return scc;
}
