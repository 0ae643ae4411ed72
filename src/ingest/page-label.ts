// Page labels as printed (`01`, `3`, `A03`, `B1`) → their sort order, edition letter, id part and matching key.

/** An optional edition letter, then the page number: `A03`, `B1`, `12`. */
const LABEL = /^([A-Z]?)0*(\d{1,3})$/;

function parts(label: string): { letter: string; number: number } | null {
  const m = LABEL.exec(label.trim());
  return m ? { letter: m[1], number: Number(m[2]) } : null;
}

/**
 * Sorts pages as their labels do: the page number, plus 1000 × the edition letter's place in the alphabet, so that
 * every A page comes before every B page (01 → 1, A03 → 1003, B1 → 2001). Null when the label holds no page number.
 */
export function pageOrder(label: string | null): number | null {
  const p = label === null ? null : parts(label);
  if (!p) return null;
  return (p.letter ? (p.letter.charCodeAt(0) - 64) * 1000 : 0) + p.number;
}

/** The edition letter of a label such as `A03`, or null. */
export function editionLetter(label: string | null): string | null {
  return (label !== null && parts(label)?.letter) || null;
}

/** The page in an id: number padded to two digits (`1` → `01`, `B1` → `B01`); other labels keep letters and digits only. */
export function pageIdPart(label: string): string {
  const p = parts(label);
  if (p) return `${p.letter}${String(p.number).padStart(2, '0')}`;
  return label.replace(/[^\p{L}\p{N}]+/gu, '');
}

/** One key for every spelling of a page (`01` and `1` → `1`, `A03` → `A3`), to match editor credits to articles. */
export function pageKey(label: string | null): string {
  if (label === null) return '';
  const p = parts(label);
  return p ? `${p.letter}${p.number}` : label.trim();
}
