/**
 * The `unspin` package as another project would load it, by name, from an ES
 * module and from CommonJS (require of an ES module, which Node does from
 * 20.19, the version unspin requires: package.json `exports` gives `import`
 * and `default`).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from '../helpers/shared.js';

// A project of its own, outside the repository, with unspin installed (linked).
const project = mkdtempSync(join(tmpdir(), 'unspin-consumer-'));
symlinkSync(join(REPO, 'node_modules'), join(project, 'node_modules'), 'dir');

const TEXT = 'Tension between the 2 international locations rose over the Chilly Warfare records.';

function runScript(name: string, source: string) {
  const path = join(project, name);
  writeFileSync(path, source);
  const run = spawnSync(process.execPath, [path, TEXT], { cwd: project, encoding: 'utf8', timeout: 60_000 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('unspin as a dependency', () => {
  it('gives the lower-level stages under unspin/dist/, as the README says', () => {
    const run = runScript('stages.mjs', `
      import { tokenize } from 'unspin/dist/text/tokenize.js';
      console.log(tokenize(process.argv[2]).count);
    `);
    expect(run.stderr).toBe('');
    expect(Number(run.stdout)).toBeGreaterThan(10);
  });

  it('loads from an ES module', () => {
    const run = runScript('consumer.mjs', `
      import { check, restore, planReplacements } from 'unspin';
      const result = check(process.argv[2]);
      console.log(JSON.stringify({ actual: result.findings.map((f) => f.actual), restored: restore(process.argv[2]), edits: planReplacements(process.argv[2], result.findings).length }));
    `);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out.actual).toEqual(expect.arrayContaining(['international locations', 'Chilly Warfare']));
    expect(out.restored).toContain('Cold War');
    expect(out.edits).toBeGreaterThanOrEqual(2);
  });

  it('loads from CommonJS with require, with no warning', () => {
    const run = runScript('consumer.cjs', `
      const { check, restore } = require('unspin');
      console.log(JSON.stringify({ actual: check(process.argv[2]).findings.map((f) => f.actual), restored: restore(process.argv[2]) }));
    `);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out.actual).toEqual(expect.arrayContaining(['international locations', 'Chilly Warfare']));
    expect(out.restored).toContain('Cold War');
  });
});
