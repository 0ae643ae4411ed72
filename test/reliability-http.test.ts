// The HTTP API under abuse: 10,000+ random and hostile requests against the real server on a real port — no 5xx,
// no hang, clear 400s, no markup in *_html fields but <mark>, no file outside the roots — and correct answers after.
import { Agent, request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../dist/src/http/serve.js';
import { buildFixture, memoryLogger, startServer, type Fixture } from './support/http-fixture.js';
import { prng } from './support/corpus.js';
import { hasShared, NEEDS_SHARED } from './support/paths.js';

const PIECES = [
  '"', '“', '”', '「', '」', '(', ')', '（', '）', '-', '－', 'OR', 'or', '|', 'AND', 'NOT', 'title:', 'author:', '标题：', ':', '：',
  '的', '是', '中', '国', '习近平', '桐庐', '快递', '发展', 'C919', 'Ｃ９１９', '習近平', '2024年', '9.2%',
  '<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '"><svg onload=alert(1)>', '&amp;', '&lt;', '<b>', "' OR 1=1 --", "'; DROP TABLE articles; --",
  '.*', '\\', '[', ']', '{', '}', '^$', '(?:', '+', '?', '%', '%00', '%2e%2e', '../', '..\\', '/etc/passwd', '${jndi:x}', '{{7*7}}', '__proto__', 'constructor',
  '😀', '👨‍👩‍👧', '\u200f', '\u202e', '\u200b', '\ud800', '\udfff', '\u0000', '\u0007', '\u001b[31m', '\n', '\r\n', '\t', '\u3000', ' ', 'ｶﾞ', '①', '\ufeff', '\uffff',
];

/** A random or hostile query string (raw, before encoding). */
function hostileText(random: () => number): string {
  const roll = random();
  if (roll < 0.02) return 'x'.repeat(10_000);
  if (roll < 0.04) return '('.repeat(250) + '桐庐' + ')'.repeat(240);
  if (roll < 0.06) return '"'.repeat(499);
  if (roll < 0.08) return Array.from({ length: 400 }, () => String.fromCharCode(Math.floor(random() * 0x10000))).join('');
  if (roll < 0.09) return Array.from({ length: 60 }, () => '的').join(' OR ');
  if (roll < 0.1) return 'OR AND NOT - | OR';
  const parts = 1 + Math.floor(random() * 12);
  return Array.from({ length: parts }, () => PIECES[Math.floor(random() * PIECES.length)]).join(random() < 0.5 ? ' ' : '');
}

/** Percent-encodes like encodeURIComponent, but also sends lone surrogates (as CESU bytes) and some broken escapes. */
function encode(text: string, random: () => number): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    const pair = unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
    if (pair) {
      out += encodeURIComponent(text.slice(i, i + 2));
      i++;
    } else if (unit >= 0xd800 && unit <= 0xdfff) {
      out += `%${(0xe0 | (unit >> 12)).toString(16)}%${(0x80 | ((unit >> 6) & 0x3f)).toString(16)}%${(0x80 | (unit & 0x3f)).toString(16)}`;
    } else out += encodeURIComponent(text[i]);
  }
  const roll = random();
  if (roll < 0.03) out += '%';
  else if (roll < 0.06) out += '%zz%C0%AF%FF';
  return out;
}

const HOSTILE_VALUES = [
  '-1', '0', '1', '2', '101', '1e3', '1.5', '0x10', 'abc', '99999999999', '9'.repeat(40), '', ' ', '%00', '<script>', 'NaN', 'Infinity',
  '2024-13-45', '2024-02-30', '1900', '9999-12-31', '2024-01-01T00:00', 'date', 'date-asc', 'relevance', 'random', '__proto__', 'true', 'yes',
];

/** One hostile request path. */
function hostilePath(random: () => number, ids: string[]): string {
  const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)];
  const roll = random();
  if (roll < 0.55) {
    let path = `/api/search?q=${encode(hostileText(random), random)}`;
    for (const name of ['page', 'size', 'from', 'to', 'sort', 'author', 'explain']) if (random() < 0.2) path += `&${name}=${encode(pick(HOSTILE_VALUES), random)}`;
    if (random() < 0.05) path += `&q=${encode(hostileText(random), random)}`; // q given twice
    if (random() < 0.03) path += `&q[]=x&q[a]=b&__proto__[x]=1`;
    return path;
  }
  if (roll < 0.75) return `/api/suggest?q=${encode(hostileText(random), random)}${random() < 0.2 ? `&limit=${encode(pick(HOSTILE_VALUES), random)}` : ''}`;
  if (roll < 0.85) {
    const id = random() < 0.3 ? pick(ids) : encode(hostileText(random).slice(0, 300), random);
    return `/api/doc/${id}?q=${encode(hostileText(random).slice(0, 600), random)}`;
  }
  if (roll < 0.92) return `/api/related/${random() < 0.3 ? pick(ids) : encode(hostileText(random).slice(0, 300), random)}?k=${encode(pick(HOSTILE_VALUES), random)}`;
  return pick(TRAVERSALS);
}

/** Paths that try to read outside the page's root or the index. */
const TRAVERSALS = [
  '/../package.json', '/../../package.json', '/%2e%2e/package.json', '/%2e%2e/%2e%2e/etc/passwd', '/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd', '/..%2f..%2fetc%2fpasswd',
  '/js/../../package.json', '/js/%2e%2e/%2e%2e/package.json', '/js/..%5c..%5cpackage.json', '/....//....//etc/passwd', '//etc/passwd', '/etc/passwd',
  '/%00', '/index.html%00.js', '/js/%00', '/api/doc/%00', '/api/doc/..%2f..%2fpackage.json', '/api/doc/%2e%2e%2f%2e%2e%2fetc%2fpasswd', '/api/doc/../../package.json',
  '/api/doc//etc/passwd', '/api/doc/%2Fetc%2Fpasswd', '/api/doc/C:%5Cwindows%5Cwin.ini', `/api/doc/${'a'.repeat(5000)}`, `/api/related/${'%2e'.repeat(3000)}`,
  '/api/related/%00?k=1', '/.git/config', '/%2egit/config', '/dist/src/index.js', '/src/web/public/../../../package.json', '/js/../http/serve.js',
  '/api/doc/manifest.json', '/api/doc/CURRENT', '/node_modules/express/package.json', `/${'x'.repeat(5000)}`,
];

interface Answer {
  status: number;
  ms: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

const agent = new Agent({ keepAlive: true, maxSockets: 8 });

/** A GET with the path sent exactly as given (fetch would normalize `..` away). */
function get(base: URL, path: string): Promise<Answer> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request({ host: base.hostname, port: base.port, path, method: 'GET', agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - started, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    // The hang guard: no answer in 5 s is a failure in itself (the 1 s bound is asserted on the measured time).
    req.setTimeout(5000, () => req.destroy(new Error(`no answer within 5 s for ${path.slice(0, 200)}`)));
    req.on('error', reject);
    req.end();
  });
}

/** Every `*_html` string anywhere in a JSON answer. */
function htmlFields(value: unknown, out: string[] = [], key = ''): string[] {
  if (typeof value === 'string') {
    if (key.endsWith('_html')) out.push(value);
  } else if (Array.isArray(value)) for (const item of value) htmlFields(item, out, key);
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) htmlFields(v, out, k);
  return out;
}

describe.skipIf(!hasShared)(`the HTTP API under hostile requests ${NEEDS_SHARED}`, () => {
  let fixture: Fixture;
  let running: RunningServer;
  let base: URL;

  beforeAll(async () => {
    fixture = await buildFixture('rel-http');
    running = await startServer(fixture.indexDir, { logger: memoryLogger(), accessLog: false });
    base = new URL(running.url);
  }, 120_000);
  afterAll(async () => {
    agent.destroy();
    await running?.close();
    fixture?.cleanup();
  });

  it('answers 10,000 random and hostile requests within 1 s each, with no 5xx, JSON errors and inert HTML', async () => {
    const random = prng(2026);
    const ids = [...fixture.articles.slice(0, 50).map((a) => a.id), 'own-script'];
    const paths = Array.from({ length: 10_000 }, () => hostilePath(random, ids));
    const statuses = new Map<number, number>();
    const problems: string[] = [];
    let slowest = 0;
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < paths.length) {
          const path = paths[next++];
          const answer = await get(base, path);
          statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
          slowest = Math.max(slowest, answer.ms);
          const where = `${answer.status} ${path.slice(0, 160)}`;
          if (answer.status >= 500) problems.push(`5xx: ${where} ${answer.text.slice(0, 200)}`);
          if (answer.ms > 1000) problems.push(`slow (${Math.round(answer.ms)} ms): ${where}`);
          if (/"name":\s*"baosou"|root:x?:0:0|\[core\]|BSOU/.test(answer.text)) problems.push(`leaked a file: ${where}`);
          const isJson = String(answer.headers['content-type']).startsWith('application/json');
          if (answer.status >= 400) {
            if (!isJson) {
              problems.push(`error not JSON: ${where}`);
              continue;
            }
            const error = (JSON.parse(answer.text) as { error?: { code?: string; message?: string } }).error;
            if (!error?.code?.startsWith('BAOSOU_') || !error.message) problems.push(`error without code and message: ${where} ${answer.text.slice(0, 200)}`);
            if (answer.status === 400 && !['BAOSOU_HTTP_BAD_PARAM', 'BAOSOU_QUERY_INVALID'].includes(error!.code!)) problems.push(`400 with ${error!.code}: ${where}`);
          } else if (answer.status === 200 && isJson) {
            if (answer.headers['x-content-type-options'] !== 'nosniff') problems.push(`JSON without nosniff: ${where}`);
            for (const html of htmlFields(JSON.parse(answer.text))) {
              if (/[<>]/.test(html.replace(/<\/?mark>/g, ''))) problems.push(`markup in an _html field: ${where}: ${html.slice(0, 200)}`);
            }
          } else if (answer.status === 200 && !/^\/(\?|$)|^\/js\/|\.(css|html)$/.test(path)) problems.push(`a file was served: ${where}`);
        }
      }),
    );
    expect(problems.slice(0, 20)).toEqual([]);
    // The mix really exercised both sides: many normal answers, many refusals (most from hostile page/size/… values).
    expect(statuses.get(200)).toBeGreaterThan(3000);
    expect(statuses.get(400)).toBeGreaterThan(1000);
    expect(statuses.get(404)).toBeGreaterThan(100);
    expect([...statuses.keys()].every((s) => s < 500)).toBe(true);
    expect(slowest).toBeLessThan(1000);
  }, 120_000);

  it('refuses every traversal path without reading a file outside the page or the index', async () => {
    for (const path of TRAVERSALS) {
      const answer = await get(base, path);
      expect([400, 404], path).toContain(answer.status);
      expect(JSON.parse(answer.text).error.code, path).toMatch(/^BAOSOU_(HTTP_BAD_PARAM|HTTP_NOT_FOUND|NOT_FOUND)$/);
      expect(answer.text).not.toMatch(/"name":\s*"baosou"|root:x?:0:0|"version":/);
    }
  });

  it('still answers correctly afterwards, with archive markup escaped and the page under its security policy', async () => {
    const search = await get(base, `/api/search?q=${encodeURIComponent('桐庐 快递')}`);
    expect(search.status).toBe(200);
    const hit = (JSON.parse(search.text) as { hits: Array<{ id: string; title_html: string }> }).hits.find((h) => h.id === 'own-script')!;
    expect(hit.title_html).toContain('&lt;script&gt;alert(&quot;标题&quot;)&lt;/script&gt;');
    const doc = JSON.parse((await get(base, `/api/doc/own-script?q=${encodeURIComponent('<img src=x>桐庐')}`)).text) as { paragraphs_html: string[]; title_html: string };
    expect(doc.paragraphs_html.join('')).toContain('onerror=&quot;alert(1)&quot;&gt;');
    expect(doc.paragraphs_html.join('').replace(/<\/?mark>/g, '')).not.toMatch(/[<>]/);
    const suggest = await get(base, `/api/suggest?q=${encodeURIComponent('<script>')}`);
    expect(suggest.status).toBe(200);
    const page = await get(base, '/');
    expect(page.status).toBe(200);
    expect(String(page.headers['content-security-policy'])).toMatch(/script-src 'self'/);
    expect(String(page.headers['content-security-policy'])).not.toMatch(/unsafe-inline|unsafe-eval/);
    const health = JSON.parse((await get(base, '/healthz')).text) as { status: string; articles: number };
    expect(health).toMatchObject({ status: 'ok', articles: fixture.articles.length });
  });

  it('with --rate-limit, answers a client beyond its budget with 429 JSON and Retry-After, other routes unaffected', async () => {
    const limited = await startServer(fixture.indexDir, { logger: memoryLogger(), accessLog: false, rateLimit: { perMinute: 60, burst: 5 } });
    try {
      const url = new URL(limited.url);
      const answers = [];
      for (let i = 0; i < 8; i++) answers.push(await get(url, `/api/search?q=${encodeURIComponent('桐庐')}`));
      expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 429, 429, 429]);
      const refused = answers[5];
      expect(JSON.parse(refused.text).error.code).toBe('BAOSOU_HTTP_RATE_LIMITED');
      expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect((await get(url, '/healthz')).status).toBe(200);
      // One request a second comes back.
      await new Promise((resolve) => setTimeout(resolve, 1100));
      expect((await get(url, `/api/suggest?q=${encodeURIComponent('桐庐')}`)).status).toBe(200);
      expect((await get(url, `/api/suggest?q=${encodeURIComponent('桐庐')}`)).status).toBe(429);
    } finally {
      await limited.close();
    }
  });
});
