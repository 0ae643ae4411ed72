// The layering of src/ as docs/ARCHITECTURE.md draws it, checked on the real import graph: no import cycle between
// files or between top-level folders, nothing importing the package entry, the indexer and the reader apart, and
// format/ at the bottom. The checker itself is shown each forbidden import, so a pass means something.
import { describe, expect, it } from 'vitest';
import { cycles, importGraph, layerGraph, layeringViolations, specifiersOf, type ImportGraph } from './support/import-graph.js';
import { repoRoot } from './support/paths.js';

const graph = importGraph(repoRoot);

/** The real graph with one more import. */
function withImport(from: string, to: string): ImportGraph {
  const copy: ImportGraph = new Map([...graph].map(([file, targets]) => [file, new Set(targets)]));
  if (!copy.has(from)) copy.set(from, new Set());
  copy.get(from)!.add(to);
  return copy;
}

describe('the import graph of src/', () => {
  it('is read from every source file, with the imports, re-exports and started modules of each', () => {
    expect(graph.size).toBeGreaterThan(80);
    expect(graph.get('src/index.ts')).toContain('src/search/search-index.ts');
    // A worker thread and a cluster worker are started by URL: they are dependencies too.
    expect(graph.get('src/indexer/analysis-pool.ts')).toContain('src/indexer/analysis-worker.ts');
    expect(graph.get('src/http/cluster-primary.ts')).toContain('src/http/serve-worker.ts');
    // `import type` counts: a type ties two files together for whoever reads them.
    expect(graph.get('src/search/unit-match.ts')).toContain('src/reader/index-reader.ts');
  });

  it('keeps every layering rule', () => {
    expect(layeringViolations(graph)).toEqual([]);
  });

  it('lets the indexer import only format/, analyze/, ingest/ and suggest/ (the suggestion file), the reader only format/', () => {
    const layers = layerGraph(graph);
    expect([...layers.get('src/indexer')!].sort()).toEqual(['src/analyze', 'src/errors.ts', 'src/format', 'src/ingest', 'src/suggest', 'src/types.ts']);
    expect([...layers.get('src/reader')!].sort()).toEqual(['src/errors.ts', 'src/format', 'src/types.ts']);
  });
});

describe('the layering check', () => {
  it('finds imports in every form the code uses, and none in comments', () => {
    const source = [
      "import { a } from './a.js';",
      'import {',
      '  b,',
      "} from '../b.js';",
      "import type { C } from './c.js';",
      "export { d } from './d.js';",
      "export type { E } from './e.js';",
      "import './side-effect.js';",
      "const f = await import('./f.js');",
      "new Worker(new URL('./g.js', import.meta.url));",
      "// import { h } from './h.js';",
      "const text = 'x'; export const i = 1;",
    ].join('\n');
    expect(specifiersOf(source)).toEqual(['./a.js', '../b.js', './c.js', './d.js', './e.js', './side-effect.js', './f.js', './g.js']);
  });

  it('fails on an import cycle between two files', () => {
    const broken = withImport('src/search/plan.ts', 'src/search/search-index.ts');
    expect(cycles(broken).some((c) => c.includes('src/search/plan.ts') && c.includes('src/search/search-index.ts'))).toBe(true);
    expect(layeringViolations(broken).join('\n')).toMatch(/import cycle between files: .*src\/search\/plan\.ts/);
  });

  it('fails on an import cycle between two top-level folders, even through files that do not form one', () => {
    // rank/ is imported by search/; a file of rank/ importing any file of search/ closes a cycle of folders.
    const broken = withImport('src/rank/bm25f.ts', 'src/search/doc-sets.ts');
    expect(layeringViolations(broken)).toContain('import cycle between folders of src/: src/rank ↔ src/search');
  });

  it('fails on anything in src/ importing the package entry', () => {
    expect(layeringViolations(withImport('src/http/create-app.ts', 'src/index.ts'))).toContain(
      'src/http/create-app.ts imports src/index.ts, the package entry (import the module itself)',
    );
  });

  it('fails on the indexer importing the reader, and the reader the indexer', () => {
    expect(layeringViolations(withImport('src/indexer/staleness.ts', 'src/reader/index-reader.ts'))).toContain(
      'src/indexer/staleness.ts imports src/reader/index-reader.ts: the indexer and the reader share format/, never each other',
    );
    expect(layeringViolations(withImport('src/reader/index-reader.ts', 'src/indexer/build-index.ts'))).toContain(
      'src/reader/index-reader.ts imports src/indexer/build-index.ts: the indexer and the reader share format/, never each other',
    );
  });

  it('fails on format/ importing anything above it', () => {
    expect(layeringViolations(withImport('src/format/manifest.ts', 'src/analyze/index.ts'))).toContain(
      'src/format/manifest.ts imports src/analyze/index.ts: format/ imports only itself, errors.ts and types.ts',
    );
  });
});
