// escapeHtml: article text in → the same text inert as HTML: the archive is data, never markup.

const SPECIAL = /[&<>"']/;
const SPECIAL_ALL = /[&<>"']/g;
const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes & < > " ' so the text is inert in element content and in quoted attribute values. */
export function escapeHtml(text: string): string {
  // Most article text has none of these: skip building a new string.
  return SPECIAL.test(text) ? text.replace(SPECIAL_ALL, (c) => ENTITIES[c]) : text;
}
