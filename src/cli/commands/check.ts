/** `unspin check`: verdict, findings and restored text for each input. */
import { createChecker, type Checker } from '../../index.js';
import { checkable, loadInput, type InputOptions } from '../../extract/input.js';
import { describeError, UnspinError } from '../../errors.js';
import { formatHtml, formatJson, formatJsonLine, formatRunSummary, formatSarif, formatText, type ReportFormat, type ReportItem } from '../../report/index.js';
import { EXIT_CLEAN, EXIT_ERROR, EXIT_FOUND, useColor, write, writeReportFile, type CliIO } from '../io.js';
import { choice, parse, positiveNumber, unitInterval } from '../options.js';

const HELP = `usage: unspin check [options] INPUT...

INPUT is a file path, - for standard input, or an http(s) URL. Plain text or
HTML is detected from the content.

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

export default async function run(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parse(argv, {
    format: { type: 'string', short: 'f' },
    output: { type: 'string', short: 'o' },
    quiet: { type: 'boolean', short: 'q' },
    ...DISPLAY_FLAGS,
    ...INPUT_FLAGS,
    ...CHECKER_FLAGS,
  });
  if (values.help) {
    await write(io.stdout, HELP);
    return EXIT_CLEAN;
  }
  if (positionals.length === 0) throw new UnspinError('usage', "no input given (a path, '-' or a URL; see 'unspin check --help')");
  if (positionals.filter((p) => p === '-').length > 1) throw new UnspinError('usage', "'-' (standard input) can be given only once");

  const toFile = values.output !== undefined;
  const format: ReportFormat =
    choice(values.format, ['text', 'json', 'jsonl', 'html', 'sarif'] as const, '--format') ??
    (io.stdout.isTTY && !toFile ? 'text' : positionals.length > 1 ? 'jsonl' : 'json');
  if (format === 'json' && positionals.length > 1) {
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
  const many = positionals.length > 1;
  const counts = { inputs: positionals.length, spun: 0, errors: 0 };
  // Text layout: full blocks stand apart by a blank line; one-line (compact) inputs follow each other.
  let textShown: 'none' | 'line' | 'block' = 'none';
  const emit = async (chunk: string) => {
    if (toFile) lines.push(chunk);
    else if (!values.quiet) await write(io.stdout, chunk);
  };

  for (const spec of positionals) {
    try {
      const input = await loadInput(spec, loading);
      checker ??= checkerFrom(values);
      const result = checker.check(checkable(input), { name: spec, kind, url: input.url });
      // A PDF's findings index the text recovered from it: the report carries that text.
      if (input.kind === 'pdf') result.text = input.text;
      const item: ReportItem = { result, text: result.text ?? input.text };
      if (result.verdict.spun) counts.spun++;
      if (format === 'jsonl') await emit(formatJsonLine(item) + '\n');
      else if (format === 'text') {
        const shown = many && !result.verdict.spun ? 'line' : 'block';
        const gap = textShown === 'block' || (textShown === 'line' && shown === 'block') ? '\n' : '';
        await emit(gap + formatText([item], { color, compact: many }));
        textShown = shown;
      } else items.push(item);
    } catch (error) {
      counts.errors++;
      const message = describeError(error);
      // Reading errors already name the input; errors from later stages get it added.
      const named = message.startsWith(`${spec}: `) ? message : `${spec}: ${message}`;
      await write(io.stderr, `unspin check: ${named}\n`);
      if (format === 'jsonl') {
        const code = error instanceof UnspinError ? error.code : 'internal';
        await emit(JSON.stringify({ input: spec, error: { code, message } }) + '\n');
      }
    }
  }

  if (format === 'json' && items[0]) await emit(formatJson(items[0]) + '\n');
  if (format === 'html' && items.length > 0) await emit(formatHtml(items));
  if (format === 'sarif') await emit(formatSarif(items) + '\n');
  if (format === 'text' && many) await emit((textShown === 'none' ? '' : '\n') + formatRunSummary(counts, { color }));
  if (toFile) writeReportFile(values.output!, lines.join(''));
  if (counts.errors > 0) return EXIT_ERROR;
  return counts.spun > 0 ? EXIT_FOUND : EXIT_CLEAN;
}
