/**
 * The Node version the README states (package.json `engines`) is the one every
 * installed package accepts, so that `npm ci` on a supported Node prints no
 * EBADENGINE warning (issue 12 item 5: cookie@2 wanted Node 22 through
 * fastify → light-my-request; package.json `overrides` pins a release that runs on 20).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import semver from 'semver';
import { describe, expect, it } from 'vitest';
import { REPO } from '../helpers/shared.js';

const manifest = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8'));
const lock = JSON.parse(readFileSync(join(REPO, 'package-lock.json'), 'utf8'));
const required: string = manifest.engines.node;

/** Every package of the lock file that states a Node range (optional platform binaries included). */
const stated = Object.entries(lock.packages as Record<string, { version?: string; engines?: { node?: string } | string[] }>)
  .filter(([path, entry]) => path !== '' && entry.engines && !Array.isArray(entry.engines) && entry.engines.node)
  .map(([path, entry]) => ({ path, version: entry.version, node: (entry.engines as { node: string }).node }));

describe('the Node version unspin needs', () => {
  it('is what the README says', () => {
    const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
    const least = semver.minVersion(required)!;
    expect(readme).toContain(`Node.js ≥ ${least.major}.${least.minor}`);
  });

  it('is accepted by every installed package, at its lowest version', () => {
    const least = semver.minVersion(required)!.version;
    const refused = stated.filter((p) => !semver.satisfies(least, p.node)).map((p) => `${p.path}@${p.version} wants node ${p.node}`);
    expect(refused).toEqual([]);
  });

  it('is the Node running the tests, so that npm ci here warns about no engine', () => {
    expect(semver.satisfies(process.version, required)).toBe(true);
    const refused = stated.filter((p) => !semver.satisfies(process.version, p.node)).map((p) => `${p.path}@${p.version} wants node ${p.node}`);
    expect(refused).toEqual([]);
  });
});
