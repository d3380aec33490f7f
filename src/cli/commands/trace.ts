/** `unspin trace`: find the sources of (spun) copies in a reference index. */
import { describeError, UnspinError } from '../../errors.js';
import { extract } from '../../extract/index.js';
import { loadInput } from '../../extract/input.js';
import { formatTraceHtml, formatTraceJson, formatTraceJsonLine, formatTraceText, type TraceItem } from '../../report/trace.js';
import { openIndex, type ReferenceIndex } from '../../trace/index.js';
import { EXIT_CLEAN, EXIT_ERROR, EXIT_FOUND, useColor, write, writeReportFile, type CliIO } from '../io.js';
import { choice, parse, positiveNumber } from '../options.js';
import { DISPLAY_FLAGS, INPUT_FLAGS, inputOptions } from './check.js';

const HELP = `usage: unspin trace --index FILE [options] INPUT...

Finds the documents of a reference index that INPUT copies, even through
synonym spinning, with the aligned passages. INPUT is a file path, - for
standard input, or an http(s) URL; plain text or HTML is detected from the
content. Build the index with 'unspin index add'.

options:
      --index FILE        the reference index (required)
  -f, --format FORMAT     text (default on a terminal), json (default otherwise,
                          one input), jsonl (default for several inputs), html
  -o, --output FILE       write the report to FILE instead of standard output
  -q, --quiet             print no report (errors still go to standard error);
                          the exit status says whether a source was found
      --limit N           at most N sources per input (default 5)
      --input-format F    auto (default), text or html
      --allow-private     let URLs reach loopback and private addresses
      --max-bytes N       largest file or stdin input (default 64 MB)
      --timeout SECONDS   URL fetch timeout (default 15)
      --color, --no-color force colours on or off (NO_COLOR is honoured)
  -h, --help              show this help

JSON per input: {"input", "text"?, "matches": [{"id", "title"?, "url"?, "score",
"coverage", "passages": [{"query": [start, end], "source": [start, end]}]}]},
best first; offsets are JavaScript string indices into the analysed text (the
input, or "text" when it differs) and into the source document's text.
score: share of the input's words found verbatim, in order, in the source;
coverage: share of its words inside aligned passages.

exit status: 0 no source found, 1 some input has a source, 2 usage or input error
`;

/** Traces one analysed text; the item the reports render. */
export function traceText(index: ReferenceIndex, name: string, raw: string, options: { kind: 'auto' | 'text' | 'html'; url?: string; limit: number }): TraceItem {
  const article = extract(raw, { kind: options.kind, url: options.url });
  const matches = index.search(article.text, { limit: options.limit, excluded: article.excluded, details: true });
  return { input: name, text: article.text, extracted: article.text !== raw, matches };
}

export default async function run(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parse(argv, {
    index: { type: 'string' },
    format: { type: 'string', short: 'f' },
    output: { type: 'string', short: 'o' },
    limit: { type: 'string' },
    quiet: { type: 'boolean', short: 'q' },
    ...DISPLAY_FLAGS,
    ...INPUT_FLAGS,
  });
  if (values.help) {
    await write(io.stdout, HELP);
    return EXIT_CLEAN;
  }
  if (!values.index) throw new UnspinError('usage', "--index FILE is required (build one with 'unspin index add')");
  if (positionals.length === 0) throw new UnspinError('usage', "no input given (a path, '-' or a URL; see 'unspin trace --help')");
  if (positionals.filter((p) => p === '-').length > 1) throw new UnspinError('usage', "'-' (standard input) can be given only once");

  const toFile = values.output !== undefined;
  const format = choice(values.format, ['text', 'json', 'jsonl', 'html'] as const, '--format') ?? (io.stdout.isTTY && !toFile ? 'text' : positionals.length > 1 ? 'jsonl' : 'json');
  if (format === 'json' && positionals.length > 1) throw new UnspinError('usage', '--format json takes one input; use --format jsonl for several');
  const kind = choice(values['input-format'], ['auto', 'text', 'html'] as const, '--input-format') ?? 'auto';
  const limit = positiveNumber(values.limit, '--limit') ?? 5;
  if (!Number.isInteger(limit)) throw new UnspinError('usage', `--limit must be a whole number (got '${values.limit}')`);
  const color = toFile ? false : useColor(io, values['no-color'] ? false : values.color);
  const loading = inputOptions(values);

  const index = openIndex(values.index, { readonly: true });
  const chunks: string[] = [];
  const items: TraceItem[] = [];
  let found = false;
  let failed = false;
  const emit = async (chunk: string) => {
    if (toFile) chunks.push(chunk);
    else if (!values.quiet) await write(io.stdout, chunk);
  };
  try {
    for (const spec of positionals) {
      try {
        const input = await loadInput(spec, loading);
        const item = traceText(index, spec, input.text, { kind, url: input.url, limit });
        found ||= item.matches.length > 0;
        if (format === 'jsonl') await emit(formatTraceJsonLine(item) + '\n');
        else if (format === 'text') await emit(formatTraceText([item], { color }) + '\n');
        else items.push(item);
      } catch (error) {
        // A broken index is everyone's problem: stop. A bad input is only this input's.
        if (error instanceof UnspinError && (error.code === 'index-corrupt' || error.code === 'index-invalid')) throw error;
        failed = true;
        const message = describeError(error);
        await write(io.stderr, `unspin trace: ${spec}: ${message}\n`);
        if (format === 'jsonl') {
          const code = error instanceof UnspinError ? error.code : 'internal';
          await emit(JSON.stringify({ input: spec, error: { code, message } }) + '\n');
        }
      }
    }
  } finally {
    index.close();
  }
  if (format === 'json' && items[0]) await emit(formatTraceJson(items[0]) + '\n');
  if (format === 'html' && items.length > 0) await emit(formatTraceHtml(items));
  if (toFile) writeReportFile(values.output!, chunks.join(''));
  if (failed) return EXIT_ERROR;
  return found ? EXIT_FOUND : EXIT_CLEAN;
}
