// The administrator's client choice reaches `launch` (docs/policy.md: preferredClient,
// clientPath): against the REAL broker, in-process, with the policy from a temporary JSON file
// (setPolicySourceForTests; no command line or variable reaches the policy source).
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { it } from 'node:test';
import { main } from '../../../src/core/cli/main';
import { setPolicySourceForTests } from '../../../src/core/cli/policy';
import { jsonFilePolicySource } from '../../../src/core/config/sources';
import { brokerOrSkip, userPassword } from '../../helpers/broker-env';

void it('policy preferredClient + clientPath choose the client where the command line names none; a locked one refuses --client', async (t) => {
  const broker = brokerOrSkip(t);
  if (!broker) return;
  const dir = mkdtempSync(join(tmpdir(), 'cli-policy-client-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const pyhoca = join(dir, 'pyhoca-cli');
  writeFileSync(pyhoca, '#!/bin/sh\nexit 0\n');
  chmodSync(pyhoca, 0o755);
  const file = join(dir, 'config.json');
  writeFileSync(file, JSON.stringify({ preferredClient: 'pyhoca-cli', clientPath: pyhoca, locked: ['preferredClient'] }));
  chmodSync(file, 0o644);
  setPolicySourceForTests(jsonFilePolicySource(file, process.getuid?.() ?? 0));
  const run = async (extra: string[]) => {
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    const out: string[] = [];
    const err: string[] = [];
    stdout.on('data', (c: Buffer) => out.push(c.toString()));
    stderr.on('data', (c: Buffer) => err.push(c.toString()));
    const code = await main(
      ['launch', 'xfce-desktop', '--autologin', ...extra, '--broker-url', broker.http.main.plainUrl, '--broker-user', 'test',
        '--broker-password-env', 'PW', '--dry-run', '--json'],
      { stdout, stderr, stdin: new PassThrough(), env: { PW: userPassword(broker, 'test') } },
    );
    return { code, out: out.join(''), err: err.join('') };
  };
  const chosen = await run([]);
  assert.equal(chosen.code, 0, chosen.err);
  const report = JSON.parse(chosen.out) as { client: string; argv: string[] };
  assert.equal(report.client, 'pyhoca-cli');
  assert.equal(report.argv[0], pyhoca);
  const refused = await run(['--client', 'x2goclient']);
  assert.equal(refused.code, 2);
  const { error } = JSON.parse(refused.err) as { error: { code: string; message: string } };
  assert.equal(error.code, 'config.locked');
  assert.match(error.message, /--client \(setting "preferredClient"\) is locked/);
}); // prettier-ignore

void it("the per-broker local-resources rule applies to the policy's broker URL too (no --broker-url)", async (t) => {
  const broker = brokerOrSkip(t);
  if (!broker) return;
  const dir = mkdtempSync(join(tmpdir(), 'cli-policy-res-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const x2goclient = join(dir, 'x2goclient');
  writeFileSync(x2goclient, '#!/bin/sh\nexit 0\n');
  chmodSync(x2goclient, 0o755);
  const file = join(dir, 'config.json');
  const url = broker.http.main.plainUrl;
  writeFileSync(file, JSON.stringify({ brokerUrl: url, localResources: { printing: 'allow', brokers: { [url]: { printing: 'deny' } } } }));
  chmodSync(file, 0o644);
  setPolicySourceForTests(jsonFilePolicySource(file, process.getuid?.() ?? 0));
  const stdout = new PassThrough();
  const out: string[] = [];
  stdout.on('data', (c: Buffer) => out.push(c.toString()));
  const stderr = new PassThrough();
  const err: string[] = [];
  stderr.on('data', (c: Buffer) => err.push(c.toString()));
  const code = await main(
    ['launch', 'xfce-desktop', '--client-path', x2goclient, '--broker-user', 'test', '--broker-password-env', 'PW', '--dry-run', '--json'],
    { stdout, stderr, stdin: new PassThrough(), env: { PW: userPassword(broker, 'test') } },
  );
  assert.equal(code, 0, err.join(''));
  const report = JSON.parse(out.join('')) as { localResources: { granted: { printing: boolean } } };
  assert.equal(report.localResources.granted.printing, false, 'the broker rule denies printing');
}); // prettier-ignore
