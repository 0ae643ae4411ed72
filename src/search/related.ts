// relatedArticles: an article in → the articles most like it, by its TF-IDF keywords searched as an OR query over
// every segment (removed articles left out).
import { idf, scoreUnit } from '../rank/bm25f.js';
import type { IndexReader } from '../reader/index-reader.js';
import type { DocId } from '../types.js';
import { fieldLengthsOf, type Scoring } from './ranking.js';
import { round, type RelatedHit } from './result-types.js';

/** A segment as related coverage reads it. */
export interface RelatedSegment {
  reader: IndexReader;
  scoring: Scoring;
  removed: Uint8Array | null;
  /** Each document's place in (date, id) order over the archive (archive-order.ts); null in an archive of one segment. */
  places: Int32Array | null;
}

/**
 * Articles most similar to document `doc` of segment `of`: its keywords (words of that segment) looked up as terms in
 * every segment, each scored with its document frequency over them all. Ties go to the newer (date, id).
 */
export function relatedArticles(segments: RelatedSegment[], of: number, doc: DocId, k: number): RelatedHit[] {
  const d = segments[of].reader.docs;
  const docCount = segments[of].scoring.stats.docCount;
  const scores = segments.map(() => new Map<DocId, number>());
  for (let i = d.keywordOffsets[doc]; i < d.keywordOffsets[doc + 1]; i++) {
    const term = segments[of].reader.term(d.keywordIds[i]);
    const postings = segments.map(({ reader }) => {
      const index = reader.findTerm(term);
      return index < 0 ? null : reader.wordPostings(index);
    });
    const termIdf = idf(postings.reduce((n, p) => n + (p?.docs.length ?? 0), 0), docCount);
    postings.forEach((p, s) => {
      if (!p) return;
      const { scoring, removed } = segments[s];
      for (let j = 0; j < p.docs.length; j++) {
        const other = p.docs[j];
        if ((s === of && other === doc) || removed?.[other]) continue;
        const score = scoreUnit(
          { wordTitle: p.title[j], wordAuthors: 0, wordBody: p.body[j], charTotal: 0, charTitle: 0 },
          fieldLengthsOf(scoring, other),
          scoring.stats.averageFieldLengths,
          termIdf,
          false,
        ).score;
        scores[s].set(other, (scores[s].get(other) ?? 0) + score);
      }
    });
  }
  const found = scores.flatMap((map, s) => [...map].map(([other, score]) => ({ s, other, score })));
  found.sort((a, b) => {
    if (b.score !== a.score) return b.score - a.score;
    return a.s === b.s ? b.other - a.other : segments[b.s].places![b.other] - segments[a.s].places![a.other];
  });
  return found.slice(0, k).map(({ s, other, score }) => {
    const docs = segments[s].reader.docs;
    return { id: docs.id(other), title: docs.title(other), date: docs.date(other), score: round(score, 4) };
  });
}
