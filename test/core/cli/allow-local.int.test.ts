// `launch --allow-local` and the `localResources` report of `launch --dry-run --json`, against
// the REAL broker (BROKER_JSON): x2gobroker fills print=1 into every profile, so every profile
// asks for printing; the CLI grants it only with the explicit flag (or the admin's policy).
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { it, type TestContext } from 'node:test';
import { BrokerSession } from '../../../src/core/broker/session';
import { launchArgs } from '../../../src/core/cli/commands/launch';
import { runLaunchCommand } from '../../../src/core/cli/launch-command';
import { main } from '../../../src/core/cli/main';
import { DEFAULT_LOCAL_RESOURCE_POLICY } from '../../../src/core/config/local-resources';
import type { LocalResourcesReport } from '../../../src/core/launcher/local-resources';
import { BROKER_PASS_WARNING } from '../../../src/core/launcher/session-file';
import { brokerOrSkip, userPassword, type BrokerFixture } from '../../helpers/broker-env';

interface Report {
  client: string;
  sessionFile: string;
  warnings: string[];
  localResources: LocalResourcesReport;
}

function fakeClients(t: TestContext): string {
  const dir = mkdtempSync(join(tmpdir(), 'launcher-allow-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  for (const name of ['x2goclient', 'pyhoca-cli']) {
    writeFileSync(join(dir, name), '#!/bin/sh\nexit 0\n');
    chmodSync(join(dir, name), 0o755);
  }
  return dir;
}

async function cli(broker: BrokerFixture, argv: string[]) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: string[] = [];
  const err: string[] = [];
  stdout.on('data', (c: Buffer) => out.push(c.toString()));
  stderr.on('data', (c: Buffer) => err.push(c.toString()));
  const code = await main(
    [
      'launch', ...argv, '--broker-url', broker.http.main.plainUrl, '--broker-user', 'test',
      '--broker-password-env', 'ALLOW_TEST_PW', '--dry-run', '--json',
    ], // prettier-ignore
    {
      stdout,
      stderr,
      stdin: new PassThrough(),
      env: { ALLOW_TEST_PW: userPassword(broker, 'test') },
    },
  );
  return { code, out: out.join(''), err: err.join('') };
}

void it('real broker: printing asked by every x2gobroker profile is refused without --allow-local, granted with it', async (t) => {
  const broker = brokerOrSkip(t);
  if (!broker) return;
  const dir = fakeClients(t);
  const client = ['--client-path', join(dir, 'x2goclient')];
  const refused = await cli(broker, ['xfce-desktop', ...client]);
  assert.equal(refused.code, 0, refused.err);
  const r = JSON.parse(refused.out) as Report;
  assert.equal(r.localResources.requested.printing, true, 'x2gobroker sends print=1');
  assert.equal(r.localResources.granted.printing, false);
  assert.deepEqual(
    r.localResources.denied.find((d) => d.resource === 'printing'),
    {
      resource: 'printing',
      reason: 'not allowed on the command line (add --allow-local printing)',
    },
  );
  assert.match(r.sessionFile, /^print=false$/m);
  assert.match(r.sessionFile, /^fstunnel=false$/m);
  assert.match(r.sessionFile, /^export=$/m);
  // xfce-desktop has usebrokerpass=true; x2goclient logs in by password here: say so plainly
  assert.ok(r.warnings.includes(BROKER_PASS_WARNING), r.warnings.join('\n'));

  const granted = await cli(broker, [
    'xfce-desktop',
    ...client,
    '--allow-local',
    'printing,folders',
  ]);
  assert.equal(granted.code, 0, granted.err);
  const g = JSON.parse(granted.out) as Report;
  assert.equal(g.localResources.granted.printing, true);
  assert.match(g.sessionFile, /^print=true$/m);
  assert.deepEqual(g.localResources.granted.folders, [], 'the profile asked for no folder');
});

void it('real broker: --allow-local with a name it does not know is a usage error (exit 2)', async (t) => {
  const broker = brokerOrSkip(t);
  if (!broker) return;
  const dir = fakeClients(t);
  const r = await cli(broker, ['xfce-desktop', '--client-path', join(dir, 'x2goclient'), '--allow-local', 'printing,everything']); // prettier-ignore
  assert.equal(r.code, 2);
  assert.match(
    r.err,
    /--allow-local takes folders, printing, mimebox, agent, sshproxy, kerberos, not \\"everything\\"/,
  );
});

void it('real broker: the SSH proxy only to an admin-listed host, even with --allow-local sshproxy', async (t) => {
  const broker = brokerOrSkip(t);
  if (!broker) return;
  const dir = fakeClients(t);
  const flagOnly = await cli(broker, ['via-sshproxy', '--client-path', join(dir, 'x2goclient'), '--allow-local', 'sshproxy']); // prettier-ignore
  assert.equal(flagOnly.code, 0, flagOnly.err);
  const f = JSON.parse(flagOnly.out) as Report;
  assert.equal(f.localResources.requested.sshproxy?.host, 'jump.example.test');
  assert.equal(f.localResources.granted.sshproxy, null);
  assert.match(f.sessionFile, /^usesshproxy=false$/m);
  assert.ok(f.localResources.denied.some((d) => /list of SSH proxy hosts/.test(d.reason)));

  // the admin lists the host (managed settings → localPolicy): the session gets the proxy
  const session = new BrokerSession({
    url: broker.http.main.plainUrl,
    user: 'test',
    password: userPassword(broker, 'test'),
  });
  t.after(() => session.close());
  const out: string[] = [];
  const args = launchArgs('via-sshproxy', { 'dry-run': true, 'client-path': join(dir, 'x2goclient'), 'allow-local': ['sshproxy'] }, true); // prettier-ignore
  args.localPolicy = { ...DEFAULT_LOCAL_RESOURCE_POLICY, sshProxyHosts: ['jump.example.test'] };
  const code = await runLaunchCommand(args, session, { out: (s) => out.push(s), err: () => {} });
  assert.equal(code, 0);
  const a = JSON.parse(out.join('')) as Report;
  assert.equal(a.localResources.granted.sshproxy?.host, 'jump.example.test');
  assert.match(a.sessionFile, /^usesshproxy=true$/m);
  assert.match(a.sessionFile, /^sshproxyhost=jump\.example\.test$/m);
  assert.match(a.sessionFile, /^sshproxysamepass=false$/m, 'never the reused password');
  assert.match(a.sessionFile, /^sshproxykeyfile=$/m, 'never a broker-named local key');
});

void it('real broker: direct RDP without an admin client and SHADOW with pyhoca-cli fail before selectsession (exit 6)', async (t) => {
  const broker = brokerOrSkip(t);
  if (!broker) return;
  const dir = fakeClients(t);
  const rdp = await cli(broker, ['rdp-direct', '--client-path', join(dir, 'x2goclient')]);
  assert.equal(rdp.code, 6);
  assert.match(rdp.err, /administrator has named no local RDP client/);
  const shadow = await cli(broker, ['shadow-desktop', '--client', 'pyhoca-cli', '--client-path', join(dir, 'pyhoca-cli')]); // prettier-ignore
  assert.equal(shadow.code, 6);
  assert.match(
    shadow.err,
    /pyhoca-cli cannot start this profile: it cannot start desktop-sharing \(SHADOW\)/,
  );
  const password = await cli(broker, ['loopback-xterm', '--client', 'pyhoca-cli', '--client-path', join(dir, 'pyhoca-cli')]); // prettier-ignore
  assert.equal(password.code, 6);
  assert.match(password.err, /crashes when it prompts without a terminal/);
});
