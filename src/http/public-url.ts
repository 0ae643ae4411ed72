// Public URLs: the request (or the server's --public-url) in → the search page's address, and an article's permalink.
import type { Request } from 'express';
import { BaosouError, type ErrorCode } from '../errors.js';

/** A Host header this server would answer to: a name or address, and a port. Anything else is not echoed into links. */
const HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?|\[[0-9A-Fa-f:.]{2,45}\])(?::\d{1,5})?$/;

/** Checks a --public-url value: an absolute http(s) URL, without query or fragment; returned ending in "/". */
export function checkPublicUrl(value: string, code: ErrorCode = 'BAOSOU_SERVE_FAILED'): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new BaosouError(code, `--public-url must be an absolute URL such as https://archive.example.com/baosou/, got "${value.slice(0, 200)}"`);
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.search || url.hash) {
    throw new BaosouError(code, `--public-url must be an http or https URL without ?query or #fragment, got "${value.slice(0, 200)}"`);
  }
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url.href;
}

/**
 * The search page's address as a client reaches it: the --public-url when the server has one (behind a proxy), else
 * the request's own scheme and Host (a malformed Host is replaced by the address the request came in on).
 */
export function pageUrl(req: Request, publicUrl: string | undefined): string {
  if (publicUrl) return publicUrl;
  const host = req.headers.host;
  if (host && HOST.test(host)) return `${req.protocol}://${host}/`;
  const address = req.socket.localAddress ?? '127.0.0.1';
  return `${req.protocol}://${address.includes(':') ? `[${address}]` : address}:${req.socket.localPort}/`;
}

/** The article on the search page: `<page>?doc=<id>`. */
export function permalink(page: string, id: string): string {
  return `${page}?doc=${encodeURIComponent(id)}`;
}
