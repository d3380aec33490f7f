/** Report items built from the seed page with findings at real offsets (no detector involved). */
import { judge } from '../../src/detect/verdict.js';
import { readFileSync } from 'node:fs';
import { applySuggestions } from '../../src/restore/index.js';
import type { ReportItem } from '../../src/report/index.js';
import type { CheckResult, Finding } from '../../src/types.js';
import { SEED } from '../helpers/shared.js';

export const seedText = readFileSync(SEED, 'utf8');

export function findingAt(text: string, phrase: string, expected: string[], extra: Partial<Finding> = {}, from = 0): Finding {
  const start = text.indexOf(phrase, from);
  if (start < 0) throw new Error(`test setup: '${phrase}' not in text`);
  return { start, end: start + phrase.length, actual: phrase, expected, confidence: 0.95, rule: 'lexicon', source: 'news', ...extra };
}

export function item(input: string, text: string, findings: Finding[], verdict: CheckResult['verdict'], withText = false): ReportItem {
  const result: CheckResult = { input, verdict, findings, restored: applySuggestions(text, findings) };
  if (withText) result.text = text;
  return { result, text };
}

/** The seed page judged spun, with a handful of its tortured phrases. */
export function seedItem(): ReportItem {
  const text = seedText;
  const minister = text.indexOf('Chinese language Protection Minister');
  const findings = [
    findingAt(text, 'navy ties', ['military ties']),
    findingAt(text, '2 international locations', ['two countries', 'both countries']),
    findingAt(text, 'Chinese language', ['chinese'], {}, minister),
    findingAt(text, 'Protection', ['defense'], {}, minister),
    findingAt(text, '{hardware}', ['hardware'], { rule: 'spintax', source: undefined, confidence: 0.99 }),
    findingAt(text, 'Chilly Warfare', ['cold war']),
    findingAt(text, 'satellite tv for pc', ['satellite']),
    findingAt(text, 'world', ['international'], { rule: 'model', source: undefined, confidence: 0.61 }, text.indexOf('a world arrest')),
  ];
  for (const finding of findings) if (finding.source === undefined) delete finding.source;
  // The evidence as detection computes it for these findings (the score is the fixture's).
  const { evidence } = judge({ findings, words: 1066 });
  return item('examples/spun-news-article.txt', text, findings, { spun: true, score: 0.97, evidence });
}
