/** The one table `npm run eval` prints: a title line per section, then its metrics. */
import { CONFIG_IDS, type Format, type SectionResult } from './harness.js';

const HEADER = ['metric', 'lexicon only', '+ model', 'target'];

export function formatValue(value: number | string | null, format: Format): string {
  if (value === null) return 'error';
  if (typeof value === 'string') return value;
  if (!Number.isFinite(value)) return '–';
  switch (format) {
    case 'percent': return `${(value * 100).toFixed(1)}%`;
    case 'fixed2': return value.toFixed(2);
    case 'fixed3': return value.toFixed(3);
    case 'integer': return String(Math.round(value));
    case 'text': return String(value);
  }
}

export function renderTable(sections: readonly SectionResult[]): string {
  type Line = { title: string } | { cells: string[] };
  const lines: Line[] = [];
  const notes: string[] = [];
  for (const s of sections) {
    lines.push({ title: s.unavailable ? `${s.title}: ${s.unavailable}` : s.title });
    for (const r of s.rows) {
      lines.push({ cells: [`  ${r.metric}`, ...CONFIG_IDS.map((id) => formatValue(r.values[id], r.format)), r.target ?? ''] });
    }
    for (const id of CONFIG_IDS) {
      const error = s.outcomes[id]?.error;
      if (error) notes.push(`${s.id} / ${HEADER[CONFIG_IDS.indexOf(id) + 1]}: ${error}`);
    }
  }
  const rows = lines.flatMap((l) => ('cells' in l ? [l.cells] : []));
  const widths = HEADER.map((h, c) => Math.max(h.length, ...rows.map((cells) => cells[c]!.length)));
  const right = [false, true, true, false];
  const fmt = (cells: readonly string[]) => cells.map((cell, c) => (right[c] ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join('  ').trimEnd();
  const out = [fmt(HEADER), widths.map((w) => '-'.repeat(w)).join('  ')];
  for (const l of lines) out.push('cells' in l ? fmt(l.cells) : l.title);
  if (notes.length > 0) out.push('', 'errors:', ...notes.map((n) => `  ${n}`));
  const details = sections.flatMap((s) => s.details ?? []);
  if (details.length > 0) out.push('', ...details);
  return out.join('\n');
}
