import { describe, expect, it } from 'vitest';
import { formatSarif } from '../../src/report/index.js';
import { findingAt, item, seedItem, seedText } from './fixtures.js';

interface Region { startLine: number; startColumn: number; endLine: number; endColumn: number; charOffset: number; charLength: number }

/** Independent 1-based line and UTF-16 column of an offset (lines end at \n, \r\n or \r). */
function position(text: string, offset: number): { line: number; column: number } {
  const lines = text.slice(0, offset).split(/\r\n|\r|\n/);
  return { line: lines.length, column: lines[lines.length - 1]!.length + 1 };
}

describe('formatSarif', () => {
  const seed = seedItem();
  const log = JSON.parse(formatSarif([seed, item('clean.txt', 'Nothing here.', [], { spun: false, score: 0 })], { version: '0.1.0' }));
  const run = log.runs[0];

  it('is a SARIF 2.1.0 log with one run of the unspin tool and a rule for each rule id that occurs', () => {
    expect(log.$schema).toMatch(/sarif-2\.1\.0/);
    expect(log.version).toBe('2.1.0');
    expect(log.runs).toHaveLength(1);
    expect(run.tool.driver.name).toBe('unspin');
    expect(run.tool.driver.version).toBe('0.1.0');
    expect(run.tool.driver.rules.map((rule: { id: string }) => rule.id)).toEqual(['lexicon', 'model', 'spintax']);
    expect(run.columnKind).toBe('utf16CodeUnits');
    expect(run.artifacts.map((artifact: { location: { uri: string } }) => artifact.location.uri)).toEqual(['examples/spun-news-article.txt', 'clean.txt']);
  });

  it('has one warning per finding with message, location, region and fix', () => {
    expect(run.results).toHaveLength(seed.result.findings.length);
    const sorted = [...seed.result.findings].sort((x, y) => x.start - y.start);
    run.results.forEach((result: Record<string, any>, i: number) => {
      const finding = sorted[i]!;
      expect(result.ruleId).toBe(finding.rule);
      expect(run.tool.driver.rules[result.ruleIndex].id).toBe(finding.rule);
      expect(result.level).toBe('warning');
      expect(result.message.text).toBe(`'${finding.actual}' looks spun; likely original: '${finding.expected[0]}'`);
      const location = result.locations[0].physicalLocation;
      expect(location.artifactLocation).toEqual({ uri: 'examples/spun-news-article.txt', index: 0 });
      const region = location.region as Region;
      expect(region.charOffset).toBe(finding.start);
      expect(region.charLength).toBe(finding.end - finding.start);
      const start = position(seedText, finding.start);
      const end = position(seedText, finding.end);
      expect([region.startLine, region.startColumn, region.endLine, region.endColumn]).toEqual([start.line, start.column, end.line, end.column]);
      const replacement = result.fixes[0].artifactChanges[0].replacements[0];
      expect(replacement.deletedRegion.charOffset).toBe(finding.start);
      expect(seed.result.restored).toContain(replacement.insertedContent.text);
    });
    const minister = run.results.find((result: Record<string, any>) => result.locations[0].physicalLocation.region.snippet.text === 'Protection');
    expect(minister.fixes[0].artifactChanges[0].replacements[0].insertedContent.text).toBe('Defense');
  });

  it('embeds the analysed text when it is not the file (HTML), so that regions point into it', () => {
    const text = 'Title\n\nThe navy ties held.';
    const html = item('https://example.com/a b?x=1', text, [findingAt(text, 'navy ties', ['military ties'])], { spun: true, score: 0.7 }, true);
    const sarif = JSON.parse(formatSarif([html]));
    expect(sarif.runs[0].artifacts[0].contents.text).toBe(text);
    expect(sarif.runs[0].artifacts[0].location.uri).toBe('https://example.com/a%20b?x=1');
    const region = sarif.runs[0].results[0].locations[0].physicalLocation.region;
    expect(text.substr(region.charOffset, region.charLength)).toBe('navy ties');
    expect([region.startLine, region.startColumn]).toEqual([3, 5]);
  });

  it('writes paths as URI references', () => {
    const uris = ['my file.txt', '/tmp/a#b.txt', 'C:\\docs\\x.txt'].map((input) =>
      JSON.parse(formatSarif([item(input, 'x', [], { spun: false, score: 0 })])).runs[0].artifacts[0].location.uri);
    expect(uris).toEqual(['my%20file.txt', 'file:///tmp/a%23b.txt', 'file:///C:/docs/x.txt']);
  });
});
