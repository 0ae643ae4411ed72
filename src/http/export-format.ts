// Export formats: a result list's rows in → CSV (UTF-8 with a BOM, for Excel and WPS) or JSON Lines, and the file
// name to save them under. Shared by /api/export and `baosou search --format`.
import type { ListedHit } from '../search/result-list.js';

export type ExportFormat = 'csv' | 'jsonl';

export const EXPORT_FORMATS: readonly ExportFormat[] = ['csv', 'jsonl'];

/** The CSV's columns, in order. */
export const CSV_COLUMNS = ['id', 'date', 'page', 'title', 'authors', 'source', 'snippet', 'link'] as const;

/** Excel and WPS read a CSV as UTF-8 only when it starts with a byte order mark. */
export const BOM = '\uFEFF';

/**
 * One CSV cell: quoted, quotes doubled (RFC 4180), and text a spreadsheet would run as a formula (starting with = + -
 * @, a tab or a carriage return) prefixed with ' so that it stays text (OWASP's advice against CSV injection).
 */
export function csvCell(value: string | number | null): string {
  let text = value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}

function csvLine(cells: Array<string | number | null>): string {
  return cells.map(csvCell).join(',') + '\r\n';
}

/** The header row (after the BOM, which the caller writes first). */
export function csvHeader(): string {
  return csvLine([...CSV_COLUMNS]);
}

/** One article as a CSV row; `link` is its permalink. Authors are joined by 、. */
export function csvRow(hit: ListedHit, link: string): string {
  return csvLine([hit.id, hit.date, hit.page, hit.title, hit.authors.join('、'), hit.source, hit.snippet, link]);
}

/** One article as a JSON line: the CSV's fields (authors as a list), with kicker, subtitle, section and position. */
export function jsonlRow(hit: ListedHit, link: string): string {
  const { id, date, page, kicker, title, subtitle, authors, source, section, position, snippet } = hit;
  return JSON.stringify({ id, date, page, kicker, title, subtitle, authors, source, section, position, snippet, link }) + '\n';
}

/**
 * A file name for the export of a query: `baosou-<query>-<date>.<format>`, the query cut to 40 characters and made of
 * letters, digits and dashes only; plus a plain ASCII fallback for clients that do not read RFC 6266's filename*.
 */
export function exportFileName(query: string, format: ExportFormat, now = new Date()): { name: string; ascii: string } {
  const words = query.replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'export';
  const day = now.toISOString().slice(0, 10);
  const ascii = words.replace(/[^A-Za-z0-9-]+/g, '').replace(/^-+|-+$/g, '');
  return { name: `baosou-${words}-${day}.${format}`, ascii: `baosou-${ascii || 'export'}-${day}.${format}` };
}

/** The Content-Disposition header of an export: an attachment with both names. */
export function contentDisposition(query: string, format: ExportFormat): string {
  const { name, ascii } = exportFileName(query, format);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
