// AuthorIndex: an author's normalized name in → the documents whose byline names them (docs.bin author columns).
import { normalizeText } from '../analyze/index.js';
import type { DocColumns } from '../format/doc-columns.js';

export class AuthorIndex {
  /** Author ids by normalized name, built on the first author query (most indexes are never asked one). */
  private authorIdsByName: Map<string, number[]> | null = null;

  constructor(private readonly docs: DocColumns) {}

  /** Documents whose byline names this author (normalized, exact). */
  docsOf(name: string): Int32Array {
    const d = this.docs;
    if (!this.authorIdsByName) {
      this.authorIdsByName = new Map();
      for (let a = 0; a < d.authorNames.length; a++) {
        const key = normalizeText(d.authorNames.get(a)).trim();
        const list = this.authorIdsByName.get(key);
        if (list) list.push(a);
        else this.authorIdsByName.set(key, [a]);
      }
    }
    const wanted = new Set(this.authorIdsByName.get(name) ?? []);
    if (wanted.size === 0) return new Int32Array(0);
    const docs: number[] = [];
    for (let doc = 0; doc < d.count; doc++) {
      for (let i = d.authorOffsets[doc]; i < d.authorOffsets[doc + 1]; i++) {
        if (wanted.has(d.authorIds[i])) {
          docs.push(doc);
          break;
        }
      }
    }
    return Int32Array.from(docs);
  }
}
