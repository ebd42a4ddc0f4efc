// Unit and integration tests are told apart by name: a file that imports a peer helper
// (test/peers/plan.mjs PEER_HELPERS, also through another helper) is `*.int.test.ts`, every
// other test file `*.test.ts` (test/README.md, "How to add a test"). plan.mjs checks it on
// every run; this test checks the whole test/ folder, and that the check catches both faults.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { REPO } from '../helpers/run-cli';

function plan(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, ['test/peers/plan.mjs', ...args], {
    cwd: REPO,
    encoding: 'utf8',
    timeout: 60_000,
  });
}

describe('test file names: *.int.test.ts exactly for the files that need a peer', () => {
  it('every test file under test/ is named for what it imports', () => {
    const r = plan('--mode=check', 'test');
    assert.equal(r.status, 0, `${r.stdout}${r.stderr}`);
    const counts = /^CHECKED (\d+) unit, (\d+) integration test files$/m.exec(r.stdout);
    assert.ok(counts, r.stdout);
    assert.ok(Number(counts[1]) > 0 && Number(counts[2]) > 0, r.stdout);
    assert.doesNotMatch(r.stdout, /MISNAMED/);
  });

  it('catches both faults: a peer import without the suffix, the suffix without one', () => {
    const r = plan('--mode=check', 'test/fixtures/misnamed');
    assert.equal(r.status, 1, `${r.stdout}${r.stderr}`);
    const misnamed = r.stdout.split('\n').filter((l) => l.startsWith('MISNAMED '));
    assert.equal(misnamed.length, 2, r.stdout);
    assert.match(
      r.stdout,
      /imports-broker\.test\.ts: imports test\/helpers\/broker-env\.ts \(peer group broker\): rename it to \S+imports-broker\.int\.test\.ts/,
    );
    // `import type` from a peer helper needs no peer
    assert.match(
      r.stdout,
      /peerless\.int\.test\.ts: imports no peer helper .*rename it to \S+peerless\.test\.ts/,
    );
  });

  it('npm test and npm run test:unit stop on a misnamed file instead of running it', () => {
    for (const mode of ['--mode=unit', '--mode=all']) {
      const r = plan(mode, 'test/fixtures/misnamed/imports-broker.test.ts');
      assert.equal(r.status, 1, `${mode}: ${r.stdout}${r.stderr}`);
      assert.equal(r.stdout, '', `${mode}: nothing planned`);
      assert.match(r.stderr, /name disagrees with its imports[\s\S]*imports-broker\.int\.test\.ts/);
    }
  });
});
