// The built site works from any sub-path of a plain static host (relative base), offline.
import { test, expect } from '@playwright/test';
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { foreignRequests, recordRequests } from './helpers';

const PREFIX = '/deep/sub/path/';
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json' };
let server: Server;
let origin = '';

test.beforeAll(async () => {
  const root = join(process.cwd(), 'dist');
  server = createServer(async (req, res) => {
    const path = decodeURIComponent((req.url ?? '/').split('?')[0]);
    if (!path.startsWith(PREFIX)) {
      res.writeHead(404).end();
      return;
    }
    const rel = normalize(path.slice(PREFIX.length) || 'index.html');
    if (rel.startsWith('..')) {
      res.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(join(root, rel));
      res.writeHead(200, { 'content-type': TYPES[extname(rel)] ?? 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address();
  origin = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
});

test.afterAll(() => new Promise<void>((r) => server.close(() => r())));

test('the built site runs the cluster from a sub-path of a static host', async ({ page }) => {
  const urls = recordRequests(page);
  await page.goto(`${origin}${PREFIX}#/namespaces`);
  await expect(page.locator('.rtable-body [role=row][data-name="kube-system"]')).toBeVisible();
  expect(urls.every((u) => u.startsWith(`${origin}${PREFIX}`) || u.startsWith('data:') || u.startsWith('blob:'))).toBe(true);
  expect(foreignRequests(urls, origin)).toEqual([]);
});
