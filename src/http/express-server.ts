// expressServer: an Express app and a request handler in → a node:http server whose requests and responses are born
// with the app's prototypes, so Express has no prototype to change per request.
//
// Why: Express gives every request and response the app's prototypes with Object.setPrototypeOf (app.handle). On an
// object already in use that is a slow path in V8, and it made young-generation collections keep dead requests alive:
// on bare node:http that one call took an answer from 36–40 to 82–88 µs of CPU, with a mark-compact every second or
// so; the server's cached answers cost 167 µs instead of 51 (docs/BENCHMARKS.md, *HTTP*, 2026-12-03 evening). Here
// the server makes its requests and responses from subclasses whose prototypes stand for the app's: setPrototypeOf
// then finds the prototype already in place and changes nothing.
import { createServer, IncomingMessage, ServerResponse, type RequestListener, type Server } from 'node:http';
import type { Express } from 'express';

interface Classes {
  IncomingMessage: typeof IncomingMessage;
  ServerResponse: typeof ServerResponse;
}

/** The classes made for each app: its prototypes are moved once. */
const madeFor = new WeakMap<Express, Classes>();

export function expressServer(app: Express, handler: RequestListener): Server {
  return createServer(classesFor(app), handler);
}

function classesFor(app: Express): Classes {
  const made = madeFor.get(app);
  if (made) return made;
  const Request = class extends IncomingMessage {};
  const Response = class extends ServerResponse {};
  app.request = adopt(Request.prototype, app.request);
  app.response = adopt(Response.prototype, app.response);
  const classes: Classes = { IncomingMessage: Request, ServerResponse: Response as typeof ServerResponse };
  madeFor.set(app, classes);
  return classes;
}

/** `target` (a class's prototype) made to stand for the app's `prototype`: the same parent, the same own properties. */
function adopt<T extends object>(target: object, prototype: T): T {
  Object.setPrototypeOf(target, Object.getPrototypeOf(prototype));
  Object.defineProperties(target, Object.getOwnPropertyDescriptors(prototype));
  return target as T;
}
