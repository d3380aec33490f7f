/**
 * What the reports say about a result's findings beyond the list itself:
 * the distinct phrases with their counts (what the Problematic Paper
 * Screener shows per paper), each finding's confidence band, the colour
 * class of its rule, and the verdict's evidence in words.
 */
import type { Finding } from '../types.js';

/** Confidence bands the reports colour and filter by. */
export type Band = 'high' | 'mid' | 'low';

export const BANDS: ReadonlyArray<{ band: Band; label: string }> = [
  { band: 'high', label: 'high (0.80 and up)' },
  { band: 'mid', label: 'medium (0.50 to 0.79)' },
  { band: 'low', label: 'low (under 0.50)' },
];

/** 0.8 and up is a phrase the lists know well or the model is sure of; under 0.5 is a hint to read with care. */
export function bandOf(confidence: number): Band {
  if (confidence >= 0.8) return 'high';
  if (confidence >= 0.5) return 'mid';
  return 'low';
}

/** The rules the stylesheet has a colour for; any other rule (a plugin's) is drawn in grey. */
export const RULE_COLOURS = ['lexicon', 'spintax', 'model', 'consistency'] as const;

export function ruleClass(rule: string): string {
  return (RULE_COLOURS as readonly string[]).includes(rule) ? `u-r-${rule}` : 'u-r-other';
}

/** One distinct phrase of a document: how often it occurs, what it likely replaced, how sure the detector is. */
export interface PhraseGroup {
  /** Lower-cased phrase, suggestion and rule: occurrences that differ only in case count together. */
  key: string;
  /** The phrase as first written. */
  actual: string;
  /** The best suggestion, as first given (absent when the detector gave none). */
  expected?: string;
  rule: string;
  source?: string;
  count: number;
  /** The highest confidence among the occurrences. */
  confidence: number;
  band: Band;
  /** The occurrences, in text order. */
  findings: Finding[];
}

function squash(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

export function groupKey(finding: Finding): string {
  return [squash(finding.actual).toLowerCase(), squash(finding.expected[0] ?? '').toLowerCase(), finding.rule].join('\u0000');
}

/** The distinct phrases, most frequent first (then most confident, then first in the text). */
export function summarizeFindings(findings: readonly Finding[]): PhraseGroup[] {
  const groups = new Map<string, PhraseGroup>();
  const ordered = [...findings].sort((x, y) => x.start - y.start || x.end - y.end);
  for (const finding of ordered) {
    const key = groupKey(finding);
    let group = groups.get(key);
    if (!group) {
      group = { key, actual: squash(finding.actual), rule: finding.rule, count: 0, confidence: 0, band: 'low', findings: [] };
      if (finding.expected[0] !== undefined) group.expected = squash(finding.expected[0]);
      if (finding.source !== undefined) group.source = finding.source;
      groups.set(key, group);
    }
    group.count++;
    group.findings.push(finding);
    if (finding.confidence > group.confidence) group.confidence = finding.confidence;
  }
  const list = [...groups.values()];
  for (const group of list) group.band = bandOf(group.confidence);
  const first = (g: PhraseGroup) => g.findings[0]!.start;
  return list.sort((x, y) => y.count - x.count || y.confidence - x.confidence || first(x) - first(y));
}

/** A signal of the verdict's evidence (contract: docs of `verdict.evidence`), validated, for display. */
export interface EvidenceLine {
  signal: string;
  label: string;
  weight: number;
  findings: number;
  words: string[];
}

const SIGNALS: Record<string, string> = {
  lexicon: 'Tortured-phrase lists',
  spintax: 'Spinner templates left in the text',
  consistency: 'Document consistency (a farm replaces every occurrence)',
  model: 'Statistical model',
};

/**
 * `verdict.evidence` as lines to show, strongest first; anything malformed
 * (a result from an older version or another tool) is left out, never shown
 * half-read.
 */
export function evidenceLines(verdict: unknown): EvidenceLine[] {
  const evidence = (verdict as { evidence?: unknown } | null)?.evidence;
  if (!Array.isArray(evidence)) return [];
  const lines: EvidenceLine[] = [];
  for (const entry of evidence as unknown[]) {
    if (typeof entry !== 'object' || entry === null) continue;
    const { signal, weight, findings, words } = entry as Record<string, unknown>;
    if (typeof signal !== 'string' || typeof weight !== 'number' || !Number.isFinite(weight)) continue;
    lines.push({
      signal,
      label: SIGNALS[signal] ?? signal,
      weight: Math.max(0, Math.min(1, weight)),
      findings: typeof findings === 'number' && Number.isFinite(findings) ? findings : 0,
      words: Array.isArray(words) ? words.filter((w): w is string => typeof w === 'string').slice(0, 10) : [],
    });
  }
  return lines.sort((x, y) => y.weight - x.weight);
}
