/**
 * The JSON contract v1, built field by field so that the key order is fixed
 * (input, text?, verdict, findings, restored) and nothing outside the
 * contract leaks into it.
 */
import type { CheckResult, Finding } from '../types.js';

/** Contract v1 object for one result: exactly its fields, in contract order. */
export function toContract(result: CheckResult): CheckResult {
  const out: CheckResult = { input: result.input } as CheckResult;
  if (result.text !== undefined) out.text = result.text;
  out.verdict = {
    spun: result.verdict.spun,
    score: result.verdict.score,
    evidence: (result.verdict.evidence ?? []).map((e) => ({ signal: e.signal, weight: e.weight, findings: e.findings, words: [...e.words] })),
  };
  const sections = result.verdict.sections;
  if (sections !== undefined) {
    out.verdict.sections = { count: sections.count, spun: sections.spun, share: sections.share };
    if (sections.ranges !== undefined) out.verdict.sections.ranges = sections.ranges.map((r) => ({ start: r.start, end: r.end, spun: r.spun, score: r.score }));
  }
  out.findings = result.findings.map(toContractFinding);
  out.restored = result.restored;
  return out;
}

function toContractFinding(finding: Finding): Finding {
  const out: Finding = {
    start: finding.start,
    end: finding.end,
    actual: finding.actual,
    expected: [...finding.expected],
    confidence: finding.confidence,
    rule: finding.rule,
  };
  if (finding.source !== undefined) out.source = finding.source;
  if (finding.restore === false) out.restore = false;
  return out;
}
