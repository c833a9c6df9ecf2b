#!/usr/bin/env node
// Serves the built playground (www/dist) on 127.0.0.1: `npm --prefix www run serve`.
//
//   PORT=8080 (default; 0 picks a free one)   HOST=127.0.0.1 (default)
//   --build-if-needed   run the build first for whatever is older than its sources
//   --dir DIR           serve DIR instead of www/dist
//
// Also a module: `startServer({ root, host, port })` (used by the e2e tests and the benchmark).

import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, build, loadConfig } from './build.mjs';

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.ts': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

/** Starts a static file server; resolves to { server, url, port, close() }. */
export function startServer({ root = loadConfig().dist, host = '127.0.0.1', port = 0, log = false } = {}) {
  root = resolve(root);
  const server = createServer((req, res) => {
    let status = 200;
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        status = 405;
        res.writeHead(405, { Allow: 'GET, HEAD' }).end();
        return;
      }
      const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
      let file = normalize(join(root, path));
      if (file !== root && !file.startsWith(root + sep)) {
        status = 403;
        res.writeHead(403).end('forbidden');
        return;
      }
      if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
      if (!existsSync(file) || !statSync(file).isFile()) {
        status = 404;
        res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end(`not found: ${path}`);
        return;
      }
      const st = statSync(file);
      res.writeHead(200, {
        'Content-Type': MIME[extname(file).toLowerCase()] ?? 'application/octet-stream',
        'Content-Length': st.size,
        'Cache-Control': 'no-cache',
        'X-Content-Type-Options': 'nosniff',
      });
      if (req.method === 'HEAD') res.end();
      else createReadStream(file).pipe(res);
    } catch {
      status = 400;
      res.writeHead(400).end('bad request');
    } finally {
      if (log) console.log(`${status} ${req.method} ${req.url}`);
    }
  });
  return new Promise((ok, ko) => {
    server.once('error', ko);
    server.listen(port, host, () => {
      const p = server.address().port;
      ok({
        server,
        port: p,
        url: `http://${host.includes(':') ? `[${host}]` : host}:${p}/`,
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const args = process.argv.slice(2);
  const dirAt = args.indexOf('--dir');
  const root = dirAt >= 0 ? resolve(args[dirAt + 1]) : loadConfig().dist;
  if (args.includes('--build-if-needed')) {
    try {
      await build({ ifStale: true });
    } catch (e) {
      console.error(`\nbuild failed: ${e.message}`);
      process.exit(1);
    }
  }
  if (!existsSync(join(root, 'index.html'))) {
    console.error(`${root}/index.html does not exist: build first (npm --prefix www run build)`);
    process.exit(1);
  }
  const host = process.env.HOST || '127.0.0.1';
  const port = process.env.PORT === undefined ? 8080 : Number(process.env.PORT);
  try {
    const { url } = await startServer({ root, host, port, log: args.includes('--log') });
    console.log(`\nASL Sandbox playground: ${url}\n(serving ${root.startsWith(ROOT) ? root.slice(ROOT.length + 1) : root}; Ctrl+C stops)`);
  } catch (e) {
    console.error(e.code === 'EADDRINUSE' ? `port ${port} on ${host} is in use: try PORT=8081 npm --prefix www run serve` : e.message);
    process.exit(1);
  }
}
