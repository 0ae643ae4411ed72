// The one error middleware: a failed request in → 4xx JSON with a stable code, or a logged, generic 500 with its id.
// User mistakes get their own code and message; anything else is logged in full and answered with a generic 500 that
// names the request id (never a stack trace).
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { BaosouError, type ErrorCode } from '../errors.js';
import type { Logger } from './logger.js';

export interface ErrorBody {
  error: { code: ErrorCode; message: string; request_id?: string };
}

const STATUS: Partial<Record<ErrorCode, number>> = {
  BAOSOU_QUERY_INVALID: 400,
  BAOSOU_HTTP_BAD_PARAM: 400,
  BAOSOU_NOT_FOUND: 404,
  BAOSOU_HTTP_NOT_FOUND: 404,
  BAOSOU_HTTP_METHOD: 405,
  BAOSOU_HTTP_RATE_LIMITED: 429,
  BAOSOU_HTTP_UNAVAILABLE: 503,
};

/** The message without the `CODE: ` prefix BaosouError puts in front (the code travels in its own field). */
function plainMessage(error: BaosouError): string {
  return error.message.startsWith(`${error.code}: `) ? error.message.slice(error.code.length + 2) : error.message;
}

/** 404 for any path no route or static file answered. */
export const notFound: RequestHandler = (req, _res, next) => {
  next(new BaosouError('BAOSOU_HTTP_NOT_FOUND', `nothing at ${req.method} ${req.path.slice(0, 200)}; the API is /api/search, /api/suggest, /api/doc/:id, /api/related/:id, /healthz and /metrics`));
};

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) {
      // Too late for a JSON answer: log it and let Express end the connection.
      logger.error({ msg: 'response failed after headers were sent', request_id: res.locals.requestId, path: req.path, error: (error as Error)?.stack ?? String(error) });
      next(error);
      return;
    }
    let status = 500;
    let body: ErrorBody;
    const clientStatus = (error as { status?: unknown })?.status;
    if (error instanceof BaosouError && STATUS[error.code]) {
      status = STATUS[error.code]!;
      body = { error: { code: error.code, message: plainMessage(error) } };
    } else if (typeof clientStatus === 'number' && clientStatus >= 400 && clientStatus < 500) {
      // Raised by Express itself: a path that is not valid percent-encoded UTF-8, a body where none belongs.
      status = 400;
      body = { error: { code: 'BAOSOU_HTTP_BAD_PARAM', message: `the request is malformed (${clientStatus}): check the percent-encoding of the path and parameters` } };
    } else {
      const requestId = String(res.locals.requestId ?? '');
      logger.error({
        msg: 'request failed',
        request_id: requestId,
        method: req.method,
        path: req.path,
        code: error instanceof BaosouError ? error.code : undefined,
        error: (error as Error)?.stack ?? String(error),
      });
      body = { error: { code: 'BAOSOU_HTTP_INTERNAL', message: `the server failed to answer this request; its log has the detail under request id ${requestId}`, request_id: requestId } };
    }
    if (status === 405) res.set('Allow', 'GET, HEAD');
    res.status(status).json(body);
  };
}
