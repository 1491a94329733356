// Vite config of the dashboard: a static site with a relative base (it works from any sub-path of
// any static host), the engine in an ES-module worker, a Content-Security-Policy that keeps every
// request on the page's own origin, and a size report printed after each build.
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

/** The budget of the dashboard's initial JavaScript (gzip), from issue 4. */
const INITIAL_JS_BUDGET = 300 * 1024;

/** No request may leave the origin: scripts, workers, fetches, images and styles are 'self' only. */
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "worker-src 'self' blob:",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
].join('; ');

function csp(): Plugin {
  return {
    name: 'podium-csp',
    apply: 'build',
    transformIndexHtml: (html) => html.replace('<meta charset="UTF-8" />', `<meta charset="UTF-8" />\n    <meta http-equiv="Content-Security-Policy" content="${CSP}" />`),
  };
}

/** Prints the gzip size of what the page loads first, of the worker, and of the lazy chunks. */
function sizeReport(): Plugin {
  return {
    name: 'podium-size-report',
    apply: 'build',
    generateBundle(_options, bundle) {
      const gz = (code: string | Uint8Array) => gzipSync(typeof code === 'string' ? Buffer.from(code) : code, { level: 9 }).length;
      const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
      const initial = new Set<string>();
      const visit = (name: string) => {
        if (initial.has(name)) return;
        const item = bundle[name];
        if (!item || item.type !== 'chunk') return;
        initial.add(name);
        for (const i of item.imports) visit(i);
      };
      for (const [name, item] of Object.entries(bundle)) if (item.type === 'chunk' && item.isEntry) visit(name);
      const rows: Array<[string, string, number, number]> = [];
      for (const [name, item] of Object.entries(bundle)) {
        const code = item.type === 'chunk' ? item.code : item.source;
        const raw = typeof code === 'string' ? Buffer.byteLength(code) : code.length;
        if (!/\.(js|css)$/.test(name)) continue;
        const kind = initial.has(name) ? 'initial' : /worker/i.test(name) ? 'worker' : name.endsWith('.css') ? 'css' : 'lazy';
        rows.push([kind, name, raw, gz(code)]);
      }
      rows.sort((a, b) => a[0].localeCompare(b[0]) || b[3] - a[3]);
      const initialJs = rows.filter((r) => r[0] === 'initial').reduce((n, r) => n + r[3], 0);
      const lines = rows.map(([kind, name, raw, g]) => `  ${kind.padEnd(8)} ${name.padEnd(44)} ${kb(raw).padStart(10)}  gzip ${kb(g).padStart(9)}`);
      const verdict = initialJs <= INITIAL_JS_BUDGET ? 'within' : 'OVER';
      console.log(`\nPodium bundle sizes\n${lines.join('\n')}\n  initial JavaScript: ${kb(initialJs)} gzip (${verdict} the ${kb(INITIAL_JS_BUDGET)} budget)\n`);
    },
  };
}

export default defineConfig({
  base: './',
  plugins: [react(), csp(), sizeReport()],
  define: { __PODIUM_VERSION__: JSON.stringify(pkg.version) },
  worker: { format: 'es' },
  build: { target: 'es2022', outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 2000, reportCompressedSize: false },
  server: { port: 5173 },
  preview: { port: 4173, strictPort: true },
});
