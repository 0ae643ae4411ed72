// Decoders for the two postings formats (docs/INDEX_FORMAT.md): word postings and character-key postings.
// The varint loops are written out inline: these are the hottest loops of a query.

/** A word's postings, decoded: per document, its term frequency in each field. */
export interface WordPostings {
  docs: Int32Array;
  title: Uint32Array;
  authors: Uint32Array;
  body: Uint32Array;
}

function readVarint(bytes: Uint8Array, at: number, out: { at: number }): number {
  let b = bytes[at++];
  let v = b & 0x7f;
  for (let shift = 7; b >= 0x80; shift += 7) {
    b = bytes[at++];
    v += (b & 0x7f) * 2 ** shift;
  }
  out.at = at;
  return v;
}

export function decodeWordPostings(bytes: Uint8Array, start: number, count: number): WordPostings {
  const docs = new Int32Array(count);
  const title = new Uint32Array(count);
  const authors = new Uint32Array(count);
  const body = new Uint32Array(count);
  let at = start;
  let doc = -1;
  for (let i = 0; i < count; i++) {
    let b = bytes[at++];
    let v = b & 0x7f;
    for (let shift = 7; b >= 0x80; shift += 7) {
      b = bytes[at++];
      v += (b & 0x7f) * 2 ** shift;
    }
    doc += Math.floor(v / 2);
    docs[i] = doc;
    if (v & 1) {
      body[i] = 1;
      continue;
    }
    b = bytes[at++];
    let packed = b & 0x7f;
    for (let shift = 7; b >= 0x80; shift += 7) {
      b = bytes[at++];
      packed += (b & 0x7f) * 2 ** shift;
    }
    body[i] = Math.floor(packed / 4);
    if (packed & 2) {
      b = bytes[at++];
      v = b & 0x7f;
      for (let shift = 7; b >= 0x80; shift += 7) {
        b = bytes[at++];
        v += (b & 0x7f) * 2 ** shift;
      }
      title[i] = v;
    }
    if (packed & 1) {
      b = bytes[at++];
      v = b & 0x7f;
      for (let shift = 7; b >= 0x80; shift += 7) {
        b = bytes[at++];
        v += (b & 0x7f) * 2 ** shift;
      }
      authors[i] = v;
    }
  }
  return { docs, title, authors, body };
}

/** A character key's postings, decoded: per document, occurrences and whether one is in the title. */
export interface KeyPostings {
  docs: Int32Array;
  tf: Uint32Array;
  inTitle: Uint8Array;
  /** Where the key's positions start (right after its postings). */
  positionsStart: number;
  /** Byte offset of each entry's positions, computed for common keys kept decoded (see IndexReader). */
  positionOffsets?: Uint32Array;
}

/** The doc frequency stored at the start of a key's data. */
export function keyDocFrequency(bytes: Uint8Array, start: number): number {
  return readVarint(bytes, start, { at: 0 });
}

export function decodeKeyPostings(bytes: Uint8Array, start: number): KeyPostings {
  const cursor = { at: 0 };
  const count = readVarint(bytes, start, cursor);
  const docs = new Int32Array(count);
  const tf = new Uint32Array(count);
  const inTitle = new Uint8Array(count);
  let at = cursor.at;
  let doc = -1;
  for (let i = 0; i < count; i++) {
    let b = bytes[at++];
    let v = b & 0x7f;
    for (let shift = 7; b >= 0x80; shift += 7) {
      b = bytes[at++];
      v += (b & 0x7f) * 2 ** shift;
    }
    doc += Math.floor(v / 2);
    docs[i] = doc;
    if (v & 1) {
      tf[i] = 1;
      continue;
    }
    b = bytes[at++];
    v = b & 0x7f;
    for (let shift = 7; b >= 0x80; shift += 7) {
      b = bytes[at++];
      v += (b & 0x7f) * 2 ** shift;
    }
    tf[i] = Math.floor(v / 2);
    inTitle[i] = v & 1;
  }
  return { docs, tf, inTitle, positionsStart: at };
}

/**
 * Walks a key's positions entry by entry, in postings order. Entry i holds tf[i] delta-coded positions.
 * Skipping an entry costs a byte scan, never a decode.
 */
export class PositionWalker {
  private at: number;
  private entry = 0;

  constructor(
    private readonly bytes: Uint8Array,
    start: number,
    private readonly tf: Uint32Array,
    /** Byte offset of every entry's positions, when known (kept for common keys): reads then jump, never scan. */
    private readonly entryOffsets: Uint32Array | null = null,
  ) {
    this.at = start;
  }

  /** Positions of entry `index` (must not go backwards) written into `out`; returns how many. */
  read(index: number, out: Int32Array): number {
    const bytes = this.bytes;
    const tf = this.tf;
    let at = this.at;
    if (this.entryOffsets) {
      at = this.entryOffsets[index];
      this.entry = index;
    } else {
      let entry = this.entry;
      while (entry < index) {
        // Skip tf varints: count bytes without the continuation bit.
        for (let left = tf[entry++]; left > 0; ) if (bytes[at++] < 0x80) left--;
      }
      this.entry = entry;
    }
    const count = tf[this.entry++];
    let position = 0;
    for (let i = 0; i < count; i++) {
      let b = bytes[at++];
      let v = b & 0x7f;
      for (let shift = 7; b >= 0x80; shift += 7) {
        b = bytes[at++];
        v += (b & 0x7f) * 2 ** shift;
      }
      position += v;
      out[i] = position;
    }
    this.at = at;
    return count;
  }
}

/** Byte offset of each entry's positions: one scan, for keys whose postings are kept decoded. */
export function positionOffsets(bytes: Uint8Array, postings: KeyPostings): Uint32Array {
  const offsets = new Uint32Array(postings.docs.length);
  let at = postings.positionsStart;
  for (let entry = 0; entry < offsets.length; entry++) {
    offsets[entry] = at;
    for (let left = postings.tf[entry]; left > 0; ) if (bytes[at++] < 0x80) left--;
  }
  return offsets;
}
