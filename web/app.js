// The unspin page: sends what the user gives to the API and shows the answer.
//
// Everything that comes from the input or the server is put on the page with
// textContent or text nodes, never parsed as HTML, so a <script> or onerror=
// in an article shows up as the text it is. The Content-Security-Policy
// (no inline script) is the second line of defence, not the first.

const $ = (id) => document.getElementById(id);

const form = $('form');
const statusLine = $('status');
const errorLine = $('error');
const report = $('report');
const tip = $('tip');
const doc = $('doc');

/** The last answer: the check result (contract v1), the text its offsets index into, the word diff. */
let current = null;
/** Whether the server has a reference index (so tracing is possible). */
let canTrace = false;
/** The request in flight, so a new check cancels the old one. */
let inFlight = null;

// ---------------------------------------------------------------- input

function selectedSource() {
  return form.elements.source.value;
}

function showPanel() {
  const source = selectedSource();
  for (const name of ['text', 'file', 'url']) $(`panel-${name}`).hidden = name !== source;
}

for (const radio of form.elements.source) radio.addEventListener('change', showPanel);

/** What to send for the chosen source: a fetch body and headers, or an error to show. */
async function buildRequest() {
  const source = selectedSource();
  if (source === 'text') {
    const text = $('text').value;
    if (text.trim() === '') return { problem: 'Paste the text of an article first.', focus: $('text') };
    return { path: '/api/check', body: JSON.stringify({ text, diff: true }), type: 'application/json', sent: text };
  }
  if (source === 'url') {
    const url = $('url').value.trim();
    if (!/^https?:\/\/\S+$/i.test(url)) return { problem: 'Give an address that starts with http:// or https://.', focus: $('url') };
    return { path: '/api/check', body: JSON.stringify({ url, diff: true }), type: 'application/json' };
  }
  const file = $('file').files[0];
  if (!file) return { problem: 'Choose a file first.', focus: $('file') };
  // A paper as PDF travels base64-encoded in JSON; the server recovers its text.
  const head = new Uint8Array(await file.slice(0, 5).arrayBuffer());
  if (String.fromCharCode(...head) === '%PDF-') {
    return { path: '/api/check', body: JSON.stringify({ pdf: await base64(file), name: file.name, diff: true }), type: 'application/json' };
  }
  // Read here and sent as the body itself: an HTML page as text/html, anything
  // else as text/plain (the server tells text, HTML and JATS XML apart by the content).
  const isHtml = file.type === 'text/html' || /\.html?$/i.test(file.name);
  const query = new URLSearchParams({ name: file.name, diff: 'true' });
  return { path: `/api/check?${query}`, body: await file.text(), type: `${isHtml ? 'text/html' : 'text/plain'}; charset=utf-8` };
}

/** A file's bytes as base64, in slices so that a large PDF does not overflow the argument list. */
async function base64(file) {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

async function postJson(path, body, type, signal) {
  const response = await fetch(path, { method: 'POST', headers: { 'content-type': type }, body, signal });
  const answer = await response.json().catch(() => null);
  if (!response.ok) {
    const message = answer?.error?.message ?? `the server answered ${response.status}`;
    throw new Error(message);
  }
  return answer;
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  inFlight?.abort();
  const controller = new AbortController();
  inFlight = controller;
  showError(null);
  hideTip();
  closeCard();

  // A new check replaces the old answer: never leave one input's results under another's error.
  report.hidden = true;
  current = null;
  statusLine.textContent = '';
  let request;
  try {
    request = await buildRequest();
  } catch (error) {
    showError(`Could not read the file: ${error.message}`);
    return;
  }
  if (request.problem) {
    showError(request.problem);
    request.focus.focus();
    return;
  }
  setBusy(true, 'Checking…');
  try {
    const answer = await postJson(request.path, request.body, request.type, controller.signal);
    const { diff, edits, ...result } = answer;
    // `text` is left out only when it is exactly what was sent.
    const text = result.text ?? request.sent;
    const editList = Array.isArray(edits) ? edits : null;
    current = { result, text, diff, editList, edits: new Set(editList?.map((e) => e.finding) ?? []), ignored: new Set(), groups: [], sources: null, cardFor: null };
    render();
    if (canTrace) await traceCurrent(controller.signal);
  } catch (error) {
    if (error.name === 'AbortError') return;
    setBusy(false, '');
    showError(`Could not check this: ${error.message}`);
  } finally {
    if (inFlight === controller) {
      inFlight = null;
      setBusy(false);
    }
  }
});

// The Check button stays enabled (disabling it would drop keyboard focus): a second check cancels the first.
function setBusy(busy, message) {
  report.setAttribute('aria-busy', String(busy));
  if (message !== undefined) statusLine.textContent = message;
}

function showError(message) {
  errorLine.hidden = message === null;
  errorLine.textContent = message ?? '';
}

// ---------------------------------------------------------------- results

function percent(x) {
  return `${Math.round(x * 100)}%`;
}

function plural(n, word) {
  return `${n.toLocaleString('en')} ${n === 1 ? word : `${word}s`}`;
}

/** Confidence bands, as the HTML report draws them (src/report/summary.ts). */
const BANDS = [
  { band: 'high', label: 'high (0.80 and up)' },
  { band: 'mid', label: 'medium (0.50 to 0.79)' },
  { band: 'low', label: 'low (under 0.50)' },
];
function bandOf(confidence) {
  return confidence >= 0.8 ? 'high' : confidence >= 0.5 ? 'mid' : 'low';
}
const RULE_COLOURS = ['lexicon', 'spintax', 'model', 'consistency'];
function ruleClass(rule) {
  return RULE_COLOURS.includes(rule) ? `u-r-${rule}` : 'u-r-other';
}
const SIGNALS = {
  lexicon: 'Tortured-phrase lists',
  spintax: 'Spinner templates left in the text',
  consistency: 'Document consistency (a farm replaces every occurrence)',
  model: 'Statistical model',
};

function squash(text) {
  return text.replace(/\s+/g, ' ').trim();
}

/** The distinct phrases (case aside), most frequent first: what the Problematic Paper Screener lists per paper. */
function summarize(findings) {
  const groups = new Map();
  const order = findings.map((finding, index) => ({ finding, index })).sort((a, b) => a.finding.start - b.finding.start || a.finding.end - b.finding.end);
  for (const { finding, index } of order) {
    const key = [squash(finding.actual).toLowerCase(), squash(finding.expected[0] ?? '').toLowerCase(), finding.rule].join('\u0000');
    let group = groups.get(key);
    if (!group) {
      group = { key, actual: squash(finding.actual), expected: finding.expected[0] === undefined ? undefined : squash(finding.expected[0]),
        rule: finding.rule, source: finding.source, count: 0, confidence: 0, members: [], first: finding.start };
      groups.set(key, group);
    }
    group.count++;
    group.members.push(index);
    group.confidence = Math.max(group.confidence, finding.confidence);
  }
  const list = [...groups.values()];
  for (const group of list) group.band = bandOf(group.confidence);
  return list.sort((x, y) => y.count - x.count || y.confidence - x.confidence || x.first - y.first);
}

function render() {
  const { result, text } = current;
  const count = result.findings.length;
  const spun = result.verdict.spun;
  const score = result.verdict.score;

  $('verdict').className = `verdict ${spun ? 'spun u-is-spun' : 'clean u-is-clean'}`;
  $('verdict-label').textContent = spun ? 'Spun' : 'Not spun';
  $('score-meter').value = score;
  $('score-value').textContent = score.toFixed(2);
  $('summary').textContent = count === 0
    ? 'No tortured phrase found.'
    : `${count} ${count === 1 ? 'phrase' : 'phrases'} marked in ${words(text)} words.`;

  renderEvidence(result.verdict);
  renderPhrases(result.findings);
  renderMarked(doc, text, result.findings);
  renderRestored();
  $('sources').hidden = true;
  report.hidden = false;
  setView('marked');
  statusLine.textContent = `${spun ? 'Judged spun' : 'Not judged spun'}: score ${score.toFixed(2)}, ${count} ${count === 1 ? 'phrase' : 'phrases'} marked.`;
  // The answer is below the form: bring it into view (on a phone it is a screen or two down) and
  // move focus there, so that a screen reader and the keyboard start from the verdict.
  $('results').focus({ preventScroll: true });
  $('results').scrollIntoView({ block: 'start' });
}

function words(text) {
  const found = text.match(/[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu);
  return found ? found.length : 0;
}

/** `verdict.evidence` (what the score rests on), strongest first; a result without it shows nothing. */
function renderEvidence(verdict) {
  const list = $('evidence-list');
  list.replaceChildren();
  const evidence = Array.isArray(verdict.evidence) ? verdict.evidence : [];
  const valid = evidence
    .filter((e) => e && typeof e.signal === 'string' && typeof e.weight === 'number' && Number.isFinite(e.weight))
    .sort((x, y) => y.weight - x.weight);
  for (const entry of valid) {
    const weight = Math.max(0, Math.min(1, entry.weight));
    const item = document.createElement('li');
    const label = document.createElement('span');
    label.className = 'u-ev-label';
    label.textContent = SIGNALS[entry.signal] ?? entry.signal;
    const bar = document.createElement('span');
    bar.className = 'u-scorebar u-ev-bar';
    bar.setAttribute('role', 'img');
    bar.setAttribute('aria-label', `weight ${weight.toFixed(2)}`);
    const fill = document.createElement('span');
    fill.style.width = `${(weight * 100).toFixed(1)}%`;
    bar.append(fill);
    const counts = document.createElement('span');
    counts.className = 'u-counts';
    const n = Number.isFinite(entry.findings) ? entry.findings : 0;
    counts.textContent = `weight ${weight.toFixed(2)} · ${plural(n, 'finding')}`;
    item.append(label, ' ', bar, ' ', counts);
    const shown = Array.isArray(entry.words) ? entry.words.filter((w) => typeof w === 'string').slice(0, 10) : [];
    if (shown.length > 0) {
      const wordsLine = document.createElement('span');
      wordsLine.className = 'u-ev-words';
      wordsLine.textContent = ` ${shown.map((w) => `“${w}”`).join(', ')}`;
      item.append(wordsLine);
    }
    list.append(item);
  }
  $('evidence').hidden = valid.length === 0;
}

// ---------------------------------------------------------------- the findings summary

function checkbox(className, label, checked = true) {
  const input = document.createElement('input');
  input.type = 'checkbox';
  input.className = className;
  input.checked = checked;
  if (label) input.setAttribute('aria-label', label);
  return input;
}

function swatch(rule, band) {
  const span = document.createElement('span');
  span.className = `u-swatch ${ruleClass(rule)} u-c-${band}`;
  span.setAttribute('aria-hidden', 'true');
  return span;
}

function filterBox(kind, value, text, count, swatchElement) {
  const label = document.createElement('label');
  const input = checkbox('u-filter');
  input.dataset.kind = kind;
  input.value = value;
  const muted = document.createElement('span');
  muted.className = 'u-muted';
  muted.textContent = `(${count})`;
  label.append(input, ' ', swatchElement, text, ' ', muted);
  return label;
}

/** Distinct phrases with counts, filters by rule and confidence, and a switch per phrase to accept or ignore it. */
function renderPhrases(findings) {
  const groups = summarize(findings);
  current.groups = groups;
  $('phrases').hidden = findings.length === 0;
  $('phrases-count').textContent = `${plural(groups.length, 'distinct phrase')}, ${plural(findings.length, 'finding')}. Untick a phrase to ignore it: the restored text follows.`;

  const rules = new Map();
  const bands = new Map();
  for (const finding of findings) {
    rules.set(finding.rule, (rules.get(finding.rule) ?? 0) + 1);
    const band = bandOf(finding.confidence);
    bands.set(band, (bands.get(band) ?? 0) + 1);
  }
  const ruleSet = $('filter-rule');
  ruleSet.replaceChildren(ruleSet.querySelector('legend'));
  for (const [rule, n] of [...rules].sort((x, y) => y[1] - x[1])) ruleSet.append(filterBox('rule', rule, rule, n, swatch(rule, 'high')));
  const bandSet = $('filter-band');
  bandSet.replaceChildren(bandSet.querySelector('legend'));
  for (const { band, label } of BANDS) if (bands.has(band)) bandSet.append(filterBox('band', band, label, bands.get(band), swatch('lexicon', band)));

  const body = $('phrases-body');
  body.replaceChildren();
  // The first rows, and the rest one click away: a long list would put a hundred checkboxes between the keyboard and the text.
  const more = $('phrases-more');
  more.hidden = groups.length <= SUMMARY_ROWS;
  $('phrases-table').classList.toggle('u-capped', groups.length > SUMMARY_ROWS);
  setMoreLabel(false);
  groups.forEach((group, g) => {
    const row = document.createElement('tr');
    if (g >= SUMMARY_ROWS) row.className = 'u-more';
    row.dataset.rule = group.rule;
    row.dataset.band = group.band;
    row.dataset.g = String(g);
    const phrase = document.createElement('td');
    const sample = document.createElement('mark');
    sample.className = `u-find u-sample ${ruleClass(group.rule)} u-c-${group.band}`;
    sample.textContent = group.actual;
    phrase.append(sample);
    const expected = document.createElement('td');
    if (group.expected === undefined) {
      const none = document.createElement('span');
      none.className = 'u-muted';
      none.textContent = 'none';
      expected.append(none);
    } else expected.textContent = group.expected;
    const count = cell(String(group.count), 'u-num');
    const rule = cell(group.source ? `${group.rule}/${group.source}` : group.rule);
    const confidence = cell(group.confidence.toFixed(2), 'u-num');
    const accept = cell('', 'u-accept-cell');
    if (group.members.some((i) => current.edits.has(i))) {
      const what = `${group.actual}${group.expected !== undefined ? ` → ${group.expected}` : ''}`;
      const input = checkbox('u-accept-g', `Accept ${what} (${plural(group.count, 'time')})`);
      input.dataset.g = String(g);
      accept.append(input);
    } else {
      accept.textContent = '–';
      accept.title = 'no suggestion to apply';
    }
    row.append(phrase, expected, count, rule, confidence, accept);
    body.append(row);
  });
}

const SUMMARY_ROWS = 10;

function setMoreLabel(open) {
  const more = $('phrases-more');
  more.setAttribute('aria-expanded', String(open));
  more.textContent = open ? `Show the first ${SUMMARY_ROWS} only` : `Show all ${plural(current.groups.length, 'phrase')}`;
}

$('phrases-more').addEventListener('click', () => {
  const open = !$('phrases-table').classList.toggle('u-capped');
  setMoreLabel(open);
});

function cell(text, className) {
  const td = document.createElement('td');
  if (className) td.className = className;
  td.textContent = text;
  return td;
}

$('phrases').addEventListener('change', (event) => {
  const input = event.target;
  if (input.matches('input.u-filter')) applyFilters();
  else if (input.matches('input.u-accept-g')) {
    for (const index of current.groups[Number(input.dataset.g)].members) decide(index, input.checked);
    afterDecisions();
  }
});

function applyFilters() {
  const on = (kind) => new Set([...document.querySelectorAll(`#phrases input.u-filter[data-kind="${kind}"]:checked`)].map((i) => i.value));
  const rules = on('rule');
  const bands = on('band');
  const keep = (el) => rules.has(el.dataset.rule) && bands.has(el.dataset.band);
  for (const row of $('phrases-body').rows) row.hidden = !keep(row);
  for (const mark of doc.querySelectorAll('mark.u-find')) mark.classList.toggle('u-dim', !keep(mark));
}

// ---------------------------------------------------------------- accept or ignore

/** Accept (true) or ignore (false) finding `index`: its mark, its change in the restored text, and the copy's struck words follow. */
function decide(index, accepted) {
  if (accepted) current.ignored.delete(index);
  else current.ignored.add(index);
  doc.querySelector(`mark.u-find[data-index="${index}"]`)?.classList.toggle('u-ignored', !accepted);
  for (const ins of document.querySelectorAll(`#restored ins.u-fix[data-index="${index}"]`)) {
    ins.textContent = accepted ? ins.dataset.now : ins.dataset.was;
    ins.classList.toggle('u-kept', !accepted);
  }
  for (const del of document.querySelectorAll(`#copy del.u-cut[data-index="${index}"]`)) del.classList.toggle('u-kept', !accepted);
}

/** Summary switches show all, some (indeterminate) or none of their phrase's occurrences accepted. */
function afterDecisions() {
  for (const input of document.querySelectorAll('#phrases input.u-accept-g')) {
    const members = current.groups[Number(input.dataset.g)].members.filter((i) => current.edits.has(i));
    const accepted = members.filter((i) => !current.ignored.has(i)).length;
    input.checked = accepted === members.length;
    input.indeterminate = accepted > 0 && accepted < members.length;
  }
  const ignored = [...current.ignored].filter((i) => current.edits.has(i)).length;
  const total = current.edits.size;
  statusLine.textContent = ignored === 0 ? `All ${plural(total, 'suggestion')} applied.` : `${total - ignored} of ${plural(total, 'suggestion')} applied, ${ignored} ignored.`;
  if (!$('card').hidden) fillCard(current.cardFor);
}

/** The restored text as the reader decided: each accepted finding's change applied, the ignored ones left as written. */
function restoredNow() {
  if (!current.editList) return current.result.restored;
  const out = [];
  let at = 0;
  for (const edit of current.editList) {
    out.push(current.text.slice(at, edit.start), current.ignored.has(edit.finding) ? current.text.slice(edit.start, edit.end) : edit.text);
    at = edit.end;
  }
  out.push(current.text.slice(at));
  return out.join('');
}

// ---------------------------------------------------------------- the texts

/** The text with each finding in a <mark> coloured by rule and confidence; one tab stop, arrows move between marks (a roving tabindex). */
function renderMarked(container, text, findings) {
  const fragment = document.createDocumentFragment();
  const order = findings.map((finding, index) => ({ finding, index })).sort((a, b) => a.finding.start - b.finding.start || b.finding.end - a.finding.end);
  let at = 0;
  let first = true;
  for (const { finding, index } of order) {
    if (finding.start < at || finding.end > text.length || finding.start >= finding.end) continue;
    fragment.append(text.slice(at, finding.start));
    const mark = document.createElement('mark');
    const band = bandOf(finding.confidence);
    mark.className = `u-find ${ruleClass(finding.rule)} u-c-${band}`;
    mark.dataset.index = String(index);
    mark.dataset.rule = finding.rule;
    mark.dataset.band = band;
    mark.tabIndex = first ? 0 : -1;
    mark.textContent = text.slice(finding.start, finding.end);
    fragment.append(mark);
    at = finding.end;
    first = false;
  }
  fragment.append(text.slice(at));
  container.replaceChildren(fragment);
}

/**
 * The restored text beside the copy. With the server's per-finding edits each
 * change knows its finding (so ignoring one puts the copy's words back);
 * without them (an older server) the word diff is shown as it is.
 */
function renderRestored() {
  const copy = document.createDocumentFragment();
  const clean = document.createDocumentFragment();
  const { text, diff } = current;
  if (current.editList) {
    let at = 0;
    for (const edit of current.editList) {
      copy.append(text.slice(at, edit.start));
      clean.append(text.slice(at, edit.start));
      const was = text.slice(edit.start, edit.end);
      const del = document.createElement('del');
      del.className = 'u-cut';
      del.dataset.index = String(edit.finding);
      del.textContent = was;
      const ins = document.createElement('ins');
      ins.className = 'u-fix';
      ins.dataset.index = String(edit.finding);
      ins.dataset.now = edit.text;
      ins.dataset.was = was;
      ins.title = `was: ${squash(was)}`;
      ins.textContent = edit.text;
      copy.append(del);
      clean.append(ins);
      at = edit.end;
    }
    copy.append(text.slice(at));
    clean.append(text.slice(at));
  } else if (Array.isArray(diff)) {
    for (const part of diff) {
      if (part.kind === 'same') {
        copy.append(part.text);
        clean.append(part.text);
      } else {
        const element = document.createElement(part.kind === 'removed' ? 'del' : 'ins');
        element.className = part.kind === 'removed' ? 'u-cut' : 'u-fix';
        element.textContent = part.text;
        (part.kind === 'removed' ? copy : clean).append(element);
      }
    }
  } else {
    copy.append(text);
    clean.append(current.result.restored);
  }
  $('copy').replaceChildren(copy);
  $('restored').replaceChildren(clean);
}

function setView(name) {
  const marked = name === 'marked';
  $('marked-view').hidden = !marked;
  $('restored-view').hidden = marked;
  $('view-marked').setAttribute('aria-pressed', String(marked));
  $('view-restored').setAttribute('aria-pressed', String(!marked));
  hideTip();
  closeCard();
}

$('view-marked').addEventListener('click', () => setView('marked'));
$('view-restored').addEventListener('click', () => setView('restored'));

// ---------------------------------------------------------------- suggestions

function findingOf(mark) {
  return current?.result.findings[Number(mark.dataset.index)];
}

function line(className, ...parts) {
  const p = document.createElement('p');
  p.className = className;
  p.append(...parts);
  return p;
}

/** What a finding's tip and card say: the phrase → its likely original, the alternatives, rule and confidence, whether it is ignored. */
function describe(mark) {
  const finding = findingOf(mark);
  const [best, ...others] = finding.expected;
  const actual = document.createElement('span');
  actual.className = 'tip-actual';
  actual.textContent = finding.actual;
  const content = [];
  if (best !== undefined) {
    const suggestion = document.createElement('strong');
    suggestion.className = 'tip-expected';
    suggestion.textContent = best;
    content.push(line('tip-pair', actual, ' → ', suggestion));
    if (others.length > 0) content.push(line('tip-more', `Also: ${others.join(', ')}`));
  } else {
    content.push(line('tip-pair', actual, ': unusual here, no suggestion'));
  }
  const source = finding.source ? `${finding.rule}, ${finding.source}` : finding.rule;
  content.push(line('tip-meta', `Confidence ${percent(finding.confidence)} · ${source}`));
  if (current.ignored.has(Number(mark.dataset.index))) content.push(line('tip-meta', 'Ignored: the restored text keeps the copy’s words.'));
  return content;
}

/** Below the phrase, kept inside the viewport's width (phones included). */
function place(element, mark) {
  const box = mark.getBoundingClientRect();
  const width = element.offsetWidth;
  const left = Math.max(8, Math.min(box.left, document.documentElement.clientWidth - width - 8));
  element.style.left = `${left + window.scrollX}px`;
  element.style.top = `${box.bottom + window.scrollY + 6}px`;
}

function showTip(mark) {
  if (!findingOf(mark) || current.cardFor === mark) return;
  tip.replaceChildren(...describe(mark));
  tip.hidden = false;
  // Screen readers hear the suggestion as the focused phrase's description.
  mark.setAttribute('aria-describedby', 'tip');
  place(tip, mark);
}

function hideTip() {
  tip.hidden = true;
  for (const mark of document.querySelectorAll('mark[aria-describedby="tip"]')) mark.removeAttribute('aria-describedby');
}

// A click or tap on a phrase opens a card with the suggestion and a button to accept or ignore it.
function fillCard(mark) {
  const index = Number(mark.dataset.index);
  $('card-body').replaceChildren(...describe(mark));
  const toggle = $('card-toggle');
  const applicable = current.edits.has(index);
  toggle.hidden = !applicable;
  toggle.textContent = current.ignored.has(index) ? 'Accept the suggestion' : 'Ignore: keep the copy’s words';
}

function openCard(mark) {
  if (!findingOf(mark)) return;
  hideTip();
  current.cardFor = mark;
  fillCard(mark);
  $('card').hidden = false;
  place($('card'), mark);
}

function closeCard() {
  if (current) current.cardFor = null;
  $('card').hidden = true;
}

function toggleFinding(mark) {
  const index = Number(mark.dataset.index);
  if (!current.edits.has(index)) return;
  decide(index, current.ignored.has(index));
  afterDecisions();
}

$('card-toggle').addEventListener('click', () => {
  const mark = current?.cardFor;
  if (!mark) return;
  toggleFinding(mark);
  mark.focus();
  openCard(mark);
});

doc.addEventListener('click', (event) => {
  const mark = event.target.closest?.('mark.u-find');
  if (mark) openCard(mark);
});
document.addEventListener('click', (event) => {
  if ($('card').hidden) return;
  if (!$('card').contains(event.target) && !event.target.closest?.('#doc mark.u-find')) closeCard();
});
doc.addEventListener('mouseover', (event) => {
  const mark = event.target.closest?.('mark.u-find');
  if (mark) showTip(mark);
});
doc.addEventListener('mouseout', (event) => {
  const mark = event.target.closest?.('mark.u-find');
  if (mark && mark !== document.activeElement && !mark.contains(event.relatedTarget)) hideTip();
});
doc.addEventListener('focusin', (event) => {
  const mark = event.target.closest?.('mark.u-find');
  if (!mark) return;
  // The focused mark becomes the single tab stop, so Tab leaves the text and Shift+Tab comes back here.
  for (const other of doc.querySelectorAll('mark.u-find[tabindex="0"]')) if (other !== mark) other.tabIndex = -1;
  mark.tabIndex = 0;
  showTip(mark);
});
doc.addEventListener('focusout', (event) => {
  if (!doc.contains(event.relatedTarget)) hideTip();
});
doc.addEventListener('keydown', (event) => {
  const mark = event.target.closest?.('mark.u-find');
  if (!mark) return;
  // Filtered-out phrases are skipped by the arrows.
  const marks = [...doc.querySelectorAll('mark.u-find')].filter((m) => m === mark || !m.classList.contains('u-dim'));
  const at = marks.indexOf(mark);
  let next = null;
  if (event.key === 'ArrowRight' || event.key === 'ArrowDown') next = marks[at + 1];
  else if (event.key === 'ArrowLeft' || event.key === 'ArrowUp') next = marks[at - 1];
  else if (event.key === 'Home') next = marks[0];
  else if (event.key === 'End') next = marks[marks.length - 1];
  else if (event.key === 'Enter' || event.key === ' ') {
    // Enter accepts or ignores the focused phrase; its tip says which.
    event.preventDefault();
    toggleFinding(mark);
    hideTip();
    showTip(mark);
    return;
  } else if (event.key === 'Escape') {
    hideTip();
    closeCard();
    return;
  } else return;
  event.preventDefault();
  closeCard();
  next?.focus();
});
document.addEventListener('keydown', (event) => {
  if (event.key === 'Escape' && !$('card').hidden) {
    const mark = current?.cardFor;
    closeCard();
    mark?.focus();
  }
});
window.addEventListener('resize', () => {
  hideTip();
  closeCard();
});

// ---------------------------------------------------------------- sources

async function traceCurrent(signal) {
  statusLine.textContent += ' Looking for the source…';
  let answer;
  try {
    answer = await postJson('/api/trace', JSON.stringify({ text: current.text }), 'application/json', signal);
  } catch (error) {
    if (error.name === 'AbortError') throw error;
    showError(`Could not look for the source: ${error.message}`);
    return;
  }
  current.sources = answer.matches ?? [];
  renderSources(current.sources);
  const n = current.sources.length;
  statusLine.textContent = statusLine.textContent.replace(' Looking for the source…', n === 0 ? ' No source found.' : ` ${n} ${n === 1 ? 'source' : 'sources'} found.`);
}

function renderSources(matches) {
  const list = $('matches');
  list.replaceChildren();
  $('sources-none').hidden = matches.length > 0;
  matches.forEach((match, k) => {
    const item = document.createElement('li');
    item.className = 't-match';
    const title = document.createElement('h4');
    title.textContent = match.title || match.id;
    item.append(title);
    const passages = match.passages ?? [];
    const substitutions = passages.reduce((sum, p) => sum + (p.substitutions?.length ?? 0), 0);
    item.append(line('meta u-counts', `Score ${match.score.toFixed(2)} · ${percent(match.coverage)} of this text aligned · ${plural(passages.length, 'passage')} · ${plural(substitutions, 'substitution')} · id ${match.id}`));
    if (match.url) {
      // Only web addresses become links: a javascript: or data: URL stays text.
      if (/^https?:\/\//i.test(match.url)) {
        const link = document.createElement('a');
        link.href = match.url;
        link.rel = 'noopener noreferrer external';
        link.textContent = match.url;
        item.append(line('url u-counts', link));
      } else {
        item.append(line('url u-counts', match.url));
      }
    }
    if (passages.length > 0) {
      // The best source's passages are open; the others one click away.
      const details = document.createElement('details');
      details.open = k === 0;
      const summary = document.createElement('summary');
      summary.textContent = `${plural(passages.length, 'aligned passage')}, side by side`;
      details.append(summary);
      for (const passage of passages.slice(0, 50)) details.append(renderPassage(passage));
      item.append(details);
    }
    list.append(item);
  });
  $('sources').hidden = false;
}

/** `text` with ranges [start, end) wrapped in elements made by `make`; ranges sorted, overlaps skipped. */
function wrapRanges(text, ranges, make) {
  const fragment = document.createDocumentFragment();
  let at = 0;
  for (const range of ranges) {
    if (range.start < at || range.end > text.length || range.start >= range.end) continue;
    fragment.append(text.slice(at, range.start));
    const element = make(range);
    element.textContent = text.slice(range.start, range.end);
    fragment.append(element);
    at = range.end;
  }
  fragment.append(text.slice(at));
  return fragment;
}

/** A copy passage beside its source passage, as `trace --format html` shows them: substituted words marked on both sides. */
function renderPassage(passage) {
  const pair = document.createElement('div');
  pair.className = 't-pair passage';
  const [qs, qe] = passage.query;
  const [ss, se] = passage.source;
  const subs = (passage.substitutions ?? []).filter((x) => x.query[0] >= qs && x.query[1] <= qe);
  const copyText = document.createElement('div');
  copyText.className = 'u-text quote';
  copyText.append(wrapRanges(current.text.slice(qs, qe), subs.map((x) => ({ start: x.query[0] - qs, end: x.query[1] - qs, x })), ({ x }) => {
    const mark = document.createElement('mark');
    mark.className = 't-sub';
    mark.title = `source has: ${x.expected || '(nothing)'}`;
    return mark;
  }));
  const sourceText = document.createElement('div');
  sourceText.className = 'u-text quote';
  if (typeof passage.sourceText === 'string') {
    const ranges = subs.filter((x) => x.source[1] > x.source[0]).map((x) => ({ start: x.source[0] - ss, end: x.source[1] - ss, x })).sort((a, b) => a.start - b.start);
    sourceText.append(wrapRanges(passage.sourceText, ranges, ({ x }) => {
      const span = document.createElement('span');
      span.className = 't-orig';
      span.title = `copy has: ${x.actual || '(nothing)'}`;
      return span;
    }));
  } else {
    sourceText.textContent = `characters ${ss}–${se} of the source`;
  }
  const side = (label, body) => {
    const div = document.createElement('div');
    div.className = 't-side';
    div.append(line('t-label label', label), body);
    return div;
  };
  pair.append(side('Copy', copyText), side('Source', sourceText));
  return pair;
}

// ---------------------------------------------------------------- downloads

function download(blob, filename) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

$('download-json').addEventListener('click', () => {
  if (!current) return;
  download(new Blob([`${JSON.stringify(current.result, null, 2)}\n`], { type: 'application/json' }), 'unspin-result.json');
});

function restoredName() {
  const input = current.result.input;
  const base = input.split(/[\\/]/).pop().replace(/\.[A-Za-z0-9]{1,5}$/, '').replace(/[^\p{L}\p{N}._-]+/gu, '-').replace(/^[-.]+|[-.]+$/g, '').slice(0, 80);
  return `${base && base !== 'text' ? base : 'article'}.restored.txt`;
}

$('download-restored').addEventListener('click', () => {
  if (!current) return;
  download(new Blob([restoredNow()], { type: 'text/plain;charset=utf-8' }), restoredName());
  statusLine.textContent = 'Restored text downloaded.';
});

$('copy-restored').addEventListener('click', async () => {
  if (!current) return;
  const text = restoredNow();
  try {
    await navigator.clipboard.writeText(text);
    statusLine.textContent = 'Restored text copied.';
  } catch {
    // No clipboard access (an http page on another host, or permission refused): select it for the user to copy.
    setView('restored');
    const range = document.createRange();
    range.selectNodeContents($('restored'));
    getSelection().removeAllRanges();
    getSelection().addRange(range);
    statusLine.textContent = document.execCommand('copy') ? 'Restored text copied.' : 'The restored text is selected: copy it with your keyboard.';
  }
});

$('download-html').addEventListener('click', async () => {
  if (!current) return;
  showError(null);
  try {
    const response = await fetch('/api/report', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      // The matched sources go into the report too, as the page shows them.
      body: JSON.stringify({ result: current.result, text: current.text, ...(current.sources ? { sources: current.sources } : {}) }),
    });
    if (!response.ok) {
      const answer = await response.json().catch(() => null);
      throw new Error(answer?.error?.message ?? `the server answered ${response.status}`);
    }
    download(await response.blob(), 'unspin-report.html');
    statusLine.textContent = 'HTML report downloaded.';
  } catch (error) {
    showError(`Could not make the HTML report: ${error.message}`);
  }
});

// ---------------------------------------------------------------- start

showPanel();
fetch('/api/health')
  .then((response) => (response.ok ? response.json() : null))
  .then((health) => { canTrace = Boolean(health?.index); })
  .catch(() => {});
