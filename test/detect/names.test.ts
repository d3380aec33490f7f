import { describe, expect, it } from 'vitest';
import { createChecker } from '../../src/index.js';
import { isNamePart } from '../../src/detect/consistency.js';
import { tokenize } from '../../src/text/tokenize.js';

// A farm's page: strong artefacts open the gate for weak entries ("navy" → "military", "mentioned" → "said").
const FARM =
  'The Chilly Warfare-era navy ties between the 2 international locations had grow to be stronger, the protection minister mentioned. ' +
  'Beijing has denied sending weapons, however Western officers mentioned the satellite tv for pc agency had shared photos.\n\n';

const checker = createChecker({ model: false });
const findings = (text: string) => checker.check(text).findings.map((f) => `${f.actual} → ${f.expected[0]}`);

describe('weak entries inside names and set phrases', () => {
  it('flags the farm’s ordinary-word substitutions on the page (the rule is not a blanket exemption)', () => {
    const found = findings(FARM);
    expect(found).toContain('navy → military');
    expect(found).toContain('mentioned → said');
  });

  it('leaves a capitalised name alone: "the U.S. Navy", "the Royal Navy"', () => {
    const page = `${FARM}The U.S. Navy mentioned on Tuesday that two destroyers had sailed through the strait. ` +
      'A Royal Navy frigate shadowed them, according to British officials.';
    const found = findings(page);
    expect(found.filter((f) => f.startsWith('Navy'))).toEqual([]);
    // The ordinary word in the same sentence is still the farm's.
    expect(found.filter((f) => f === 'mentioned → said').length).toBe(3);
    expect(checker.check(page).restored).toContain('The U.S. Navy said on Tuesday');
  });

  it('leaves a set phrase alone: "navy blue"', () => {
    const page = `${FARM}The minister, in a navy blue suit, arrived late.`;
    expect(findings(page).filter((f) => f.startsWith('navy'))).toEqual(['navy → military']);
    expect(checker.check(page).restored).toContain('in a navy blue suit');
  });

  it('tells a name’s capital from a sentence’s', () => {
    const text = 'Navy ships left. The U.S. Navy said so. “Navy blue,” she said. Officials said: Navy wins. Gen. Navy';
    const tokens = tokenize(text);
    const at = (n: number) => {
      let seen = 0;
      for (let i = 0; i < tokens.count; i++) if (text.slice(tokens.starts[i], tokens.ends[i]) === 'Navy' && seen++ === n) return i;
      throw new Error('not found');
    };
    expect([0, 1, 2, 3, 4].map((n) => isNamePart(tokens, at(n)))).toEqual([false, true, false, false, true]);
  });
});
