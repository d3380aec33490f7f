/**
 * Builds data/terms/technical.bin (npm run build:technical): the terms of art
 * that the model must not flag as a spinner's substitution ("depth of field",
 * "domain adaptation", "image reconstruction", "clitoris").
 *
 * Sources (../shared/data/technical-terms, see data/terms/README.md):
 *  - FOLDOC headwords (computing),
 *  - MeSH 2017 descriptor names (medicine; "Lymphoma, B-Cell" is also read
 *    as "B-Cell Lymphoma"),
 *  - V.E.R.A. acronym expansions (computing and telecoms),
 *  - keyphrases of the keyphrase data sets, only those attested in a set the
 *    evaluation does not read (the abstracts of Inspec, KDD, WWW and
 *    SemEval-2017 are clean-text test documents: their gold keyphrases stay out).
 * The ACM CCS labels are left out: their licence is not stated.
 *
 * Each term is stored as a 32-bit key of its words' hashes as the tokenizer
 * computes them (case-folded, hyphens transparent), so no term text ships.
 * The build is deterministic.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { encodeTechnicalTerms, termKey, TECHNICAL_MAX_WORDS } from '../src/model/technical.js';
import { TokenKind, tokenize } from '../src/text/tokenize.js';
import { DATA, REPO, requireSharedData } from '../tools/corpora.js';

requireSharedData();
const DIR = join(DATA, 'technical-terms');
/** Keyphrase sets whose documents the evaluation reads as clean text. */
const EVALUATED_SETS = new Set(['Inspec', 'kdd', 'www', 'SemEval2017']);

function rows(file: string): string[][] {
  const raw = file.endsWith('.gz') ? gunzipSync(readFileSync(join(DIR, file))).toString('utf8') : readFileSync(join(DIR, file), 'utf8');
  return raw.split('\n').slice(1).filter((line) => line.length > 0).map((line) => line.split('\t'));
}

/** The term's word hashes, or null when it holds anything but words and hyphens, or is too long. */
function termHashes(term: string): number[] | null {
  const tokens = tokenize(term.replace(/\([^()]*\)|\[[^\]]*\]/g, ' ').trim());
  const hashes: number[] = [];
  for (let i = 0; i < tokens.count; i++) {
    const kind = tokens.kinds[i];
    if (kind === TokenKind.Word) hashes.push(tokens.hashes[i]!);
    else if (kind !== TokenKind.Joiner) return null;
  }
  return hashes.length > 0 && hashes.length <= TECHNICAL_MAX_WORDS ? hashes : null;
}

const keys = new Set<number>();
const counts: Record<string, number> = {};
/** One-word terms come from the glossaries only: keyphrase and acronym lists hold ordinary words too ("utilized", "hostile"). */
const ONE_WORD_SOURCES = new Set(['foldoc', 'mesh']);
const add = (source: string, term: string) => {
  const hashes = termHashes(term);
  if (!hashes || (hashes.length === 1 && !ONE_WORD_SOURCES.has(source))) return;
  const key = termKey(hashes, 0, hashes.length);
  if (!keys.has(key)) {
    keys.add(key);
    counts[source] = (counts[source] ?? 0) + 1;
  }
};

for (const [headword] of rows('foldoc_terms.tsv.gz')) if (headword) add('foldoc', headword);
for (const [, , term] of rows('mesh_2017_tree.tsv.gz')) {
  if (!term) continue;
  add('mesh', term);
  // "Lymphoma, B-Cell": the inverted descriptor as it is written in prose.
  const parts = term.split(', ');
  if (parts.length === 2) add('mesh', `${parts[1]} ${parts[0]}`);
}
for (const [, expansion] of rows('vera_acronyms.tsv')) if (expansion) add('vera', expansion);
for (const [phrase, , sets] of rows('keyphrases_liaad_en.tsv.gz')) {
  if (phrase && sets && sets.split(',').some((set) => !EVALUATED_SETS.has(set))) add('keyphrases', phrase);
}

const sorted = Uint32Array.from([...keys].sort((a, b) => a - b));
const out = join(REPO, 'data', 'terms', 'technical.bin');
writeFileSync(out, encodeTechnicalTerms(sorted));
process.stdout.write(`${out.slice(REPO.length + 1)}: ${sorted.length} terms (${Object.entries(counts).map(([s, n]) => `${s} ${n}`).join(', ')})\n`);
