// Atom feeds: a query's newest matches in → an Atom 1.0 document (RFC 4287), every text XML-escaped, so that a reporter
// can follow a name or a project in any feed reader.
import type { ListedHit } from '../search/result-list.js';

/** How many of the newest matches a feed holds. */
export const FEED_SIZE = 50;
/** The date in the feed's tag: URIs (RFC 4151): the year baosou began to mint them under the serving host. */
const TAG_DATE = '2026';

/** Text as XML character data or an attribute value: the five special characters escaped, characters XML 1.0 forbids dropped. */
export function xmlText(value: string): string {
  return value
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

export interface FeedInput {
  /** The query as given, and the feed's own URL (rel="self"). */
  query: string;
  selfUrl: string;
  /** The search page's address; entries link to their permalinks under it. */
  pageUrl: string;
  /** When the index was built: the feed's updated time when no entry is dated. */
  builtAt: string;
  /** Newest first. */
  hits: ListedHit[];
  permalink: (id: string) => string;
}

/** A day as an Atom date: midnight UTC of the article's date. */
function atomDate(date: string): string {
  return `${date}T00:00:00Z`;
}

/** A tag: URI under the host the feed is served from: tag:archive.example.com,2026:article/20241230-01-02. */
function tagUri(pageUrl: string, specific: string): string {
  return `tag:${new URL(pageUrl).hostname},${TAG_DATE}:${specific}`;
}

export function atomFeed({ query, selfUrl, pageUrl, builtAt, hits, permalink }: FeedInput): string {
  const newest = hits.find((h) => h.date !== null)?.date;
  const updated = newest ? atomDate(newest) : new Date(builtAt).toISOString();
  const entries = hits.map((hit) => {
    const authors = hit.authors.map((name) => `    <author><name>${xmlText(name)}</name></author>\n`).join('');
    const title = [hit.kicker, hit.title, hit.subtitle].filter((part) => part).join(' ');
    return (
      '  <entry>\n' +
      `    <id>${xmlText(tagUri(pageUrl, `article/${encodeURIComponent(hit.id)}`))}</id>\n` +
      `    <title type="text">${xmlText(title)}</title>\n` +
      `    <updated>${hit.date ? atomDate(hit.date) : updated}</updated>\n` +
      `    <link rel="alternate" type="text/html" href="${xmlText(permalink(hit.id))}"/>\n` +
      authors +
      // A headline-only item (a picture story) has no text to sum up; Atom asks for a summary only with remote content.
      (hit.snippet ? `    <summary type="text">${xmlText(hit.snippet)}</summary>\n` : '') +
      (hit.source ? `    <category term="${xmlText(hit.source)}"/>\n` : '') +
      '  </entry>\n'
    );
  });
  return (
    '<?xml version="1.0" encoding="utf-8"?>\n' +
    '<feed xmlns="http://www.w3.org/2005/Atom">\n' +
    `  <id>${xmlText(tagUri(pageUrl, `feed${new URL(selfUrl).search}`))}</id>\n` +
    `  <title type="text">${xmlText(`报搜：${query}`)}</title>\n` +
    `  <subtitle type="text">${xmlText(`含“${query}”的最新 ${FEED_SIZE} 篇报道，最新在前`)}</subtitle>\n` +
    `  <updated>${updated}</updated>\n` +
    `  <link rel="self" type="application/atom+xml" href="${xmlText(selfUrl)}"/>\n` +
    `  <link rel="alternate" type="text/html" href="${xmlText(`${pageUrl}?q=${encodeURIComponent(query)}&sort=date`)}"/>\n` +
    '  <author><name>报搜 baosou</name></author>\n' +
    '  <generator>baosou</generator>\n' +
    entries.join('') +
    '</feed>\n'
  );
}
