/** `unspin check`: verdict, findings and restored text for each input. */
import { createChecker, type Checker } from '../../index.js';
import { loadInput, type InputOptions } from '../../extract/input.js';
import { ENCODINGS, listInputs, readDocuments } from '../../scan/readers.js';
import type { CheckResult } from '../../types.js';
import { describeError, UnspinError } from '../../errors.js';
import { formatHtml, formatJson, formatJsonLine, formatSarif, formatText, type ReportFormat, type ReportItem } from '../../report/index.js';
import { EXIT_CLEAN, EXIT_ERROR, EXIT_FOUND, useColor, write, writeReportFile, type CliIO } from '../io.js';
import { choice, parse, positiveNumber, unitInterval } from '../options.js';

const HELP = `usage: unspin check [options] INPUT...

INPUT is a file path, a directory (its .txt and .html files, recursively), a
.jsonl file or .json array of {"id", "text"|"html"} records, a .warc or
.warc.gz file (its HTML responses), - for standard input, or an http(s) URL.
Plain text or HTML is detected from the content.

options:
  -f, --format FORMAT     text (default on a terminal), json (default otherwise,
                          one input), jsonl (default for several inputs), html, sarif
  -o, --output FILE       write the report to FILE instead of standard output
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
  const loading = inputOptions(values);
  const encoding = choice(values.encoding, ENCODINGS, '--encoding') ?? 'utf-8';
  // Folders are walked and files listed up front, so that the report format can follow what the inputs hold.
  const failures: Array<{ spec: string; error: unknown }> = [];
  const sources = positionals.map((spec) => {
    if (URL_SCHEME.test(spec) || spec === '-') return { spec, entries: null };
    try {
      return { spec, entries: listInputs([spec]) };
    } catch (error) {
      // As for any single input that cannot be read: the file is named, the reason follows.
      const missing = error instanceof UnspinError && error.code === 'input-not-found';
      failures.push({ spec, error: missing ? new UnspinError('input-not-found', `${spec}: no such file`) : error });
      return { spec, entries: null };
    }
  });
  const several = positionals.length > 1 || sources.some((s) => s.entries !== null && !failures.some((f) => f.spec === s.spec) && (s.entries.length !== 1 || !['text', 'html', 'auto'].includes(s.entries[0]!.format)));
  const format: ReportFormat =
    choice(values.format, ['text', 'json', 'jsonl', 'html', 'sarif'] as const, '--format') ??
    (io.stdout.isTTY && !toFile ? 'text' : several ? 'jsonl' : 'json');
  if (format === 'json' && several) {
    throw new UnspinError('usage', '--format json takes one input; use --format jsonl for several');
  }
  const kind = choice(values['input-format'], ['auto', 'text', 'html'] as const, '--input-format') ?? 'auto';
  const color = toFile ? false : useColor(io, values['no-color'] ? false : values.color);
  // Built on the first good input, so that a bad path is reported as such
  // rather than behind a lexicon or model problem; and built once for all inputs.
  let checker: Checker | undefined;

  const items: ReportItem[] = [];
  const lines: string[] = [];
  let spun = false;
  let failed = false;
  let textReports = 0;
  const emit = async (chunk: string) => {
    if (toFile) lines.push(chunk);
    else await write(io.stdout, chunk);
  };
  const report = async (result: CheckResult, text: string) => {
    const item: ReportItem = { result, text };
    spun ||= result.verdict.spun;
    if (format === 'jsonl') await emit(formatJsonLine(item) + '\n');
    else if (format === 'text') await emit((textReports++ > 0 ? '\n' : '') + formatText([item], { color }));
    else items.push(item);
  };
  const fail = async (spec: string, error: unknown) => {
    failed = true;
    const message = describeError(error);
    // Reading errors already name the input; errors from later stages get it added.
    const named = message.startsWith(`${spec}`) ? message : `${spec}: ${message}`;
    await write(io.stderr, `unspin check: ${named}\n`);
    if (format === 'jsonl') {
      const code = error instanceof UnspinError ? error.code : 'internal';
      await emit(JSON.stringify({ input: spec, error: { code, message } }) + '\n');
    }
  };

  for (const { spec, entries } of sources) {
    const failure = failures.find((f) => f.spec === spec);
    if (failure) {
      await fail(spec, failure.error);
      continue;
    }
    if (entries === null && spec !== '-') {
      try {
        const input = await loadInput(spec, loading);
        checker ??= checkerFrom(values);
        const result = checker.check(input.text, { name: spec, kind, url: input.url });
        await report(result, result.text ?? input.text);
      } catch (error) {
        await fail(spec, error);
      }
      continue;
    }
    // Files, folders, JSONL, JSON arrays, WARC and standard input: the shared readers.
    const pending: UnspinError[] = [];
    const reader = { encoding, maxBytes: loading.maxBytes, skipErrors: true, events: { error: (error: UnspinError) => void pending.push(error) } };
    try {
      for await (const doc of readDocuments(entries ?? [{ path: '-', format: 'auto', size: 0 }], reader)) {
        for (const error of pending.splice(0)) await fail(error.message.split(':')[0]!, error);
        const name = doc.format === 'text' || doc.format === 'html' ? doc.input : doc.id;
        try {
          checker ??= checkerFrom(values);
          const forced = kind !== 'auto' ? kind : doc.format === 'text' || doc.format === 'html' ? 'auto' : doc.html !== undefined ? 'html' : 'text';
          const result = checker.check(doc.html ?? doc.text!, { name, kind: forced, url: doc.url });
          await report(result, result.text ?? (doc.html ?? doc.text!));
        } catch (error) {
          await fail(name, error);
        }
      }
    } catch (error) {
      await fail(spec, error);
    }
    for (const error of pending.splice(0)) await fail(error.message.split(':')[0]!, error);
  }

  if (format === 'json' && items[0]) await emit(formatJson(items[0]) + '\n');
  if (format === 'html' && items.length > 0) await emit(formatHtml(items));
  if (format === 'sarif') await emit(formatSarif(items) + '\n');
  if (toFile) writeReportFile(values.output!, lines.join(''));
  if (failed) return EXIT_ERROR;
  return spun ? EXIT_FOUND : EXIT_CLEAN;
}
