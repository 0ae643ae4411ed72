// The import graph of src/ and the layering rules it must keep (docs/ARCHITECTURE.md): source files in → their
// imports between each other, and every rule they break.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

/** File → the files of src/ it imports, as paths relative to the repository with "/" (src/search/plan.ts). */
export type ImportGraph = Map<string, Set<string>>;

/**
 * Specifiers a module depends on: static imports and re-exports (also `import type`, which ties the files together
 * as much for a reader), dynamic imports, and modules started by URL (worker threads, cluster workers). Statements
 * start their line in this code base, so commented-out or quoted code is not taken for an import.
 */
export function specifiersOf(source: string): string[] {
  const found: string[] = [];
  const patterns = [
    /^\s*(?:import|export)\b[^;'"]*?\bfrom\s*'([^']+)'/gm,
    /^\s*import\s*'([^']+)'/gm,
    /\bimport\(\s*'([^']+)'\s*\)/g,
    /\bnew URL\(\s*'([^']+)'\s*,\s*import\.meta\.url\s*\)/g,
  ];
  for (const pattern of patterns) for (const match of source.matchAll(pattern)) found.push(match[1]);
  return found;
}

function toPosix(path: string): string {
  return path.split(sep).join('/');
}

/** Every TypeScript source file under `dir`, relative to `root`. */
function sourceFiles(root: string, dir: string): string[] {
  return readdirSync(join(root, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(root, path)).isDirectory()) return sourceFiles(root, path);
    return name.endsWith('.ts') && !name.endsWith('.d.ts') ? [toPosix(path)] : [];
  });
}

/** The import graph of the TypeScript files under `root`/src (compiled `.js` specifiers name their `.ts` sources). */
export function importGraph(root: string): ImportGraph {
  const graph: ImportGraph = new Map();
  for (const file of sourceFiles(root, 'src')) {
    const targets = new Set<string>();
    for (const specifier of specifiersOf(readFileSync(join(root, file), 'utf8'))) {
      if (!specifier.startsWith('.')) continue; // packages and node: built-ins
      const target = toPosix(relative(root, resolve(root, dirname(file), specifier))).replace(/\.js$/, '.ts');
      if (target.endsWith('.ts') && existsSync(join(root, target))) targets.add(target);
    }
    graph.set(file, targets);
  }
  return graph;
}

/** The layer a file belongs to: its top-level folder of src/ (src/search), or the file itself at the top (src/errors.ts). */
export function layerOf(file: string): string {
  const parts = file.split('/');
  return parts.length > 2 ? `${parts[0]}/${parts[1]}` : file;
}

/** The graph between layers: an edge where some file of one imports a file of another. */
export function layerGraph(graph: ImportGraph): ImportGraph {
  const layers: ImportGraph = new Map();
  for (const [file, targets] of graph) {
    const from = layerOf(file);
    if (!layers.has(from)) layers.set(from, new Set());
    for (const target of targets) if (layerOf(target) !== from) layers.get(from)!.add(layerOf(target));
  }
  return layers;
}

/** Strongly connected components of more than one node, or of one that imports itself: each is an import cycle. */
export function cycles(graph: ImportGraph): string[][] {
  // Tarjan's algorithm, iterative over a sorted graph so that the report is the same on every run.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const found: string[][] = [];
  let next = 0;
  const nodes = [...graph.keys()].sort();
  const targetsOf = (node: string) => [...(graph.get(node) ?? [])].sort();
  for (const start of nodes) {
    if (index.has(start)) continue;
    const work: Array<{ node: string; targets: string[]; at: number }> = [];
    const enter = (node: string) => {
      index.set(node, next);
      low.set(node, next++);
      stack.push(node);
      onStack.add(node);
      work.push({ node, targets: targetsOf(node), at: 0 });
    };
    enter(start);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      if (frame.at < frame.targets.length) {
        const target = frame.targets[frame.at++];
        if (!index.has(target)) enter(target);
        else if (onStack.has(target)) low.set(frame.node, Math.min(low.get(frame.node)!, index.get(target)!));
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1].node;
        low.set(parent, Math.min(low.get(parent)!, low.get(frame.node)!));
      }
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        if (component.length > 1 || graph.get(frame.node)?.has(frame.node)) found.push(component.sort());
      }
    }
  }
  return found;
}

/** The layers format/ may import besides itself: it is the bottom of the stack, shared by writer and reader. */
const FORMAT_MAY_IMPORT = new Set(['src/format', 'src/errors.ts', 'src/types.ts']);

/** Every rule of docs/ARCHITECTURE.md the graph breaks, one line each; empty when it keeps them all. */
export function layeringViolations(graph: ImportGraph): string[] {
  const violations: string[] = [];
  for (const cycle of cycles(graph)) violations.push(`import cycle between files: ${cycle.join(' ↔ ')}`);
  for (const cycle of cycles(layerGraph(graph))) violations.push(`import cycle between folders of src/: ${cycle.join(' ↔ ')}`);
  for (const [file, targets] of graph) {
    for (const target of targets) {
      const from = layerOf(file);
      const to = layerOf(target);
      if (target === 'src/index.ts') violations.push(`${file} imports src/index.ts, the package entry (import the module itself)`);
      if ((from === 'src/indexer' && to === 'src/reader') || (from === 'src/reader' && to === 'src/indexer')) {
        violations.push(`${file} imports ${target}: the indexer and the reader share format/, never each other`);
      }
      if (from === 'src/format' && !FORMAT_MAY_IMPORT.has(to)) violations.push(`${file} imports ${target}: format/ imports only itself, errors.ts and types.ts`);
    }
  }
  return violations;
}
