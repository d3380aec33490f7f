/**
 * Cross-domain synthetic spin (issue 9): held-out test documents of Wikipedia,
 * Wikinews and science abstracts, spun at 10% of words by the fixture spinner
 * drawing from a dictionary the model does NOT reverse (`held-out`: Aiksaurus
 * less every pair MyThes or PPDB relates, see bench/fixtures/spinner.ts), and,
 * for comparison, from the thesauri it does reverse (PPDB-XL + MyThes).
 */
import { loadSpinner, type SpinnerDictionary } from '../../bench/fixtures/spinner.js';
import { broadDocuments, DOMAINS, type Domain } from '../../tools/corpora.js';
import { countWords, perConfig, row, round, section, type EvalContext, type Outcomes, type Row, type SectionResult } from '../harness.js';
import { FARM_SEED, measureSynthetic, spinSamples, type SyntheticMetrics } from './synthetic.js';

const RATE = 0.1;
const PER_DOMAIN = 200;
const QUICK_PER_DOMAIN = 25;
const MIN_WORDS = 80;
const DICTIONARIES: readonly SpinnerDictionary[] = ['held-out', 'thesauri'];

type CrossDomainMetrics = Record<string, SyntheticMetrics>;

/** Test-split documents longer than MIN_WORDS, in id order, the first `count`. */
export function crossDomainSample(domain: Domain, count: number): Array<{ id: string; text: string }> {
  return [...broadDocuments(domain)]
    .filter((d) => d.split === 'test' && countWords(d.body) > MIN_WORDS)
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .slice(0, count)
    .map((d) => ({ id: d.id, text: `${d.title}\n\n${d.body}` }));
}

export function runCrossDomain(ctx: EvalContext): SectionResult {
  const perDomain = ctx.quick ? QUICK_PER_DOMAIN : PER_DOMAIN;
  const samples = new Map<string, ReturnType<typeof spinSamples>>();
  const sizes: Record<string, { documents: number; words: number; achievedRate: number }> = {};
  for (const domain of DOMAINS) {
    const articles = crossDomainSample(domain, perDomain);
    for (const dictionary of DICTIONARIES) {
      const spun = spinSamples(articles, loadSpinner(undefined, dictionary), [RATE]);
      samples.set(`${domain}/${dictionary}`, spun);
      const words = spun.reduce((n, s) => n + s.words, 0);
      const replaced = spun.reduce((n, s) => n + s.spun[0]!.edits.reduce((k, e) => k + countWords(e.original), 0), 0);
      sizes[`${domain}/${dictionary}`] = { documents: spun.length, words, achievedRate: round(replaced / Math.max(words, 1), 4) };
    }
  }
  const outcomes: Outcomes<CrossDomainMetrics> = perConfig(ctx, (checker) => {
    const out: CrossDomainMetrics = {};
    for (const [key, spun] of samples) out[key] = measureSynthetic(checker, spun, [RATE]);
    return out;
  });
  const rows: Row[] = [];
  for (const domain of DOMAINS) {
    for (const dictionary of DICTIONARIES) {
      const key = `${domain}/${dictionary}`;
      const at = (m: CrossDomainMetrics) => m[key]!.rates[0]!;
      const label = `${domain}, ${dictionary === 'held-out' ? 'held-out dictionary' : 'thesauri the model reverses'}`;
      const target = dictionary === 'held-out';
      rows.push(
        row(outcomes, `${label}: span precision`, (m) => round(at(m).span.precision, 3), 'fixed3', target ? '>= 0.85' : undefined),
        row(outcomes, `${label}: span recall`, (m) => round(at(m).span.recall, 3), 'fixed3', target ? '>= 0.5' : undefined),
        row(outcomes, `${label}: restoration of recalled edits`, (m) => at(m).restoration.accuracy, 'percent'),
        row(outcomes, `${label}: document AUROC`, (m) => round(at(m).auroc, 4), 'fixed3', target ? '>= 0.98' : undefined),
        row(outcomes, `${label}: spun judged spun`, (m) => at(m).shareJudgedSpun, 'percent'),
      );
    }
    rows.push(row(outcomes, `${domain}: unspun originals judged spun`, (m) => m[`${domain}/held-out`]!.originals.shareJudgedSpun, 'percent'));
  }
  return section('crossdomain', `Cross-domain synthetic spin at ${RATE * 100}% (Wikipedia, Wikinews, science test splits)`, outcomes, rows, {
    data: `broadDocuments(domain), test split (sha1(id) % 5 === 0; SciTLDR: its own test split), > ${MIN_WORDS} body words, first ${perDomain} by id`,
    spinner: 'bench/fixtures/spinner.ts: held-out = Aiksaurus less every MyThes/PPDB pair; thesauri = PPDB-XL + MyThes',
    farmSeed: FARM_SEED,
    rate: RATE,
    samples: sizes,
  });
}
