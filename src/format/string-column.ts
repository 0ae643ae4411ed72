// String columns, both ways: strings in → u32 offsets (one more than strings) into a UTF-8 blob; the two → strings.
// A column sorted in JS string order is also searched here (find); a sparse column holds strings of some documents only.
import { offsetsOf } from './index-file.js';

/** The string a column gives back for `value`: UTF-8 keeps no lone surrogate (each becomes U+FFFD). */
export function storedString(value: string): string {
  return (value as string & { isWellFormed(): boolean }).isWellFormed() ? value : Buffer.from(value, 'utf8').toString('utf8');
}

export function encodeStrings(values: string[]): { offsets: Uint32Array; blob: Uint8Array } {
  const encoded = values.map((v) => Buffer.from(v, 'utf8'));
  return { offsets: offsetsOf(encoded), blob: Buffer.concat(encoded) };
}

export class StringColumn {
  private readonly blob: Buffer;

  constructor(
    private readonly offsets: Uint32Array,
    blob: Uint8Array,
  ) {
    this.blob = Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength);
  }

  get length(): number {
    return this.offsets.length - 1;
  }

  get(i: number): string {
    return this.blob.toString('utf8', this.offsets[i], this.offsets[i + 1]);
  }

  /** Binary search in a column sorted in JS string order; -1 when absent. */
  find(value: string): number {
    let lo = 0;
    let hi = this.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const probe = this.get(mid);
      if (probe === value) return mid;
      if (probe < value) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }
}

/**
 * Strings that only some documents have (a kicker, a subtitle): the documents that have one, ascending, and their
 * strings as a column. An archive where none has one stores three empty sections.
 */
export function encodeSparseStrings(values: ReadonlyArray<string | null>): { docs: Uint32Array; offsets: Uint32Array; blob: Uint8Array } {
  const docs: number[] = [];
  const present: string[] = [];
  values.forEach((value, doc) => {
    if (value === null || value === '') return;
    docs.push(doc);
    present.push(value);
  });
  return { docs: Uint32Array.from(docs), ...encodeStrings(present) };
}

/** A document's string of a sparse column, found by binary search of the documents that have one. */
export class SparseStringColumn {
  private readonly strings: StringColumn;

  constructor(
    private readonly docs: Uint32Array,
    offsets: Uint32Array,
    blob: Uint8Array,
  ) {
    this.strings = new StringColumn(offsets, blob);
  }

  /** Whether the sections agree: one string per listed document. */
  get whole(): boolean {
    return this.strings.length === this.docs.length;
  }

  get(doc: number): string | null {
    let lo = 0;
    let hi = this.docs.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const probe = this.docs[mid];
      if (probe === doc) return this.strings.get(mid);
      if (probe < doc) lo = mid + 1;
      else hi = mid - 1;
    }
    return null;
  }
}
