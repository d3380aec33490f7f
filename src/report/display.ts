/** Small helpers shared by the report formats. */
import { tokenize, TokenKind } from '../text/tokenize.js';
import type { Verdict } from '../types.js';

/**
 * A phrase on one line for a terminal or a message: runs of whitespace
 * (a phrase may span a line break) become one space, and control characters
 * (which could drive a terminal: escape sequences) become U+FFFD.
 */
export function oneLine(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, '\ufffd')
    .trim();
}

/** Words and numbers in a text, as the summary line counts them. */
export function countWords(text: string): number {
  const tokens = tokenize(text);
  let words = 0;
  for (let i = 0; i < tokens.count; i++) {
    const kind = tokens.kinds[i];
    if (kind === TokenKind.Word || kind === TokenKind.Number) words++;
  }
  return words;
}

/** 1050 → "1,050", without depending on the runtime's locale data. */
export function groupThousands(value: number): string {
  return String(Math.round(value)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${groupThousands(count)} ${count === 1 ? singular : pluralForm}`;
}

/** A score or confidence with two decimals ("0.97"). */
export function decimal2(value: number): string {
  return Number.isFinite(value) ? value.toFixed(2) : String(value);
}

/** Words shown per signal on the evidence line; the JSON lists up to ten. */
const EVIDENCE_SHOWN = 3;

/**
 * "evidence: lexicon 0.62 (protection chief, Chilly Warfare, …), model 0.10 (…)":
 * what a verdict rests on, one signal after another; empty when nothing was found.
 */
export function evidenceText(verdict: Verdict): string {
  const parts = (verdict.evidence ?? []).map((e) => {
    const shown = e.words.slice(0, EVIDENCE_SHOWN).map(oneLine);
    const more = e.findings > shown.length && e.words.length > 0 ? ', …' : '';
    return shown.length > 0 ? `${e.signal} ${decimal2(e.weight)} (${shown.join(', ')}${more})` : `${e.signal} ${decimal2(e.weight)}`;
  });
  return parts.length > 0 ? `evidence: ${parts.join(', ')}` : '';
}

/** "3 of 12 sections judged spun", for inputs judged in sections; empty otherwise. */
export function sectionsText(verdict: Verdict): string {
  const sections = verdict.sections;
  if (!sections || sections.count < 2) return '';
  return `${groupThousands(sections.spun)} of ${plural(sections.count, 'section')} judged spun`;
}
