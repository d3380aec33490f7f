/**
 * textlint-rule-unspin: each tortured phrase unspin finds becomes a textlint
 * message, and its best suggestion a fix, so that `textlint --fix` restores
 * the text as `unspin restore` does.
 *
 *   // .textlintrc.json
 *   { "rules": { "unspin": { "minConfidence": 0.6, "lexicons": ["farm.json"] } } }
 *
 * The whole document is judged at once (unspin's evidence is document-wide:
 * a phrase is surer when the page holds others), on the source text with
 * everything that is not prose (code, HTML, link targets, Markdown marks)
 * blanked out, so that offsets stay those of the file.
 */
import { resolve } from 'node:path';
import type { TextlintRuleContext, TextlintRuleModule, TextlintRuleReporter } from '@textlint/types';
import type { TxtNode } from '@textlint/ast-node-types';
import { createChecker, planReplacements, type Checker, type Finding } from 'unspin';

export interface Options {
  /** Report only findings at least this confident (0–1, default 0: all, as `unspin check`). */
  minConfidence?: number;
  /** Extra lexicon files (JSON or TSV, e.g. from `unspin learn`), relative to the textlint config. */
  lexicons?: string[];
  /** Use the lexicons shipped with unspin (default true). */
  defaultLexicons?: boolean;
  /** Use unspin's statistical model (default true). */
  model?: boolean;
}

/** A checker compiles lexicons and loads the model: once per distinct configuration, not per file. */
const checkers = new Map<string, Checker>();

function checkerFor(options: Options, baseDir: string): Checker {
  const lexicons = (options.lexicons ?? []).map((path) => resolve(baseDir, path));
  const config = { lexicons, defaultLexicons: options.defaultLexicons !== false, model: options.model !== false };
  const key = JSON.stringify(config);
  let checker = checkers.get(key);
  if (!checker) {
    checker = createChecker(config);
    checkers.set(key, checker);
  }
  return checker;
}

function validate(options: Options): void {
  const min = options.minConfidence;
  if (min !== undefined && (typeof min !== 'number' || !(min >= 0 && min <= 1))) {
    throw new TypeError(`textlint-rule-unspin: minConfidence must be a number between 0 and 1 (got ${JSON.stringify(min)})`);
  }
  if (options.lexicons !== undefined && !(Array.isArray(options.lexicons) && options.lexicons.every((p) => typeof p === 'string'))) {
    throw new TypeError('textlint-rule-unspin: lexicons must be a list of file paths');
  }
}

/**
 * The source with every character outside the prose nodes (Str) turned into a
 * space; line breaks are kept, so that paragraphs stay apart and lines and
 * offsets do not move.
 */
export function proseOnly(source: string, prose: ReadonlyArray<readonly [number, number]>): string {
  const keep = new Uint8Array(source.length);
  for (const [start, end] of prose) keep.fill(1, Math.max(0, start), Math.min(source.length, end));
  let out = '';
  let from = 0;
  for (let i = 0; i <= source.length; i++) {
    if (i < source.length && (keep[i] || source[i] === '\n' || source[i] === '\r')) continue;
    out += source.slice(from, i);
    if (i < source.length) out += ' ';
    from = i + 1;
  }
  return out;
}

/** `"protection chief": likely "defense chief" (lexicon/news, confidence 0.95)`. */
export function describe(finding: Finding): string {
  const origin = finding.source ? `${finding.rule}/${finding.source}` : finding.rule;
  const phrase = finding.actual.replace(/\s+/g, ' ');
  const likely = finding.expected.length > 0 ? `likely ${finding.expected.map((e) => `"${e}"`).join(' or ')}` : 'reads like a substitution';
  return `Tortured phrase "${phrase}": ${likely} (${origin}, confidence ${finding.confidence.toFixed(2)})`;
}

const reporter: TextlintRuleReporter<Options> = (context: Readonly<TextlintRuleContext>, options: Options = {}) => {
  validate(options);
  const { Syntax, RuleError, report, fixer, locator } = context;
  const prose: Array<readonly [number, number]> = [];
  let document: TxtNode | undefined;

  return {
    [Syntax.Document](node) {
      document = node;
    },
    [Syntax.Str](node) {
      prose.push(node.range);
    },
    [Syntax.DocumentExit]() {
      if (!document) return;
      const source = context.getSource(document);
      const base = document.range[0];
      const text = proseOnly(source, prose.map(([start, end]) => [start - base, end - base] as const));
      const checker = checkerFor(options, context.getConfigBaseDir?.() ?? process.cwd());
      const result = checker.check(text, { kind: 'text', name: context.getFilePath() ?? '<text>' });

      const min = options.minConfidence ?? 0;
      const findings = result.findings.filter((finding) => finding.confidence >= min);

      // The edits `unspin restore` makes, each with the "a"/"an" it changes
      // before it, become the fixes of their findings. A phrase broken by
      // markup ("**protection** chief") is reported but not fixed: the fix
      // would drop the markup.
      const fixes = new Map<Finding, { start: number; end: number; text: string }>();
      let article: { start: number; end: number; text: string } | undefined;
      for (const edit of planReplacements(text, findings)) {
        if (!edit.finding) {
          article = edit;
          continue;
        }
        const start = article ? article.start : edit.start;
        const replacement = article ? article.text + text.slice(article.end, edit.start) + edit.text : edit.text;
        if (source.slice(start, edit.end) === text.slice(start, edit.end)) fixes.set(edit.finding, { start, end: edit.end, text: replacement });
        article = undefined;
      }

      for (const finding of findings) {
        const fix = fixes.get(finding);
        report(
          document,
          new RuleError(describe(finding), {
            padding: locator.range([finding.start, finding.end]),
            ...(fix ? { fix: fixer.replaceTextRange([fix.start, fix.end], fix.text) } : {}),
          }),
        );
      }
    },
  };
};

const rule: TextlintRuleModule<Options> = { linter: reporter, fixer: reporter };
export default rule;
