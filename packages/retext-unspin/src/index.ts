/**
 * retext-unspin: a unified plugin that marks the tortured phrases unspin finds
 * as vfile messages (`source: 'unspin'`, `ruleId` the detector, `actual`,
 * `expected`, `place`), and adds a document-level message when the document is
 * judged spun. The full result (verdict, findings, restored text) is left in
 * `file.data.unspin`.
 *
 *   const file = await retext().use(retextUnspin).process(text);
 *   console.log(reporter(file));
 *
 * The whole document is judged at once, as `unspin check` judges it. Under
 * remark-retext only the prose the tree holds is read: code, HTML and
 * Markdown marks are blanked out, so that offsets stay those of the file.
 */
import type { Root as NlcstRoot } from 'nlcst';
import type { Node } from 'unist';
import type { VFile } from 'vfile';
import { location } from 'vfile-location';
import { createChecker, type Checker, type CheckResult, type Finding, type Lexicon } from 'unspin';

export interface Options {
  /** Report only findings at least this confident (0–1, default 0: all, as `unspin check`). */
  minConfidence?: number;
  /** Extra lexicons: file paths (JSON or TSV, e.g. from `unspin learn`) or lexicon objects. */
  lexicons?: ReadonlyArray<string | Lexicon>;
  /** Use the lexicons shipped with unspin (default true). */
  defaultLexicons?: boolean;
  /** Use unspin's statistical model (default true). */
  model?: boolean;
  /** Score from which the document is judged spun (default unspin's, 0.5). */
  threshold?: number;
}

declare module 'vfile' {
  interface DataMap {
    /** What unspin found in the document (contract v1). */
    unspin: CheckResult;
  }
}

/** A checker compiles lexicons and loads the model: once per distinct configuration, not per file. */
const checkers = new Map<string, Checker>();

function checkerFor(options: Options): Checker {
  const config = {
    lexicons: options.lexicons ?? [],
    defaultLexicons: options.defaultLexicons !== false,
    model: options.model !== false,
    threshold: options.threshold,
  };
  const key = JSON.stringify(config);
  let checker = checkers.get(key);
  if (!checker) {
    checker = createChecker(config);
    checkers.set(key, checker);
  }
  return checker;
}

/**
 * Ranges of the tree's leaves (words, spaces, punctuation): the prose it was
 * parsed from. Source nodes (inline code, and what remark-retext is told to
 * mark as source) are not prose.
 */
function leafRanges(tree: Node): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  const walk = (node: Node & { children?: Node[]; value?: unknown }) => {
    if (Array.isArray(node.children)) {
      for (const child of node.children) walk(child);
      return;
    }
    const start = node.position?.start.offset;
    const end = node.position?.end.offset;
    if (node.type !== 'SourceNode' && typeof node.value === 'string' && start !== undefined && end !== undefined) ranges.push([start, end]);
  };
  walk(tree);
  return ranges;
}

/**
 * The document with every character outside the tree's leaves turned into a
 * space (line breaks kept). A plain retext tree covers the whole text, so the
 * text is unchanged; a tree without positions leaves it unchanged too.
 */
function proseOnly(text: string, tree: Node): string {
  const ranges = leafRanges(tree);
  if (ranges.length === 0) return text;
  const keep = new Uint8Array(text.length);
  for (const [start, end] of ranges) keep.fill(1, Math.max(0, start), Math.min(text.length, end));
  let out = '';
  let from = 0;
  for (let i = 0; i <= text.length; i++) {
    if (i < text.length && (keep[i] || text[i] === '\n' || text[i] === '\r')) continue;
    out += text.slice(from, i);
    if (i < text.length) out += ' ';
    from = i + 1;
  }
  return out;
}

/** `Tortured phrase "protection chief": likely "defense chief"`. */
function reason(finding: Finding): string {
  const phrase = finding.actual.replace(/\s+/g, ' ');
  const likely = finding.expected.length > 0 ? `likely ${finding.expected.map((e) => `"${e}"`).join(' or ')}` : 'reads like a substitution';
  return `Tortured phrase "${phrase}": ${likely}`;
}

function plural(count: number, word: string): string {
  return `${count.toLocaleString('en')} ${word}${count === 1 ? '' : 's'}`;
}

export default function retextUnspin(options: Options = {}) {
  const min = options.minConfidence;
  if (min !== undefined && (typeof min !== 'number' || !(min >= 0 && min <= 1))) {
    throw new TypeError(`retext-unspin: minConfidence must be a number between 0 and 1 (got ${JSON.stringify(min)})`);
  }
  const checker = checkerFor(options);

  return function transform(tree: NlcstRoot, file: VFile): undefined {
    const text = proseOnly(String(file), tree);
    const result = checker.check(text, { kind: 'text', name: file.path ?? '<text>' });
    file.data.unspin = result;
    const place = location(file);

    for (const finding of result.findings) {
      if (finding.confidence < (min ?? 0)) continue;
      const start = place.toPoint(finding.start);
      const end = place.toPoint(finding.end);
      const message = file.message(reason(finding), {
        place: start && end ? { start, end } : undefined,
        ruleId: finding.rule,
        source: 'unspin',
      });
      message.actual = finding.actual;
      message.expected = finding.expected;
      message.note = `${finding.source ? `${finding.rule}/${finding.source}` : finding.rule}, confidence ${finding.confidence.toFixed(2)}`;
    }

    const { verdict } = result;
    if (verdict.spun) {
      file.message(`Document judged spun (score ${verdict.score.toFixed(2)}): ${plural(result.findings.length, 'tortured phrase')}`, {
        ruleId: 'spun',
        source: 'unspin',
      });
    }
    return undefined;
  };
}
