/**
 * The web page's files (`web/` in the package), read once at start-up and
 * served from memory. They are plain HTML, CSS and JavaScript, so they work
 * straight after `npm ci` with no build step and no network.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { REPORT_CSS } from '../report/index.js';

export interface Asset {
  /** Path the file is served at. */
  path: string;
  type: string;
  body: Buffer;
  etag: string;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/** `web/` beside `src/` and `dist/`: the same relative place from the sources and from the build. */
export const WEB_DIR = fileURLToPath(new URL('../../web/', import.meta.url));

function asset(path: string, type: string, body: Buffer): Asset {
  return { path, type, body, etag: `"${createHash('sha1').update(body).digest('base64url').slice(0, 16)}"` };
}

/**
 * The page's files, plus `/report.css`: the HTML report's own stylesheet, so
 * the page marks phrases, insertions and the verdict exactly as the
 * downloaded report does.
 */
export function loadAssets(dir: string = WEB_DIR): Asset[] {
  const assets: Asset[] = [];
  for (const name of readdirSync(dir).sort()) {
    const type = TYPES[extname(name)];
    if (!type) continue;
    assets.push(asset(name === 'index.html' ? '/' : `/${name}`, type, readFileSync(join(dir, name))));
  }
  assets.push(asset('/report.css', TYPES['.css']!, Buffer.from(REPORT_CSS, 'utf8')));
  return assets;
}
