// Security headers: a response in → the headers it needs, helmet's full set for the page, a few for JSON answers.
// The page's content security policy allows scripts and styles only from this origin, no inline code. JSON answers
// get the few headers that matter for data: no sniffing, nothing may load or frame it as a document, no cross-origin
// embedding — fewer bytes on every answer.
import type { RequestHandler } from 'express';
import helmet from 'helmet';

export const pageSecurityHeaders: RequestHandler = helmet({
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      fontSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'none'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
  },
});

const API_HEADERS: Array<[string, string]> = [
  ['X-Content-Type-Options', 'nosniff'],
  ['Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'"],
  ['Cross-Origin-Resource-Policy', 'same-origin'],
];

export const apiSecurityHeaders: RequestHandler = (_req, res, next) => {
  for (const [name, value] of API_HEADERS) res.setHeader(name, value);
  next();
};
