/** `unspin restore`: the restored text of an input, or a word diff against it. */
import { checkable, loadInput } from '../../extract/input.js';
import { UnspinError } from '../../errors.js';
import { wordDiff, type DiffPart } from '../../restore/index.js';
import { EXIT_CLEAN, useColor, write, type CliIO } from '../io.js';
import { choice, parse } from '../options.js';
import { CHECKER_FLAGS, checkerFrom, DISPLAY_FLAGS, INPUT_FLAGS, inputOptions } from './check.js';

const HELP = `usage: unspin restore [options] INPUT

Prints INPUT's article text with each tortured phrase replaced by its likely
original wording. INPUT is a path, - for standard input, or an http(s) URL.

options:
      --diff              show a word diff (copy → restored) instead
      --lexicon FILE      also use this lexicon (repeatable)
      --no-default-lexicons, --no-model, --threshold SCORE   as for check
      --input-format F    auto (default), text or html
      --allow-private, --max-bytes N, --timeout SECONDS      as for check
      --color, --no-color force colours on or off (NO_COLOR is honoured)
  -h, --help              show this help
`;

const RED = '\u001b[31m';
const GREEN = '\u001b[32m';
const STRIKE = '\u001b[9m';
const RESET = '\u001b[0m';

/** git's --word-diff=plain notation without colour; red and green with it. */
export function renderDiff(parts: readonly DiffPart[], color: boolean): string {
  return parts
    .map((part) => {
      if (part.kind === 'same') return part.text;
      if (color) return part.kind === 'removed' ? `${RED}${STRIKE}${part.text}${RESET}` : `${GREEN}${part.text}${RESET}`;
      return part.kind === 'removed' ? `[-${part.text}-]` : `{+${part.text}+}`;
    })
    .join('');
}

export default async function run(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parse(argv, {
    diff: { type: 'boolean' },
    ...DISPLAY_FLAGS,
    ...INPUT_FLAGS,
    ...CHECKER_FLAGS,
  });
  if (values.help) {
    await write(io.stdout, HELP);
    return EXIT_CLEAN;
  }
  if (positionals.length !== 1) throw new UnspinError('usage', "restore takes exactly one input (see 'unspin restore --help')");
  const kind = choice(values['input-format'], ['auto', 'text', 'html'] as const, '--input-format') ?? 'auto';
  const spec = positionals[0]!;
  const input = await loadInput(spec, inputOptions(values));
  let result;
  try {
    result = checkerFrom(values).check(checkable(input), { name: spec, kind, url: input.url });
  } catch (error) {
    // Reading errors name the input already; those of later stages get it here.
    if (error instanceof UnspinError) throw new UnspinError(error.code, `${spec}: ${error.message}`);
    throw error;
  }
  const analysed = result.text ?? input.text;
  const out = values.diff ? renderDiff(wordDiff(analysed, result.restored), useColor(io, values['no-color'] ? false : values.color)) : result.restored;
  await write(io.stdout, out.endsWith('\n') ? out : out + '\n');
  return EXIT_CLEAN;
}
