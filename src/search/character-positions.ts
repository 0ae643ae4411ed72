// characterPositions: a character and candidate documents in → where the character stands in each, read from every
// key starting with it (a phrase's last clause of one character, `本⏸将`, is checked this way), within a deadline.
import type { IndexReader } from '../reader/index-reader.js';

/**
 * For each of `candidates` (sorted documents), the positions (ascending) where character `code` stands: the union of
 * the keys starting with it — a character followed by another, by a clause break or by a field's end — read only
 * among the candidates. A common character starts thousands of keys: past `deadline` the rest are left unread, and
 * `truncated` says so (as for a one-character query).
 */
export function characterPositions(reader: IndexReader, code: number, candidates: Int32Array, deadline: number): { positions: Int32Array[]; truncated: boolean } {
  const found: number[][] = Array.from({ length: candidates.length }, () => []);
  const [from, to] = reader.keysStartingWith(code);
  let buffer = new Int32Array(16);
  let truncated = false;
  for (let key = from; key < to && candidates.length > 0; key++) {
    if ((key - from) % 64 === 63 && performance.now() > deadline) {
      truncated = true;
      break;
    }
    const p = reader.keyPostingsWithin(key, candidates);
    const walker = reader.positionWalker(p);
    for (let i = 0, j = 0; i < p.docs.length && j < candidates.length; ) {
      if (p.docs[i] < candidates[j]) i++;
      else if (p.docs[i] > candidates[j]) j++;
      else {
        if (buffer.length < p.tf[i]) buffer = new Int32Array(p.tf[i] * 2);
        const count = walker.read(i, buffer);
        for (let n = 0; n < count; n++) found[j].push(buffer[n]);
        i++;
        j++;
      }
    }
  }
  return { positions: found.map((list) => Int32Array.from(list).sort()), truncated };
}
