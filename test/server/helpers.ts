/** Servers for the API tests: the unspin app, and small local sites for URL fetches. */
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';

export interface LocalSite {
  /** `http://127.0.0.1:PORT` */
  origin: string;
  close(): Promise<void>;
}

/** A throwaway web server on a free loopback port. */
export async function localSite(handler: (request: IncomingMessage, response: ServerResponse) => void): Promise<LocalSite> {
  const server = createHttpServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A promise with its resolver, for holding a response until the test lets go. */
export function gate(): { opened: Promise<void>; open: () => void } {
  let open = () => {};
  const opened = new Promise<void>((resolve) => { open = resolve; });
  return { opened, open };
}

/** The seed page as a minimal HTML document (paragraphs from its blank-line blocks). */
export function asHtmlPage(title: string, text: string): string {
  const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const paragraphs = text.split(/\n\s*\n/).map((p) => `<p>${escape(p.trim())}</p>`).join('\n');
  return `<!doctype html><html><head><meta charset="utf-8"><title>${escape(title)}</title></head>` +
    `<body><nav><a href="/">Home</a> <a href="/world">World</a></nav><article><h1>${escape(title)}</h1>\n${paragraphs}</article>` +
    `<footer>Copyright</footer></body></html>`;
}

/**
 * The seed page's source as the gold annotation reconstructs it
 * (eval/gold/seed.json: each substituted span with its likely original).
 */
export function reconstructedOriginal(seedText: string, goldPath: string): string {
  const spans = (JSON.parse(readFileSync(goldPath, 'utf8')) as Array<{ start: number; end: number; original: string }>).sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const span of spans) {
    if (span.start < at) continue;
    out += seedText.slice(at, span.start) + span.original;
    at = span.end;
  }
  return out + seedText.slice(at);
}
