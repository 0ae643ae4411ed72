// Cluster messages: what the primary and its workers say to each other, and where a worker finds its options.

/** Messages between the primary and its workers. */
export type ClusterMessage =
  | { type: 'baosou:listening'; port: number }
  | { type: 'baosou:failed'; code: string; message: string }
  | { type: 'baosou:shutdown' }
  | { type: 'baosou:reload' }
  | { type: 'baosou:reloaded' }
  | { type: 'baosou:metrics-request'; id: number }
  | { type: 'baosou:metrics-response'; id: number; text?: string; error?: string };

/** The environment variable that carries a worker's ServeOptions (as JSON) from the primary. */
export const WORKER_OPTIONS_ENV = 'BAOSOU_SERVE_OPTIONS';
