// Known-item relevance (shared/eval/README.md): MRR@10 and success@10, overall and per kind.
import { readFileSync } from 'node:fs';

export interface EvalQuery {
  qid: string;
  query: string;
  target: string;
  also: string[];
  kind: string;
}

export interface RelevanceScore {
  queries: number;
  mrr10: number;
  success10: number;
}

export interface RelevanceMiss {
  qid: string;
  kind: string;
  query: string;
  /** 1-based rank of the first relevant result, or null when none is in the top 10. */
  rank: number | null;
}

export type RelevanceResult =
  | { skipped: string }
  | {
      eval_set: string;
      overall: RelevanceScore;
      by_kind: Record<string, RelevanceScore>;
      /** Queries whose relevant article is not first. */
      misses: RelevanceMiss[];
    };

/** Reads the JSON Lines eval set; a malformed line is an error that names the file and line. */
export function loadEvalSet(path: string): EvalQuery[] {
  const lines = readFileSync(path, 'utf8').split('\n');
  const queries: EvalQuery[] = [];
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    let q: EvalQuery;
    try {
      q = JSON.parse(line) as EvalQuery;
    } catch (error) {
      throw new Error(`BAOSOU_BENCH_EVAL: ${path}:${i + 1} is not JSON (${(error as Error).message}); fix or remove the line.`);
    }
    if (typeof q.qid !== 'string' || typeof q.query !== 'string' || typeof q.target !== 'string' || typeof q.kind !== 'string') {
      throw new Error(`BAOSOU_BENCH_EVAL: ${path}:${i + 1} lacks one of qid, query, target, kind.`);
    }
    queries.push({ ...q, also: Array.isArray(q.also) ? q.also : [] });
  });
  return queries;
}

/** Rank (1-based) of the first relevant id within the top 10, or null. */
export function firstRelevantRank(ids: readonly string[], relevant: ReadonlySet<string>): number | null {
  const at = ids.slice(0, 10).findIndex((id) => relevant.has(id));
  return at < 0 ? null : at + 1;
}

/**
 * Scores a search function on the eval set. Skipped (with the reason) when the corpus does not hold every target:
 * scores over a different corpus would not mean anything.
 */
export function scoreRelevance(name: string, queries: EvalQuery[], search: (query: string) => string[], hasId: (id: string) => boolean): RelevanceResult {
  if (queries.length === 0) return { skipped: `eval set ${name} is empty` };
  const missing = queries.filter((q) => !hasId(q.target)).length;
  if (missing === queries.length) return { skipped: 'skipped: eval set targets not in this corpus' };
  if (missing > 0) return { skipped: `skipped: ${missing} of ${queries.length} eval set targets not in this corpus` };

  const reciprocal: Record<string, number[]> = {};
  const misses: RelevanceMiss[] = [];
  const all: number[] = [];
  for (const q of queries) {
    const rank = firstRelevantRank(search(q.query), new Set([q.target, ...q.also]));
    const rr = rank === null ? 0 : 1 / rank;
    (reciprocal[q.kind] ??= []).push(rr);
    all.push(rr);
    if (rank !== 1) misses.push({ qid: q.qid, kind: q.kind, query: q.query, rank });
  }
  const score = (values: number[]): RelevanceScore => ({
    queries: values.length,
    mrr10: round(values.reduce((n, x) => n + x, 0) / values.length),
    success10: round(values.filter((x) => x > 0).length / values.length),
  });
  return {
    eval_set: name,
    overall: score(all),
    by_kind: Object.fromEntries(Object.entries(reciprocal).map(([kind, values]) => [kind, score(values)])),
    misses,
  };
}

function round(x: number): number {
  return Math.round(x * 10000) / 10000;
}
