// test/peers/plan.mjs sorts test files by the peer helpers they import (test/README.md, "How
// to add a test"). Fixtures in test/fixtures/plan/ import the helpers directly, through a
// helper of their own, as a type only, or name them only in a comment and a string.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { REPO } from '../helpers/run-cli';

const FIXTURES = [
  'test/fixtures/plan/local-helper.int.test.ts',
  'test/fixtures/plan/needs-broker.int.test.ts',
  'test/fixtures/plan/peerless.test.ts',
  'test/fixtures/plan/type-only.test.ts',
  'test/fixtures/plan/via-helper.int.test.ts',
];

function plan(mode: 'all' | 'unit', env: Record<string, string | undefined> = {}): string[] {
  const r = spawnSync(process.execPath, ['test/peers/plan.mjs', `--mode=${mode}`, ...FIXTURES], {
    cwd: REPO,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 60_000,
  });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim().split('\n');
}

const lines = (out: string[], kind: string): string[] =>
  out.filter((l) => l.startsWith(`${kind} `)).map((l) => l.slice(kind.length + 1));

describe('test/peers/plan.mjs', () => {
  it('unit mode: a file needs peers when it imports a peer helper, also through another helper', () => {
    const out = plan('unit');
    assert.deepEqual(lines(out, 'RUN'), [
      'test/fixtures/plan/peerless.test.ts',
      'test/fixtures/plan/type-only.test.ts',
    ]);
    assert.deepEqual(lines(out, 'SKIP'), [
      'test/fixtures/plan/local-helper.int.test.ts',
      'test/fixtures/plan/needs-broker.int.test.ts',
      'test/fixtures/plan/via-helper.int.test.ts',
    ]);
    assert.deepEqual(lines(out, 'INSTALL'), [], 'unit mode never installs');
    assert.ok(!out.includes('START_PEERS'), 'unit mode never starts peers');
    const summary = lines(out, 'SUMMARY').join('\n');
    assert.match(summary, /^3 of 5 test files skipped/);
    // via-helper reaches x2go-env, which imports broker-env: both groups
    assert.match(
      summary,
      /x2goclient, pyhoca-cli and Xvfb: 2 file\(s\): \S+local-helper\.int\.test\.ts \S+via-helper\.int\.test\.ts/,
    );
    assert.match(summary, /x2gobroker .*: 3 file\(s\)/);
    assert.match(summary, /sudo env "PATH=\$PATH" npm test -- test\/fixtures\/plan\//);
  });

  it('all mode: as root install and start the peers; otherwise skip what does not answer', () => {
    const out = plan('all', { BROKER_JSON: '/nonexistent/broker.json' });
    if (process.getuid?.() === 0) {
      assert.deepEqual(lines(out, 'INSTALL')[0]?.split(' ').sort(), ['broker', 'clients']);
      assert.ok(out.includes('START_PEERS'));
      assert.equal(lines(out, 'RUN').length, FIXTURES.length);
      assert.deepEqual(lines(out, 'SUMMARY'), []);
    } else {
      assert.deepEqual(lines(out, 'INSTALL'), []);
      assert.ok(!out.includes('START_PEERS'));
      assert.ok(lines(out, 'SKIP').includes('test/fixtures/plan/needs-broker.int.test.ts'));
      assert.match(
        lines(out, 'SUMMARY')[0] ?? '',
        /BROKER_JSON=\/nonexistent\/broker\.json does not answer/,
      );
    }
  });
});
