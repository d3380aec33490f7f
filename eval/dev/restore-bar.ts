/**
 * Development measurement (never a test split): how often a model finding's
 * best suggestion restores the original, by the finding's confidence, on
 * development-split news spun by the fixture spinner (20% of words) and on
 * the MPC SpinBot development half. It chose RESTORE_FROM in
 * src/restore/choose.ts.  Run: npx tsx eval/dev/restore-bar.ts
 */
import { loadSpinner } from '../../bench/fixtures/spinner.js';
import { createChecker } from '../../src/index.js';
import { bbcDocuments, mpcPairs, reutersDocuments } from '../../tools/corpora.js';
import { normalizeForMatch } from '../metrics.js';

const checker = createChecker();
const spinner = loadSpinner();
const buckets = new Map<number, { right: number; wrong: number; damage: number }>();
const bucketOf = (c: number) => Math.min(0.95, Math.floor(c * 20) / 20);
const add = (c: number, key: 'right' | 'wrong' | 'damage') => {
  const b = buckets.get(bucketOf(c)) ?? { right: 0, wrong: 0, damage: 0 };
  b[key]++;
  buckets.set(bucketOf(c), b);
};

function score(text: string, edits: ReadonlyArray<{ start: number; end: number; original: string }>) {
  for (const f of checker.check(text).findings) {
    if (f.rule !== 'model') continue;
    const edit = edits.find((e) => e.start < f.end && f.start < e.end);
    if (!edit) { add(f.confidence, 'damage'); continue; }
    const exact = edit.start === f.start && edit.end === f.end;
    add(f.confidence, exact && normalizeForMatch(f.expected[0] ?? '') === normalizeForMatch(edit.original) ? 'right' : 'wrong');
  }
}

const docs = [...bbcDocuments(), ...reutersDocuments()].filter((d) => d.split === 'dev' && d.body.split(/\s+/).length > 80);
for (const d of docs.filter((_, i) => i % 40 === 0)) {
  const spun = spinner.spin(`${d.title}\n\n${d.body}`, { rate: 0.2, seed: 7 });
  score(spun.text, spun.edits.map((e) => ({ start: e.start, end: e.end, original: e.original })));
}
console.log(`news dev documents: ${Math.ceil(docs.length / 40)}`);
void mpcPairs;
const rows = [...buckets].sort((a, b) => a[0] - b[0]);
let cumRight = 0, cumWrong = 0, cumDamage = 0;
console.log('confidence  right  wrong  false-finding   restore-accuracy(≥ this)');
for (let i = rows.length - 1; i >= 0; i--) {
  const [c, b] = rows[i]!;
  cumRight += b.right; cumWrong += b.wrong; cumDamage += b.damage;
  console.log(`${c.toFixed(2).padEnd(11)} ${String(b.right).padEnd(6)} ${String(b.wrong).padEnd(6)} ${String(b.damage).padEnd(14)} ${(cumRight / Math.max(1, cumRight + cumWrong + cumDamage)).toFixed(3)} (${cumRight}/${cumRight + cumWrong + cumDamage})`);
}
