// Ids of articles read from text files: derived from where the article sits (date + page + place on the page), so the
// same archive gives the same ids on every run, and made unique when two files claim the same place.
import { basename } from 'node:path';
import { pageIdPart } from './page-label.js';

/** Letters and digits (any script) of a text, runs of anything else turned into one `-`. */
function slug(text: string): string {
  return text.replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-+|-+$/g, '');
}

/** A file's name without its extension, as an id part: `2024-12-30 今日桐庐 第3版.txt` → `2024-12-30-今日桐庐-第3版`. */
export function fileStem(file: string): string {
  return slug(basename(file).replace(/\.(?:txt|md|markdown)$/i, '')) || 'page';
}

export interface IdPlace {
  date: string | null;
  page: string | null;
  position: number | null;
}

/**
 * `20230904-01-02`: the date (the file name when undated), the page when known, and the place on the page. Without a
 * place (an article file named neither …-PP-NN nor given `position:`), the file name stands for it, after the date
 * unless it holds the date already: `20230904-story`.
 */
export function derivedId(place: IdPlace, file: string): string {
  const compact = place.date?.replace(/-/g, '') ?? null;
  if (place.position === null) {
    const stem = fileStem(file);
    return compact === null || stem.includes(compact) || stem.includes(place.date!) ? stem : `${compact}-${stem}`;
  }
  const parts = [compact ?? fileStem(file)];
  const page = place.page === null ? '' : pageIdPart(place.page);
  if (page) parts.push(page);
  parts.push(String(place.position).padStart(2, '0'));
  return parts.join('-');
}

/**
 * A free id for an article whose derived id is taken by another file: the id, `~`, and the file's path within the
 * archive (`20240105-01~pages-20240105-b`); then a counter, should even that be taken (the same path under two roots).
 */
export function qualifiedId(id: string, pathInArchive: string, isTaken: (id: string) => boolean): string {
  const base = `${id}~${slug(pathInArchive.replace(/\.(?:txt|md|markdown)$/i, '')) || 'file'}`;
  let candidate = base;
  for (let n = 2; isTaken(candidate); n++) candidate = `${base}~${n}`;
  return candidate;
}
