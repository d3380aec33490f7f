/**
 * English inflection for carrying thesaurus relations (which list lemmas)
 * over to the forms a text uses: "find → discover" also gives
 * "finding → discovering", "policy → insurance policy" gives "policies".
 *
 * Regular rules produce every plausible spelling; the caller keeps only the
 * spellings that exist in its vocabulary, which settles doubling
 * ("visited", not "visitted") without a pronunciation dictionary.
 */

/** Inflection slots a synonym pair is carried across. */
export type Inflection = 'plural' | 'third' | 'past' | 'participle' | 'gerund';

export const NOUN_INFLECTIONS: readonly Inflection[] = ['plural'];
export const VERB_INFLECTIONS: readonly Inflection[] = ['third', 'past', 'participle', 'gerund'];

const VOWELS = new Set(['a', 'e', 'i', 'o', 'u']);
const isConsonant = (ch: string | undefined) => ch !== undefined && /[a-z]/.test(ch) && !VOWELS.has(ch);

function sibilantPlural(word: string): string[] {
  if (/(s|x|z|ch|sh)$/.test(word)) return [`${word}es`];
  if (/[^aeiou]y$/.test(word)) return [`${word.slice(0, -1)}ies`];
  if (/[^aeiou]o$/.test(word)) return [`${word}es`, `${word}s`];
  if (/fe?$/.test(word)) return [`${word}s`, word.replace(/fe?$/, 'ves')];
  return [`${word}s`];
}

function doubled(word: string): string | null {
  const n = word.length;
  if (n < 3) return null;
  const last = word[n - 1]!;
  if (isConsonant(last) && !'wxy'.includes(last) && VOWELS.has(word[n - 2]!) && isConsonant(word[n - 3])) return word + last;
  return null;
}

function pastForms(verb: string): string[] {
  if (verb.endsWith('e')) return [`${verb}d`];
  if (/[^aeiou]y$/.test(verb)) return [`${verb.slice(0, -1)}ied`];
  const d = doubled(verb);
  return d ? [`${verb}ed`, `${d}ed`] : [`${verb}ed`];
}

function gerundForms(verb: string): string[] {
  if (verb.endsWith('ie')) return [`${verb.slice(0, -2)}ying`];
  if (/[^eoy]e$/.test(verb)) return [`${verb.slice(0, -1)}ing`];
  const d = doubled(verb);
  return d ? [`${verb}ing`, `${d}ing`] : [`${verb}ing`];
}

/** Common irregular verbs: base, past, participle. */
const IRREGULAR = `arise arose arisen|awake awoke awoken|be was been|bear bore borne|beat beat beaten|become became become|begin began begun|bend bent bent|bet bet bet|bid bid bid|bind bound bound|bite bit bitten|bleed bled bled|blow blew blown|break broke broken|breed bred bred|bring brought brought|build built built|burn burnt burnt|burst burst burst|buy bought bought|cast cast cast|catch caught caught|choose chose chosen|cling clung clung|come came come|cost cost cost|creep crept crept|cut cut cut|deal dealt dealt|dig dug dug|do did done|draw drew drawn|dream dreamt dreamt|drink drank drunk|drive drove driven|eat ate eaten|fall fell fallen|feed fed fed|feel felt felt|fight fought fought|find found found|flee fled fled|fling flung flung|fly flew flown|forbid forbade forbidden|forecast forecast forecast|foresee foresaw foreseen|forget forgot forgotten|forgive forgave forgiven|freeze froze frozen|get got gotten|give gave given|go went gone|grind ground ground|grow grew grown|hang hung hung|have had had|hear heard heard|hide hid hidden|hit hit hit|hold held held|hurt hurt hurt|keep kept kept|kneel knelt knelt|know knew known|lay laid laid|lead led led|lean leant leant|leap leapt leapt|learn learnt learnt|leave left left|lend lent lent|let let let|lie lay lain|light lit lit|lose lost lost|make made made|mean meant meant|meet met met|mislead misled misled|mistake mistook mistaken|overcome overcame overcome|overtake overtook overtaken|overthrow overthrew overthrown|pay paid paid|prove proved proven|put put put|quit quit quit|read read read|rid rid rid|ride rode ridden|ring rang rung|rise rose risen|run ran run|say said said|see saw seen|seek sought sought|sell sold sold|send sent sent|set set set|shake shook shaken|shed shed shed|shine shone shone|shoot shot shot|show showed shown|shrink shrank shrunk|shut shut shut|sing sang sung|sink sank sunk|sit sat sat|slay slew slain|sleep slept slept|slide slid slid|sling slung slung|slit slit slit|speak spoke spoken|speed sped sped|spend spent spent|spin spun spun|spit spat spat|split split split|spread spread spread|spring sprang sprung|stand stood stood|steal stole stolen|stick stuck stuck|sting stung stung|stink stank stunk|strike struck struck|strive strove striven|swear swore sworn|sweep swept swept|swim swam swum|swing swung swung|take took taken|teach taught taught|tear tore torn|tell told told|think thought thought|throw threw thrown|thrust thrust thrust|tread trod trodden|undergo underwent undergone|understand understood understood|undertake undertook undertaken|uphold upheld upheld|upset upset upset|wake woke woken|wear wore worn|weave wove woven|weep wept wept|win won won|wind wound wound|withdraw withdrew withdrawn|withhold withheld withheld|withstand withstood withstood|write wrote written`;

const irregular = new Map<string, { past: string; participle: string }>();
for (const entry of IRREGULAR.split('|')) {
  const [base, past, participle] = entry.split(' ') as [string, string, string];
  irregular.set(base, { past, participle });
}

/** Candidate spellings of `lemma` in `slot` (most likely first); validate against a vocabulary. */
export function inflect(lemma: string, slot: Inflection): string[] {
  // Multiword lemmas inflect their head: the last word for nouns ("insurance policy"),
  // the first for verbs ("carry out" → "carried out").
  const space = slot === 'plural' ? lemma.lastIndexOf(' ') : lemma.indexOf(' ');
  if (space >= 0) {
    if (slot === 'plural') return inflect(lemma.slice(space + 1), slot).map((form) => `${lemma.slice(0, space + 1)}${form}`);
    return inflect(lemma.slice(0, space), slot).map((form) => `${form}${lemma.slice(space)}`);
  }
  const irregularForms = irregular.get(lemma);
  switch (slot) {
    case 'plural':
      return sibilantPlural(lemma);
    case 'third':
      if (lemma === 'be') return ['is'];
      if (lemma === 'have') return ['has'];
      return sibilantPlural(lemma);
    case 'past':
      return irregularForms ? [irregularForms.past] : pastForms(lemma);
    case 'participle':
      return irregularForms ? [irregularForms.participle] : pastForms(lemma);
    case 'gerund':
      return gerundForms(lemma);
  }
}
