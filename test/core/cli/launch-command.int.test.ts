import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import type { SelectedSession } from '../../../src/shared/model';
import { PassThrough } from 'node:stream';
import { launchArgs } from '../../../src/core/cli/commands/launch';
import { runLaunchCommand, type LaunchBroker } from '../../../src/core/cli/launch-command';
import { clientEnvironment } from '../../../src/core/launcher/client-env';
import { main } from '../../../src/core/cli/main';
import { LauncherError } from '../../../src/core/errors';
import { PRIVATE_DIR_PREFIX } from '../../../src/core/launcher/private-dir';
import { libsshKnownHostsFile } from '../../../src/core/launcher/server-host-key';
import { brokerOrSkip, userPassword } from '../../helpers/broker-env';
import { skipOrFail } from '../../helpers/skip';
import { guardKnownHosts } from '../../helpers/known-hosts-guard';
import {
  FAKE_PEM,
  fixtureProfiles,
  profileFromFields,
  selection,
} from '../../helpers/launcher-fixtures';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (s: string) => out.push(s), err: (s: string) => err.push(s) }, out, err };
}

void it('launch options → LaunchCliArgs; bad values are usage errors', () => {
  const args = launchArgs(
    'loopback-xterm',
    {
      client: 'pyhoca-cli',
      'client-path': '/opt/pyhoca-cli',
      'ssh-key': '/k',
      autologin: true,
      'add-to-known-hosts': true,
      'no-autoresume': true,
      'dry-run': true,
      'known-hosts': ['/etc/x2go-launcher/ssh_known_hosts'],
    },
    true,
  );
  assert.deepEqual(args, {
    profileId: 'loopback-xterm',
    client: 'pyhoca-cli',
    clientPath: '/opt/pyhoca-cli',
    sshKeyFile: '/k',
    autologin: true,
    addToKnownHosts: true,
    noAutoresume: true,
    dryRun: true,
    json: true,
    knownHostsFiles: ['/etc/x2go-launcher/ssh_known_hosts'],
  });
  assert.equal(launchArgs('x', {}, false).client, 'x2goclient');
  const usage = (e: unknown) => e instanceof LauncherError && e.kind === 'usage';
  assert.throws(() => launchArgs('x', { client: 'remmina' }, false), usage);
  assert.throws(() => launchArgs('x', { 'ssh-key': '' }, false), usage);
});

function fakeClient(t: { after: (fn: () => void) => void }): { dir: string; path: string } {
  const dir = mkdtempSync(join(tmpdir(), 'launcher-cli-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'x2goclient');
  writeFileSync(path, '#!/bin/sh\nexit 0\n');
  chmodSync(path, 0o755);
  return { dir, path };
}

void it('--dry-run --json with a broker-pushed key: key path shown, key content never', async (t) => {
  const { path } = fakeClient(t);
  const profiles = fixtureProfiles();
  const broker: LaunchBroker = {
    listProfiles: () => Promise.resolve([...profiles.values()]),
    selectSession: (id: string): Promise<SelectedSession> => {
      const p = profiles.get(id);
      assert.ok(p);
      return Promise.resolve(
        selection(p, { server: '10.0.0.12', port: 2222, privateKey: FAKE_PEM }),
      );
    },
  };
  const { io, out, err } = capture();
  const before = readdirSync(tmpdir()).filter((n) =>
    n.startsWith(`${PRIVATE_DIR_PREFIX}${process.pid}-`),
  );
  const args = launchArgs('rootless-xterm', { 'dry-run': true, 'client-path': path }, true);
  assert.equal(await runLaunchCommand(args, broker, io), 0);
  const text = out.join('') + err.join('');
  assert.ok(
    !text.includes('PRIVATE KEY') && !text.includes('ZmFrZS1rZXkt'),
    'no key material in the output',
  );
  const report = JSON.parse(out.join('')) as {
    client: string;
    argv: string[];
    sessionFile: string;
    login: string;
  };
  assert.equal(report.client, 'x2goclient');
  assert.equal(report.argv[0], path);
  assert.equal(report.login, 'broker-key');
  assert.match(report.sessionFile, /^host=10\.0\.0\.12$/m);
  assert.match(report.sessionFile, /^sshport=2222$/m);
  assert.match(report.sessionFile, /^key=\/.+\/session\.key$/m);
  assert.match(report.sessionFile, /^command=xterm -fa Monospace$/m);
  const after = readdirSync(tmpdir()).filter((n) =>
    n.startsWith(`${PRIVATE_DIR_PREFIX}${process.pid}-`),
  );
  assert.deepEqual(after, before, 'dry run leaves no private dir');
});

void it('unknown profile: usage error listing what the broker offers', async (t) => {
  const { path } = fakeClient(t);
  const profiles = fixtureProfiles();
  const broker: LaunchBroker = {
    listProfiles: () => Promise.resolve([...profiles.values()]),
    selectSession: () => Promise.reject(new Error('must not be called')),
  };
  await assert.rejects(
    runLaunchCommand(launchArgs('nope', { 'client-path': path }, false), broker, capture().io),
    (e: unknown) =>
      e instanceof LauncherError &&
      e.kind === 'usage' &&
      /loopback-xterm/.test(e.details.hint ?? ''),
  );
});

void it('real broker, whole CLI: launch loopback-xterm --dry-run (pyhoca-cli, text and --json)', async (t) => {
  const fixture = brokerOrSkip(t);
  if (!fixture) return;
  const { dir } = fakeClient(t);
  const pyhoca = join(dir, 'pyhoca-cli');
  writeFileSync(pyhoca, '#!/bin/sh\n');
  chmodSync(pyhoca, 0o755);
  const run = async (extra: string[]) => {
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    const chunks: string[] = [];
    stdout.on('data', (c: Buffer) => chunks.push(c.toString()));
    const code = await main(
      [
        'launch', 'loopback-xterm', '--broker-url', fixture.http.main.plainUrl, '--broker-user', 'test',
        '--broker-password-env', 'LAUNCH_TEST_PW', '--client', 'pyhoca-cli', '--client-path', pyhoca,
        '--ssh-key', fixture.x2goSession?.privateKey ?? '/nonexistent', '--dry-run', ...extra,
      ], // prettier-ignore
      {
        stdout,
        stderr,
        stdin: new PassThrough(),
        env: { LAUNCH_TEST_PW: userPassword(fixture, 'test') },
      },
    );
    return { code, text: chunks.join('') };
  };
  const { code, text } = await run([]);
  assert.equal(code, 0, text);
  assert.match(text, /^client: pyhoca-cli$/m);
  assert.match(
    text,
    /^argv: .*pyhoca-cli --session-profile=loopback-xterm --new --terminate-on-ctrl-c$/m,
  );
  assert.match(text, /^env: HOME=\/.*\/home$/m);
  assert.match(text, /^login: ssh-key/m);
  assert.match(text, /^host=127\.0\.0\.1$/m);
  assert.match(text, new RegExp(`^sshport=${fixture.x2goSession?.sshport ?? 12222}$`, 'm'));
  assert.match(text, new RegExp(`^user=${fixture.x2goSession?.user ?? 'x2gotest'}$`, 'm'));
  assert.match(text, /^autologin=false$/m);
  // issue 8: the profile's sound=false as the launcher writes it; local resources always off
  assert.match(text, /^sound=false$/m);
  assert.match(text, /^useexports=false$/m);
  assert.match(text, /^fstunnel=false$/m);

  const json = await run(['--json']);
  assert.equal(json.code, 0);
  const report = JSON.parse(json.text) as { client: string; argv: string[]; sessionFile: string };
  assert.equal(report.client, 'pyhoca-cli');
  assert.deepEqual(report.argv.slice(1), [
    '--session-profile=loopback-xterm',
    '--new',
    '--terminate-on-ctrl-c',
  ]);
  assert.match(report.sessionFile, /^\[loopback-xterm\]\nname=Loopback xterm/);

  // One --add-to-known-hosts, as in x2goclient: valid with an http(s) broker too. It is
  // the launcher's own check of the X2Go server's host key now (server-host-key.ts), never
  // handed to the client: pyhoca-cli would accept ANY unknown key with it.
  const trusting = await run(['--json', '--add-to-known-hosts']);
  assert.equal(trusting.code, 0, trusting.text);
  const trustingArgv = (JSON.parse(trusting.text) as { argv: string[] }).argv;
  assert.ok(!trustingArgv.includes('--add-to-known-hosts'), trustingArgv.join(' '));
});

void it('--dry-run text: broker text cannot send terminal escapes (control, C1, bidi)', async (t) => {
  const { dir } = fakeClient(t);
  const pyhoca = join(dir, 'pyhoca-cli');
  writeFileSync(pyhoca, '#!/bin/sh\n');
  chmodSync(pyhoca, 0o755);
  const evil = profileFromFields('evil', {
    name: 'a\u202eb\u009bc', host: 'h', user: 'u', command: 'x\u001b[31mred', 'bad key\u001b]0;t\u0007': '1',
  }); // prettier-ignore
  const broker: LaunchBroker = {
    listProfiles: () => Promise.resolve([evil]),
    selectSession: () => Promise.resolve(selection(evil, { server: 'srv' })),
  };
  for (const client of ['x2goclient', 'pyhoca-cli']) {
    const { io, out, err } = capture();
    const args = launchArgs(
      'evil',
      {
        'dry-run': true,
        client,
        // a login pyhoca-cli can do without prompting (issue 8: it refuses password logins)
        autologin: true,
        'client-path': client === 'pyhoca-cli' ? pyhoca : join(dir, 'x2goclient'),
      },
      false,
    );
    assert.equal(await runLaunchCommand(args, broker, io), 0);
    const text = out.join('') + err.join('');
    assert.ok(
      // eslint-disable-next-line no-control-regex
      !/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e]/.test(text),
      `${client}: ${JSON.stringify(text)}`,
    );
  }
});

void it('M2: real broker, whole CLI: the client does not inherit the broker password variable', async (t) => {
  const fixture = brokerOrSkip(t);
  if (!fixture) return;
  const dir = mkdtempSync(join(tmpdir(), 'launcher-cli-env-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  // a recorder "x2goclient": writes the environment it was given, exits 0
  const record = join(dir, 'env.txt');
  const bin = join(dir, 'x2goclient');
  writeFileSync(bin, `#!/bin/sh\nenv > '${record}'\nexit 0\n`);
  chmodSync(bin, 0o755);
  const password = userPassword(fixture, 'test');
  // the X2Go server's key is verified first (the fixture's known_hosts vouches for it) and,
  // for x2goclient, put where its libssh looks: that line is taken out again afterwards
  const target = fixture.x2goSession;
  if (!target) return void skipOrFail(t, 'broker.json has no x2goSession');
  t.after(guardKnownHosts(libsshKnownHostsFile(), target.host, target.sshport));
  // in the real process environment, as when a script exports it for the CLI
  process.env.LAUNCH_M2_PW = password;
  process.env.X2GO_LAUNCHER_M2_SECRET = 'also-ours';
  t.after(() => {
    delete process.env.LAUNCH_M2_PW;
    delete process.env.X2GO_LAUNCHER_M2_SECRET;
  });
  const stderr = new PassThrough();
  const errText: string[] = [];
  stderr.on('data', (c: Buffer) => errText.push(c.toString()));
  const code = await main(
    [
      'launch', 'loopback-xterm', '--broker-url', fixture.http.main.plainUrl, '--broker-user', 'test',
      '--broker-password-env', 'LAUNCH_M2_PW', '--client', 'x2goclient', '--client-path', bin,
      '--known-hosts', target.knownHosts,
    ], // prettier-ignore
    { stdout: new PassThrough(), stderr, stdin: new PassThrough(), env: process.env },
  );
  assert.equal(code, 0, errText.join(''));
  const env = readFileSync(record, 'utf8');
  assert.match(env, /^X2GO_LAUNCHER_RUN=[0-9a-f]+$/m, 'the recorder ran as our client');
  assert.match(env, /^PATH=/m, 'the rest of the environment is handed on');
  assert.doesNotMatch(env, /^LAUNCH_M2_PW=/m, 'the password variable is not handed on');
  assert.ok(!env.includes(password), 'the broker password is nowhere in the environment');
  assert.doesNotMatch(env, /^X2GO_LAUNCHER_M2_SECRET=/m, 'nor our own variables');
});

void it('M2: clientEnvironment keeps the allowlist only, never a named secret', () => {
  // issue 8 point 4: built, not inherited — X2GO_X (unknown) is no longer handed on
  assert.deepEqual(
    clientEnvironment(
      { PATH: '/bin', PW: 's', X2GO_LAUNCHER_DEBUG: '1', X2GO_X: 'y', LANG: 'PW' },
      { secretNames: ['PW', 'LANG'], platform: 'linux' },
    ),
    { PATH: '/bin' },
  );
});
