/**
 * Timings of word alignment, restoration and report rendering (medians), on
 * the seed page and on spun Reuters text. Run: npx tsx bench/align.ts
 */
import { readFileSync } from 'node:fs';
import { alignTexts } from '../src/text/diff.js';
import { wordDiff, applySuggestions } from '../src/restore/index.js';
import { formatHtml, formatText, formatSarif, formatJson } from '../src/report/index.js';
import { check } from '../src/index.js';
import { reutersDocuments } from '../tools/corpora.js';
import { loadSpinner } from './fixtures/spinner.js';

function time(label: string, runs: number, fn: () => unknown) {
  for (let i = 0; i < 3; i++) fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) { const t0 = performance.now(); fn(); samples.push(performance.now() - t0); }
  samples.sort((a, b) => a - b);
  console.log(`${label.padEnd(58)} median ${samples[samples.length >> 1]!.toFixed(2)} ms  max ${samples.at(-1)!.toFixed(2)} ms  (${runs} runs)`);
}
const seed = readFileSync(new URL('../examples/spun-news-article.txt', import.meta.url), 'utf8');
const result = check(seed, { name: 'seed' });
console.log(`seed: ${seed.length} chars, ${result.findings.length} findings`);
time('alignTexts(seed, restored)', 200, () => alignTexts(seed, result.restored));
time('wordDiff(seed, restored)', 200, () => wordDiff(seed, result.restored));
time('applySuggestions(seed, findings)', 200, () => applySuggestions(seed, result.findings));
const item = { result, text: seed };
time('formatText (seed)', 200, () => formatText([item], { color: false }));
time('formatJson (seed)', 200, () => formatJson(item));
time('formatSarif (seed)', 200, () => formatSarif([item]));
time('formatHtml (seed)', 200, () => formatHtml([item]));

const spinner = loadSpinner();
for (const [size, rate] of [[50_000, 0.3], [50_000, 0.1], [1_000_000, 0.3]] as const) {
  let text = '';
  for (const doc of reutersDocuments()) { if (doc.split !== 'dev') continue; text += doc.body + '\n\n'; if (text.length >= size) break; }
  text = text.slice(0, size);
  const spun = spinner.spin(text, { rate, seed: 1 });
  const changedWords = spun.edits.length;
  const label = `alignTexts ${size / 1000} KB vs spun copy (rate ${rate}, ${changedWords} edits)`;
  time(label, size > 100_000 ? 5 : 30, () => alignTexts(text, spun.text));
  const blocks = alignTexts(text, spun.text);
  console.log(`   ${blocks.filter((b) => b.kind === 'changed').length} changed blocks`);
}
// Unrelated texts of 50 KB: the cost cap must bound the time.
let a = '', b = '';
let k = 0;
for (const doc of reutersDocuments()) { if (doc.split !== 'dev') continue; if (k++ % 2) a += doc.body + '\n\n'; else b += doc.body + '\n\n'; if (a.length > 50_000 && b.length > 50_000) break; }
time('alignTexts 50 KB vs an unrelated 50 KB', 10, () => alignTexts(a.slice(0, 50_000), b.slice(0, 50_000)));
console.log(`rss ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB`);
