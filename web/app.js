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
  // Read here and sent as the body itself: an HTML page as text/html, anything
  // else as text/plain (the server tells text from HTML by the content).
  const isHtml = file.type === 'text/html' || /\.html?$/i.test(file.name);
  const query = new URLSearchParams({ name: file.name, diff: 'true' });
  return { path: `/api/check?${query}`, body: await file.text(), type: `${isHtml ? 'text/html' : 'text/plain'}; charset=utf-8` };
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
    const { diff, ...result } = answer;
    // `text` is left out only when it is exactly what was sent.
    const text = result.text ?? request.sent;
    current = { result, text, diff };
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

  const evidence = evidenceLine(result.verdict);
  $('evidence').hidden = evidence === '';
  $('evidence').textContent = evidence;

  renderMarked(doc, text, result.findings);
  renderDiff(current.diff, text, result.restored);
  $('sources').hidden = true;
  report.hidden = false;
  setView('marked');
  statusLine.textContent = `${spun ? 'Judged spun' : 'Not judged spun'}: score ${score.toFixed(2)}, ${count} ${count === 1 ? 'phrase' : 'phrases'} marked.`;
}

/** What the verdict rests on, as the text report prints it: "evidence: lexicon 0.62 (protection chief, …), model 0.10 (…)". */
function evidenceLine(verdict) {
  const parts = (verdict.evidence ?? []).map((e) => {
    const shown = e.words.slice(0, 3);
    const more = e.findings > shown.length && shown.length > 0 ? ', …' : '';
    return shown.length > 0 ? `${e.signal} ${e.weight.toFixed(2)} (${shown.join(', ')}${more})` : `${e.signal} ${e.weight.toFixed(2)}`;
  });
  const sections = verdict.sections && verdict.sections.count > 1 ? `; ${verdict.sections.spun} of ${verdict.sections.count} sections judged spun` : '';
  return parts.length > 0 ? `evidence: ${parts.join(', ')}${sections}` : '';
}

function words(text) {
  const found = text.match(/[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu);
  return found ? found.length : 0;
}

/** The text with each finding in a <mark>; one tab stop, arrows move between marks (a roving tabindex). */
function renderMarked(container, text, findings) {
  const fragment = document.createDocumentFragment();
  const order = findings.map((finding, index) => ({ finding, index })).sort((a, b) => a.finding.start - b.finding.start);
  let at = 0;
  let first = true;
  for (const { finding, index } of order) {
    if (finding.start < at || finding.end > text.length) continue;
    fragment.append(text.slice(at, finding.start));
    const mark = document.createElement('mark');
    mark.className = 'u-find';
    mark.dataset.index = String(index);
    mark.tabIndex = first ? 0 : -1;
    mark.textContent = text.slice(finding.start, finding.end);
    fragment.append(mark);
    at = finding.end;
    first = false;
  }
  fragment.append(text.slice(at));
  container.replaceChildren(fragment);
}

function renderDiff(diff, text, restored) {
  const copy = document.createDocumentFragment();
  const clean = document.createDocumentFragment();
  if (!Array.isArray(diff)) {
    copy.append(text);
    clean.append(restored);
  } else {
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

function showTip(mark) {
  const finding = findingOf(mark);
  if (!finding) return;
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
  tip.replaceChildren(...content);
  tip.hidden = false;
  // Screen readers hear the suggestion as the focused phrase's description.
  mark.setAttribute('aria-describedby', 'tip');

  // Below the phrase, kept inside the viewport's width (phones included).
  const box = mark.getBoundingClientRect();
  const width = tip.offsetWidth;
  const left = Math.max(8, Math.min(box.left, document.documentElement.clientWidth - width - 8));
  tip.style.left = `${left + window.scrollX}px`;
  tip.style.top = `${box.bottom + window.scrollY + 6}px`;
}

function hideTip() {
  tip.hidden = true;
  for (const mark of document.querySelectorAll('mark[aria-describedby="tip"]')) mark.removeAttribute('aria-describedby');
}

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
  const marks = [...doc.querySelectorAll('mark.u-find')];
  const at = marks.indexOf(mark);
  let next = null;
  if (event.key === 'ArrowRight' || event.key === 'ArrowDown') next = marks[at + 1];
  else if (event.key === 'ArrowLeft' || event.key === 'ArrowUp') next = marks[at - 1];
  else if (event.key === 'Home') next = marks[0];
  else if (event.key === 'End') next = marks[marks.length - 1];
  else if (event.key === 'Escape') {
    hideTip();
    return;
  } else return;
  event.preventDefault();
  next?.focus();
});
window.addEventListener('resize', hideTip);

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
  renderSources(answer.matches ?? []);
  const n = answer.matches?.length ?? 0;
  statusLine.textContent = statusLine.textContent.replace(' Looking for the source…', n === 0 ? ' No source found.' : ` ${n} ${n === 1 ? 'source' : 'sources'} found.`);
}

function renderSources(matches) {
  const list = $('matches');
  list.replaceChildren();
  $('sources-none').hidden = matches.length > 0;
  for (const match of matches) {
    const item = document.createElement('li');
    const title = document.createElement('h4');
    title.textContent = match.title || match.id;
    item.append(title);
    const meta = line('meta', `Score ${match.score.toFixed(2)} · ${percent(match.coverage)} of this text aligned · id ${match.id}`);
    item.append(meta);
    if (match.url) {
      // Only web addresses become links: a javascript: or data: URL stays text.
      if (/^https?:\/\//i.test(match.url)) {
        const link = document.createElement('a');
        link.href = match.url;
        link.rel = 'noopener noreferrer external';
        link.textContent = match.url;
        item.append(line('url', link));
      } else {
        item.append(line('url', match.url));
      }
    }
    const passages = match.passages ?? [];
    if (passages.length > 0) {
      const details = document.createElement('details');
      const summary = document.createElement('summary');
      summary.textContent = `${passages.length} aligned ${passages.length === 1 ? 'passage' : 'passages'}`;
      details.append(summary);
      for (const passage of passages.slice(0, 50)) details.append(renderPassage(passage));
      item.append(details);
    }
    list.append(item);
  }
  $('sources').hidden = false;
}

function renderPassage(passage) {
  const pair = document.createElement('div');
  pair.className = 'passage';
  const [qs, qe] = passage.query;
  const copy = document.createElement('blockquote');
  copy.append(line('label', 'Copy'), line('quote', current.text.slice(qs, qe)));
  const source = document.createElement('blockquote');
  const [ss, se] = passage.source;
  source.append(line('label', 'Source'), line('quote', passage.sourceText ?? `characters ${ss}–${se} of the source`));
  pair.append(copy, source);
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

$('download-html').addEventListener('click', async () => {
  if (!current) return;
  showError(null);
  try {
    const response = await fetch('/api/report', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ result: current.result, text: current.text }),
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
