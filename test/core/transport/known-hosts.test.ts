// known_hosts parsing and matching, checked against OpenSSH's own tools where they exist:
// ssh-keygen computes the fingerprints (-l), hashes the names (-H) and finds our written
// lines (-F), so "like OpenSSH" is proven by OpenSSH, not by our own reading of the man page.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import {
  addKnownHost,
  checkHostKey,
  fingerprintSha256,
  hostFieldMatches,
  keyTypeOfBlob,
  knownHostsLine,
  knownHostsName,
  knownKeyTypes,
  parseKnownHosts,
} from '../../../src/core/transport/known-hosts';

const dir = mkdtempSync(join(tmpdir(), 'x2gol-kh-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function hasSshKeygen(): boolean {
  return spawnSync('ssh-keygen', ['-?']).error === undefined;
}

/** A fresh public key from ssh-keygen: [type, base64, blob]. */
function newKey(type: 'ed25519' | 'ecdsa' | 'rsa', name: string): [string, string, Buffer] {
  const file = join(dir, name);
  const r = spawnSync('ssh-keygen', ['-q', '-t', type, '-N', '', '-C', name, '-f', file]);
  assert.equal(r.status, 0, String(r.stderr));
  const [t, b64] = readFileSync(`${file}.pub`, 'utf8').trim().split(' ') as [string, string];
  return [t, b64, Buffer.from(b64, 'base64')];
}

describe('known_hosts', { skip: hasSshKeygen() ? false : 'ssh-keygen is not installed' }, () => {
  const [edType, edB64, ed] = newKey('ed25519', 'k1');
  const [, ed2B64, ed2] = newKey('ed25519', 'k2');
  const [ecType, ecB64, ec] = newKey('ecdsa', 'k3');

  it('prints fingerprints exactly as ssh-keygen -l does', () => {
    for (const name of ['k1', 'k3']) {
      const out = spawnSync('ssh-keygen', ['-l', '-f', join(dir, `${name}.pub`)], {
        encoding: 'utf8',
      });
      const expected = out.stdout.split(' ')[1];
      const blob = Buffer.from(
        readFileSync(join(dir, `${name}.pub`), 'utf8').split(' ')[1]!,
        'base64',
      );
      assert.equal(fingerprintSha256(blob), expected);
      assert.match(expected!, /^SHA256:[A-Za-z0-9+/]{43}$/);
    }
    assert.equal(keyTypeOfBlob(ed), 'ssh-ed25519');
    assert.equal(keyTypeOfBlob(ec), ecType);
  });

  it('uses [host]:port names for ports other than 22, lower-cased', () => {
    assert.equal(knownHostsName('Broker.Example.ORG', 22), 'broker.example.org');
    assert.equal(knownHostsName('127.0.0.1', 12222), '[127.0.0.1]:12222');
    const entries = parseKnownHosts(`[127.0.0.1]:12222 ${edType} ${edB64}\n`);
    assert.equal(checkHostKey(entries, '127.0.0.1', 12222, ed).status, 'known');
    // The same host on another port is a different name for ssh.
    assert.equal(checkHostKey(entries, '127.0.0.1', 22, ed).status, 'unknown');
    assert.equal(checkHostKey(entries, '127.0.0.1', 12223, ed).status, 'unknown');
  });

  it('matches names hashed by ssh-keygen -H (HMAC-SHA1), for port 22 and [host]:port', () => {
    const file = join(dir, 'hashed');
    writeFileSync(
      file,
      `broker.example.org ${edType} ${edB64}\n[10.1.2.3]:2222 ${ecType} ${ecB64}\n`,
    );
    const r = spawnSync('ssh-keygen', ['-H', '-f', file]);
    assert.equal(r.status, 0, String(r.stderr));
    const text = readFileSync(file, 'utf8');
    assert.doesNotMatch(text, /broker\.example\.org|10\.1\.2\.3/);
    assert.match(text, /^\|1\|[^|]+\|[^| ]+ /m);
    const entries = parseKnownHosts(text, file);
    assert.equal(entries.length, 2);
    assert.equal(checkHostKey(entries, 'broker.example.org', 22, ed).status, 'known');
    assert.equal(checkHostKey(entries, 'BROKER.example.org', 22, ed).status, 'known');
    assert.equal(checkHostKey(entries, '10.1.2.3', 2222, ec).status, 'known');
    assert.equal(checkHostKey(entries, '10.1.2.3', 22, ec).status, 'unknown');
    assert.equal(checkHostKey(entries, 'other.example.org', 22, ed).status, 'unknown');
    // A different key of the same type under a hashed name is a change.
    assert.equal(checkHostKey(entries, 'broker.example.org', 22, ed2).status, 'changed');
  });

  it('supports comma lists, * and ? wildcards and ! negation', () => {
    assert.ok(hostFieldMatches('a.example.org,b.example.org', 'b.example.org'));
    assert.ok(hostFieldMatches('*.example.org', 'x.example.org'));
    assert.ok(!hostFieldMatches('*.example.org', 'example.org'));
    assert.ok(hostFieldMatches('host?.lan', 'host7.lan'));
    assert.ok(!hostFieldMatches('host?.lan', 'host77.lan'));
    assert.ok(!hostFieldMatches('*.example.org,!evil.example.org', 'evil.example.org'));
    assert.ok(hostFieldMatches('*.example.org,!evil.example.org', 'good.example.org'));
    assert.ok(hostFieldMatches('[*.lan]:2222', '[x.lan]:2222'));
    // Regex metacharacters in a pattern are literal.
    assert.ok(!hostFieldMatches('a.b', 'axb'));
  });

  it('matches many-star patterns against a broker-chosen name without backtracking blow-up', () => {
    // a regex built from `*a*a*a*a*a*a*b` took 17.7 s on this 80-character name
    const name = 'a'.repeat(80);
    assert.ok(!hostFieldMatches('*a*a*a*a*a*a*b', name));
    assert.ok(hostFieldMatches('*a*a*a*a*a*a*', name));
    assert.ok(hostFieldMatches('a*?*a', 'aXa'));
    assert.ok(!hostFieldMatches('a*?*a', 'aa'));
    assert.ok(hostFieldMatches('**', ''));
  });

  it('refuses @revoked keys, ignores @cert-authority, tells changed from unknown', () => {
    const entries = parseKnownHosts(
      [
        '# comment',
        '',
        `@cert-authority *.example.org ${edType} ${ed2B64}`,
        `@revoked * ${ecType} ${ecB64}`,
        `broker.example.org ${edType} ${edB64} comment words`,
        `@bogus broker.example.org ${edType} ${ed2B64}`,
        `broken-line-without-key`,
        `mismatch.example.org ssh-rsa ${edB64}`,
      ].join('\n'),
    );
    // bogus marker, short line and type/blob mismatch are skipped like ssh skips them
    assert.deepEqual(
      entries.map((e) => e.marker),
      ['cert-authority', 'revoked', null],
    );
    assert.equal(checkHostKey(entries, 'broker.example.org', 22, ec).status, 'revoked');
    assert.equal(checkHostKey(entries, 'broker.example.org', 22, ed).status, 'known');
    // ed2 is only a CA key: as a plain host key it is not trusted, and not "changed" either
    // (the host's ed25519 key is ed, so ed2 IS a changed key for broker.example.org).
    assert.equal(checkHostKey(entries, 'broker.example.org', 22, ed2).status, 'changed');
    const v = checkHostKey(entries, 'other.example.org', 22, ed2);
    assert.deepEqual(v, { status: 'unknown', otherTypes: [] });
  });

  it('keeps several key types per host: another type is unknown, not changed', () => {
    const entries = parseKnownHosts(`broker.example.org ${edType} ${edB64}\n`);
    const v = checkHostKey(entries, 'broker.example.org', 22, ec);
    assert.deepEqual(v, { status: 'unknown', otherTypes: ['ssh-ed25519'] });
    const both = parseKnownHosts(
      `broker.example.org ${edType} ${edB64}\nbroker.example.org ${ecType} ${ecB64}\n`,
    );
    assert.equal(checkHostKey(both, 'broker.example.org', 22, ec).status, 'known');
    assert.deepEqual(knownKeyTypes(both, 'broker.example.org', 22), [edType, ecType]);
  });

  it('writes a line ssh-keygen -F finds; new file 0600 in a new 0700 directory', () => {
    const file = join(dir, 'new', 'sub', 'known_hosts');
    const line = addKnownHost(file, '127.0.0.1', 12222, ed);
    assert.equal(line, knownHostsLine('127.0.0.1', 12222, ed));
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.equal(statSync(join(dir, 'new', 'sub')).mode & 0o777, 0o700);
    addKnownHost(file, 'broker.example.org', 22, ec);
    const text = readFileSync(file, 'utf8');
    assert.equal(text.split('\n').length, 3); // two lines + final LF
    for (const name of ['[127.0.0.1]:12222', 'broker.example.org']) {
      const r = spawnSync('ssh-keygen', ['-F', name, '-f', file], { encoding: 'utf8' });
      assert.equal(r.status, 0, `ssh-keygen -F ${name}: ${r.stdout}${r.stderr}`);
    }
    assert.equal(checkHostKey(parseKnownHosts(text), '127.0.0.1', 12222, ed).status, 'known');
  });

  it('appends after a last line without LF, keeping the existing mode', () => {
    const file = join(dir, 'nolf');
    writeFileSync(file, `a.example.org ${edType} ${edB64}`, { mode: 0o644 });
    addKnownHost(file, 'b.example.org', 22, ec);
    const entries = parseKnownHosts(readFileSync(file, 'utf8'));
    assert.equal(entries.length, 2);
    assert.equal(statSync(file).mode & 0o777, 0o644);
  });
});
