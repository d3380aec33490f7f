/** `unspin learn`: a farm's substitution dictionary from (original, spun) pairs, as a user lexicon. */
import { writeFileSync } from 'node:fs';
import { describeError, UnspinError } from '../../errors.js';
import { loadInput } from '../../extract/input.js';
import { formatLexicon, SubstitutionLearner } from '../../learn/index.js';
import { openIndex } from '../../trace/index.js';
import { listInputs, textLines } from '../../scan/readers.js';
import { EXIT_CLEAN, EXIT_ERROR, write, type CliIO } from '../io.js';
import { parse, positiveNumber } from '../options.js';
import { INPUT_FLAGS, inputOptions } from './check.js';
import { traceText } from './trace.js';

const HELP = `usage: unspin learn --pairs FILE.jsonl [options]
       unspin learn --index FILE [options] INPUT...

Learns what a content farm substitutes, from copies and their originals, and
writes it as a lexicon that 'unspin check --lexicon FILE' uses.

  --pairs FILE.jsonl    given pairs, one {"original": "...", "spun": "..."} per line
  --index FILE INPUT... traced pairs: each INPUT (a path, - or a URL) is traced in
                        the reference index and learned against its best source

options:
  -o, --out FILE          write the lexicon to FILE (default: standard output)
      --id ID             the lexicon's id, reported as each finding's source
                          (default: learned)
      --min-count N       keep substitutions seen at least N times (default 1)
      --allow-private, --max-bytes N, --timeout SECONDS, --input-format F
                          as for trace
  -h, --help              show this help

Each pair is aligned word by word; every changed run of up to four words on
each side is a substitution. Entries carry "count" and "confidence"; phrases
that are not ordinary English and were seen twice are "strong", the rest
"weak" (reported only in documents that carry strong evidence too).

exit status: 0 lexicon written, 2 usage or input error
`;

export default async function run(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parse(argv, {
    pairs: { type: 'string' },
    index: { type: 'string' },
    out: { type: 'string', short: 'o' },
    id: { type: 'string' },
    'min-count': { type: 'string' },
    'input-format': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
    ...INPUT_FLAGS,
  });
  if (values.help) {
    await write(io.stdout, HELP);
    return EXIT_CLEAN;
  }
  if ((values.pairs === undefined) === (values.index === undefined)) throw new UnspinError('usage', "give either --pairs FILE.jsonl or --index FILE with inputs (see 'unspin learn --help')");
  const minCount = positiveNumber(values['min-count'], '--min-count') ?? 1;
  if (values.id !== undefined && !/^[\w.-]+$/.test(values.id)) throw new UnspinError('usage', `--id must be letters, digits, '.', '-' or '_' (got '${values.id}')`);
  const kind = values['input-format'] === 'text' || values['input-format'] === 'html' ? values['input-format'] : 'auto';
  const learner = new SubstitutionLearner();
  let failed = false;

  if (values.pairs !== undefined) {
    if (positionals.length > 0) throw new UnspinError('usage', '--pairs takes no other inputs');
    const [file] = listInputs([values.pairs]);
    for await (const [line, number] of textLines(file!.path)) {
      if (line.trim() === '') continue;
      const where = `${file!.path}:${number}`;
      let record: unknown;
      try {
        record = JSON.parse(line);
      } catch (error) {
        throw new UnspinError('input-unreadable', `${where}: not valid JSON (${(error as Error).message.split('\n')[0]})`);
      }
      const pair = record as { original?: unknown; spun?: unknown };
      if (typeof record !== 'object' || record === null || typeof pair.original !== 'string' || typeof pair.spun !== 'string') {
        throw new UnspinError('input-unreadable', `${where}: expected {"original": "...", "spun": "..."} with two strings`);
      }
      learner.addPair(pair.original, pair.spun);
    }
  } else {
    if (positionals.length === 0) throw new UnspinError('usage', 'learn --index needs at least one INPUT to trace');
    const index = openIndex(values.index!, { readonly: true });
    try {
      for (const spec of positionals) {
        try {
          const input = await loadInput(spec, inputOptions(values));
          const item = traceText(index, spec, input.text, { kind, url: input.url, limit: 1 });
          const best = item.matches[0];
          if (!best || best.sourceText === undefined) {
            await write(io.stderr, `unspin learn: ${spec}: no source found in the index, skipped\n`);
            continue;
          }
          learner.addPassages(best.sourceText, item.text, best.passages);
        } catch (error) {
          if (error instanceof UnspinError && (error.code === 'index-corrupt' || error.code === 'index-invalid')) throw error;
          failed = true;
          await write(io.stderr, `unspin learn: ${spec}: ${describeError(error)}\n`);
        }
      }
    } finally {
      index.close();
    }
  }

  const lexicon = learner.lexicon({ id: values.id, minCount });
  const text = formatLexicon(lexicon);
  if (values.out !== undefined) {
    try {
      writeFileSync(values.out, text);
    } catch (error) {
      throw new UnspinError('input-unreadable', `cannot write ${values.out}: ${(error as NodeJS.ErrnoException).code ?? describeError(error)}`);
    }
  } else {
    await write(io.stdout, text);
  }
  const strong = lexicon.entries.filter((e) => e.tier === 'strong').length;
  await write(io.stderr, `unspin learn: ${lexicon.entries.length} entries (${strong} strong, ${lexicon.entries.length - strong} weak) from ${learner.pairs} pairs${values.out ? ` written to ${values.out}` : ''}\n`);
  return failed ? EXIT_ERROR : EXIT_CLEAN;
}
