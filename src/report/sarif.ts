/**
 * SARIF 2.1.0 (https://docs.oasis-open.org/sarif/sarif/v2.1.0/): one run of
 * the `unspin` tool, a result per finding with its region and a fix that
 * writes the likely original.
 *
 * Regions index the analysed text. The run declares `columnKind:
 * utf16CodeUnits`, so `charOffset`/`charLength` are exactly the contract's
 * JavaScript offsets and columns count the same units (the text report counts
 * code points instead). For an HTML page or a URL the analysed text is the
 * extracted article, not the file: it is then embedded as the artifact's
 * `contents`, which is what the regions refer to.
 */
import { matchCase } from '../restore/index.js';
import type { Finding } from '../types.js';
import { oneLine } from './display.js';
import type { ReportItem } from './index.js';
import { createLocator, type Locator } from './position.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

export interface SarifOptions {
  /** The tool version to record (e.g. the CLI's). */
  version?: string;
}

/** What each detector looks for, for the rule descriptions. */
const RULE_HELP: Record<string, { name: string; description: string }> = {
  lexicon: { name: 'KnownTorturedPhrase', description: 'A phrase that a spinning tool is known to produce in place of ordinary wording (from a lexicon of tortured phrases).' },
  model: { name: 'ImprobableSubstitution', description: 'A word that is improbable in its context while a synonym is probable there: the statistical signature of a synonym substitution.' },
  spintax: { name: 'StraySpintax', description: 'Leftover spinner syntax, such as {braces} around a word.' },
};

export function formatSarif(items: readonly ReportItem[], options: SarifOptions = {}): string {
  const ruleIds = [...new Set(items.flatMap((item) => item.result.findings.map((finding) => finding.rule)))].sort();
  const rules = ruleIds.map((id) => {
    const help = RULE_HELP[id];
    const description = help?.description ?? `Findings of the '${id}' detector.`;
    return {
      id,
      name: help?.name ?? id,
      shortDescription: { text: `Spun wording (${id})` },
      fullDescription: { text: description },
      defaultConfiguration: { level: 'warning' },
      help: { text: `${description} Review the phrase in context; the fix restores the likely original wording.` },
    };
  });

  const artifacts = items.map((item) => {
    const artifact: Record<string, unknown> = { location: { uri: toUri(item.result.input) } };
    if (item.result.text !== undefined) {
      artifact.contents = { text: item.text };
      artifact.description = { text: 'Regions refer to the extracted article text in contents, not to the file.' };
    }
    return artifact;
  });

  const results = items.flatMap((item, index) => {
    const locate = createLocator(item.text);
    const location = { uri: toUri(item.result.input), index };
    return [...item.result.findings]
      .sort((x, y) => x.start - y.start || x.end - y.end)
      .map((finding) => toResult(finding, item.text, locate, location, ruleIds.indexOf(finding.rule)));
  });

  const driver: Record<string, unknown> = { name: 'unspin' };
  if (options.version) driver.version = options.version;
  driver.rules = rules;

  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [{ tool: { driver }, columnKind: 'utf16CodeUnits', artifacts, results }],
  };
  return JSON.stringify(log, null, 2);
}

function toResult(finding: Finding, text: string, locate: Locator, artifactLocation: { uri: string; index: number }, ruleIndex: number) {
  const region = regionOf(finding.start, finding.end, locate);
  const actual = text.slice(finding.start, finding.end);
  const best = finding.expected[0];
  const message = best !== undefined
    ? `'${oneLine(actual)}' looks spun; likely original: '${oneLine(best)}'`
    : `'${oneLine(actual)}' looks spun`;
  const result: Record<string, unknown> = {
    ruleId: finding.rule,
    ruleIndex,
    level: 'warning',
    message: { text: message },
    locations: [{ physicalLocation: { artifactLocation, region: { ...region, snippet: { text: actual } } } }],
  };
  if (best !== undefined) {
    result.fixes = [{
      description: { text: `Replace with '${oneLine(best)}'` },
      artifactChanges: [{
        artifactLocation,
        replacements: [{ deletedRegion: region, insertedContent: { text: matchCase(actual, best) } }],
      }],
    }];
  }
  result.properties = {
    confidence: finding.confidence,
    expected: [...finding.expected],
    ...(finding.source !== undefined ? { source: finding.source } : {}),
  };
  return result;
}

function regionOf(start: number, end: number, locate: Locator) {
  const from = locate(start);
  const to = locate(end);
  return {
    startLine: from.line,
    startColumn: from.utf16Column,
    endLine: to.line,
    endColumn: to.utf16Column,
    charOffset: start,
    charLength: end - start,
  };
}

/**
 * The input as a URI reference: URLs stay as they are, paths become relative
 * or file: URIs with their special characters percent-encoded.
 */
export function toUri(input: string): string {
  if (/^https?:\/\//i.test(input)) {
    try {
      return new URL(input).href;
    } catch {
      return encodeURI(input);
    }
  }
  const path = input.replace(/\\/g, '/');
  const encoded = path.split('/').map((segment) => encodeURIComponent(segment)).join('/');
  if (/^[A-Za-z]:\//.test(path)) return `file:///${encoded.replace(/^([A-Za-z])%3A/, '$1:')}`;
  return path.startsWith('/') ? `file://${encoded}` : encoded;
}
