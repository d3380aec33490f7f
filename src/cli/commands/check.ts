/** `unspin check`: verdict, findings and restored text for each input. */
import { createChecker, type Checker } from '../../index.js';
import { checkable, loadInput, type InputOptions } from '../../extract/input.js';
import { ENCODINGS, listInputs, readDocuments, type InputEntry, type RawDocument } from '../../scan/readers.js';
import type { CheckResult } from '../../types.js';
import { describeError, UnspinError } from '../../errors.js';
import { formatHtml, formatJson, formatJsonLine, formatRunSummary, formatSarif, formatText, type ReportFormat, type ReportItem } from '../../report/index.js';
import { EXIT_CLEAN, EXIT_ERROR, EXIT_FOUND, useColor, write, writeReportFile, type CliIO } from '../io.js';
import { choice, parse, positiveNumber, unitInterval } from '../options.js';

/** Files that hold one document: read whole (PDF and JATS XML included) rather than through the multi-document readers. */
const SINGLE: readonly string[] = ['text', 'html', 'pdf', 'xml', 'auto'];

const HELP = `usage: unspin check [options] INPUT...

INPUT is a file path (text, HTML, a PDF or JATS XML paper), a directory (its
.txt, .html, .pdf and .xml files, recursively), a
.jsonl file or .json array of {"id", "text"|"html"} records, a .warc or
.warc.gz file (its HTML responses), - for standard input, or an http(s) URL.
Plain text or HTML is detected from the content.

options:
  -f, --format FORMAT     text (default on a terminal), json (default otherwise,
                          one input), jsonl (default for several inputs), html, sarif
  -o, --output FILE       write the report to FILE instead of standard output
  -q, --quiet             print no report (errors still go to standard error);
                          the exit status says whether any input was spun
      --lexicon FILE      also use this lexicon (JSON or TSV; repeatable)
      --no-default-lexicons  use only the lexicons given with --lexicon
      --no-model          lexicons only: skip the statistical model
      --threshold SCORE   judge spun from this score (0-1, default 0.5)
      --input-format F    auto (default), text or html
      --allow-private     let URLs reach loopback and private addresses
      --max-bytes N       largest file or stdin input (default 64 MB)
      --encoding E        utf-8 (default, strict), windows-1252, or auto
                          (UTF-8 when valid, else a declared charset, else
                          windows-1252)
      --timeout SECONDS   URL fetch timeout (default 15)
      --color, --no-color force colours on or off (NO_COLOR is honoured)
  -h, --help              show this help

With the text format and several inputs, an input judged not spun takes one
line, and a closing line counts the inputs, the spun ones and the errors.

exit status: 0 nothing judged spun, 1 some input judged spun, 2 usage or input error
`;

/** How inputs are read and the report shown: shared by the commands that read inputs. */
export const DISPLAY_FLAGS = {
  'input-format': { type: 'string' },
  color: { type: 'boolean' },
  'no-color': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export const INPUT_FLAGS = {
  'allow-private': { type: 'boolean' },
  'max-bytes': { type: 'string' },
  timeout: { type: 'string' },
} as const;

export const CHECKER_FLAGS = {
  lexicon: { type: 'string', multiple: true },
  'no-default-lexicons': { type: 'boolean' },
  'no-model': { type: 'boolean' },
  threshold: { type: 'string' },
} as const;

export function inputOptions(values: { 'allow-private'?: boolean; 'max-bytes'?: string; timeout?: string }): InputOptions {
  const timeout = positiveNumber(values.timeout, '--timeout');
  return {
    allowPrivate: values['allow-private'] ?? false,
    maxBytes: positiveNumber(values['max-bytes'], '--max-bytes'),
    timeoutMs: timeout === undefined ? undefined : timeout * 1000,
  };
}

export function checkerFrom(values: { lexicon?: string[]; 'no-default-lexicons'?: boolean; 'no-model'?: boolean; threshold?: string }): Checker {
  return createChecker({
    lexicons: values.lexicon ?? [],
    defaultLexicons: !values['no-default-lexicons'],
    model: !values['no-model'],
    threshold: unitInterval(values.threshold, '--threshold'),
  });
}

const URL_SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

export default async function run(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parse(argv, {
    format: { type: 'string', short: 'f' },
    output: { type: 'string', short: 'o' },
    quiet: { type: 'boolean', short: 'q' },
    ...DISPLAY_FLAGS,
    ...INPUT_FLAGS,
    ...CHECKER_FLAGS,
    encoding: { type: 'string' },
  });
  if (values.help) {
    await write(io.stdout, HELP);
    return EXIT_CLEAN;
  }
  if (positionals.length === 0) throw new UnspinError('usage', "no input given (a path, '-' or a URL; see 'unspin check --help')");
  if (positionals.filter((p) => p === '-').length > 1) throw new UnspinError('usage', "'-' (standard input) can be given only once");

  const toFile = values.output !== undefined;
  const encoding = choice(values.encoding, ENCODINGS, '--encoding') ?? 'utf-8';
  // Folders and multi-document files (JSONL, JSON arrays, WARC) go through the
  // shared readers, as do single files when an encoding other than strict UTF-8
  // is asked for; URLs, standard input and single files (PDF included) are
  // loaded whole. Listed up front, so that the report format can follow what
  // the inputs hold.
  const sources = positionals.map((spec): { spec: string; entries: InputEntry[] | null; error?: unknown } => {
    if (URL_SCHEME.test(spec) || spec === '-') return { spec, entries: null };
    try {
      const entries = listInputs([spec]);
      const whole = entries.length === 1 && entries[0]!.path === spec && SINGLE.includes(entries[0]!.format);
      return { spec, entries: whole && encoding === 'utf-8' ? null : entries };
    } catch (error) {
      // As for any single input that cannot be read: the file is named, the reason follows.
      if (error instanceof UnspinError && error.code === 'input-not-found') return { spec, entries: null };
      return { spec, entries: null, error };
    }
  });
  const many = positionals.length > 1 || sources.some((s) => s.entries !== null && (s.entries.length !== 1 || !SINGLE.includes(s.entries[0]!.format)));
  const format: ReportFormat =
    choice(values.format, ['text', 'json', 'jsonl', 'html', 'sarif'] as const, '--format') ??
    (io.stdout.isTTY && !toFile ? 'text' : many ? 'jsonl' : 'json');
  if (format === 'json' && many) {
    throw new UnspinError('usage', '--format json takes one input; use --format jsonl for several');
  }
  const kind = choice(values['input-format'], ['auto', 'text', 'html'] as const, '--input-format') ?? 'auto';
  const color = toFile ? false : useColor(io, values['no-color'] ? false : values.color);
  const loading = inputOptions(values);
  // Built on the first good input, so that a bad path is reported as such
  // rather than behind a lexicon or model problem; and built once for all inputs.
  let checker: Checker | undefined;

  const items: ReportItem[] = [];
  const lines: string[] = [];
  const counts = { inputs: 0, spun: 0, errors: 0 };
  // Text layout: full blocks stand apart by a blank line; one-line (compact) inputs follow each other.
  let textShown: 'none' | 'line' | 'block' = 'none';
  const emit = async (chunk: string) => {
    if (toFile) lines.push(chunk);
    else if (!values.quiet) await write(io.stdout, chunk);
  };

  const report = async (result: CheckResult, text: string) => {
    counts.inputs++;
    const item: ReportItem = { result, text };
    if (result.verdict.spun) counts.spun++;
    if (format === 'jsonl') await emit(formatJsonLine(item) + '\n');
    else if (format === 'text') {
      const shown = many && !result.verdict.spun ? 'line' : 'block';
      const gap = textShown === 'block' || (textShown === 'line' && shown === 'block') ? '\n' : '';
      await emit(gap + formatText([item], { color, compact: many }));
      textShown = shown;
    } else items.push(item);
  };
  const fail = async (spec: string, error: unknown) => {
    counts.inputs++;
    counts.errors++;
    const message = describeError(error);
    // Reading errors already name the input; errors from later stages get it added.
    const named = message.startsWith(`${spec}: `) || message.startsWith(`${spec}:`) ? message : `${spec}: ${message}`;
    await write(io.stderr, `unspin check: ${named}\n`);
    if (format === 'jsonl') {
      const code = error instanceof UnspinError ? error.code : 'internal';
      await emit(JSON.stringify({ input: spec, error: { code, message } }) + '\n');
    }
  };
  const checkDocument = async (doc: RawDocument) => {
    // A file is reported by the path it was found under; a record by its id.
    const name = doc.format === 'text' || doc.format === 'html' ? doc.input : doc.id;
    try {
      checker ??= checkerFrom(values);
      const forced = kind !== 'auto' ? kind : doc.format === 'text' || doc.format === 'html' ? 'auto' : doc.html !== undefined ? 'html' : 'text';
      const source = doc.html ?? doc.text!;
      const result = checker.check(source, { name, kind: forced, url: doc.url });
      await report(result, result.text ?? source);
    } catch (error) {
      await fail(name, error);
    }
  };

  for (const { spec, entries, error } of sources) {
    if (error) {
      await fail(spec, error);
      continue;
    }
    if (entries === null) {
      try {
        const input = await loadInput(spec, loading);
        checker ??= checkerFrom(values);
        const result = checker.check(checkable(input), { name: spec, kind, url: input.url });
        // A PDF's findings index the text recovered from it: the report carries that text.
        if (input.kind === 'pdf') result.text = input.text;
        await report(result, result.text ?? input.text);
      } catch (error) {
        await fail(spec, error);
      }
      continue;
    }
    // Every document of a folder, JSONL, JSON array or WARC; a bad line or record is reported and the rest still checked.
    const pending: UnspinError[] = [];
    const reader = { encoding, maxBytes: loading.maxBytes, skipErrors: true, events: { error: (e: UnspinError) => void pending.push(e) } };
    try {
      for await (const doc of readDocuments(entries, reader)) {
        for (const e of pending.splice(0)) await fail(spec, e);
        await checkDocument(doc);
      }
    } catch (e) {
      await fail(spec, e);
    }
    for (const e of pending.splice(0)) await fail(spec, e);
  }

  if (format === 'json' && items[0]) await emit(formatJson(items[0]) + '\n');
  if (format === 'html' && items.length > 0) await emit(formatHtml(items));
  if (format === 'sarif') await emit(formatSarif(items) + '\n');
  if (format === 'text' && many) await emit((textShown === 'none' ? '' : '\n') + formatRunSummary(counts, { color }));
  if (toFile) writeReportFile(values.output!, lines.join(''));
  if (counts.errors > 0) return EXIT_ERROR;
  return counts.spun > 0 ? EXIT_FOUND : EXIT_CLEAN;
}
