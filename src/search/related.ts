// relatedArticles: an article in → the articles most like it, by its TF-IDF keywords searched as an OR query.
import { idf, scoreUnit } from '../rank/bm25f.js';
import type { IndexReader } from '../reader/index-reader.js';
import type { DocId } from '../types.js';
import { fieldLengthsOf, type Scoring } from './ranking.js';
import { round, type RelatedHit } from './result-types.js';

/** Articles most similar to this one: its TF-IDF keywords, searched as an OR query. */
export function relatedArticles(reader: IndexReader, scoring: Scoring, doc: DocId, k: number): RelatedHit[] {
  const d = reader.docs;
  const scores = new Map<DocId, number>();
  for (let i = d.keywordOffsets[doc]; i < d.keywordOffsets[doc + 1]; i++) {
    const term = d.keywordIds[i];
    const postings = reader.wordPostings(term);
    const termIdf = idf(postings.docs.length, scoring.stats.docCount);
    for (let j = 0; j < postings.docs.length; j++) {
      const other = postings.docs[j];
      if (other === doc) continue;
      const s = scoreUnit(
        { wordTitle: postings.title[j], wordAuthors: 0, wordBody: postings.body[j], charTotal: 0, charTitle: 0 },
        fieldLengthsOf(scoring, other),
        scoring.stats.averageFieldLengths,
        termIdf,
        false,
      ).score;
      scores.set(other, (scores.get(other) ?? 0) + s);
    }
  }
  return [...scores]
    .sort((a, b) => b[1] - a[1] || b[0] - a[0])
    .slice(0, k)
    .map(([other, score]) => ({ id: d.id(other), title: d.title(other), date: d.date(other), score: round(score, 4) }));
}
