// `x2go-launcher config --json` and the CLI's refusal of command-line values for locked keys,
// run in-process on a policy JSON file in a temporary directory (the system source is
// replaced only through setPolicySourceForTests, which no command line or variable reaches).
import assert from 'node:assert/strict';
import { chmod, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { main } from '../../../src/core/cli/main';
import { setPolicySourceForTests } from '../../../src/core/cli/policy';
import { SETTING_KEYS } from '../../../src/core/config/keys';
import { jsonFilePolicySource } from '../../../src/core/config/sources';

const uid = process.getuid?.() ?? 0;

async function policyFile(content: object): Promise<string> {
  const file = join(await mkdtemp(join(tmpdir(), 'cli-policy-')), 'config.json');
  await writeFile(file, JSON.stringify(content));
  await chmod(file, 0o644);
  setPolicySourceForTests(jsonFilePolicySource(file, uid));
  return file;
}

async function cli(argv: string[]) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: string[] = [];
  const err: string[] = [];
  stdout.on('data', (c: Buffer) => out.push(c.toString()));
  stderr.on('data', (c: Buffer) => err.push(c.toString()));
  const code = await main(argv, { stdout, stderr, stdin: new PassThrough(), env: {} });
  return { code, out: out.join(''), err: err.join('') };
}

void test('config --json: every setting with value, source and lock', async () => {
  const file = await policyFile({
    brokerUrl: 'https://broker.corp.example/plain/',
    allowRememberPassword: false,
    kiosk: 'yes',
    locked: ['brokerUrl', 'allowRememberPassword'],
  });
  const r = await cli(['config', '--json', '--broker-name', 'Lab']);
  assert.equal(r.code, 0, r.err);
  const json = JSON.parse(r.out) as {
    policy: { kind: string; location: string; present: boolean; warnings: string[] };
    settings: Record<string, { value: unknown; source: string; locked: boolean }>;
  };
  assert.deepEqual(json.policy, {
    kind: 'json-file',
    location: file,
    present: true,
    warnings: [`managed settings ${file}: "kiosk" must be true or false`],
  });
  assert.deepEqual(Object.keys(json.settings), SETTING_KEYS);
  assert.deepEqual(json.settings.brokerUrl, {
    value: 'https://broker.corp.example/plain/',
    source: 'policy',
    locked: true,
    origin: file,
  });
  assert.deepEqual(json.settings.lockBrokerUrl, {
    value: true,
    source: 'policy',
    locked: false,
    origin: file,
  });
  assert.deepEqual(json.settings.allowRememberPassword, {
    value: false,
    source: 'policy',
    locked: true,
    origin: file,
  });
  assert.deepEqual(json.settings.kiosk, { value: false, source: 'default', locked: false });
  assert.deepEqual(json.settings.brokerName, {
    value: 'Lab',
    source: 'command line',
    locked: false,
  });
  // the same value as the locked one is accepted (start lines repeating the admin's URL)
  const same = await cli([
    'config',
    '--json',
    '--broker-url',
    'https://broker.corp.example/plain/',
  ]);
  assert.equal(same.code, 0, same.err);

  const text = await cli(['config']);
  assert.equal(text.code, 0);
  assert.match(
    text.out,
    /^brokerUrl\s+"https:\/\/broker\.corp\.example\/plain\/"\s+policy\s+locked$/m,
  );
  assert.match(text.err, /warning: .*"kiosk" must be true or false/);
});

void test('a command-line value for a locked key: exit 2 naming the switch, key and policy file', async () => {
  const file = await policyFile({
    brokerUrl: 'https://broker.corp.example/plain/',
    brokerCaFiles: ['/etc/ssl/corp-ca.pem'],
    locked: ['brokerUrl', 'brokerCaFiles'],
  });
  for (const command of ['config', 'list', 'testcon']) {
    const r = await cli([
      command,
      '--broker-url',
      'https://elsewhere.example/plain/',
      '--broker-cacertfile',
      '/tmp/mine.pem',
      '--broker-noauth',
    ]);
    assert.equal(r.code, 2, `${command}: ${r.err}`);
    assert.match(
      r.err,
      new RegExp(
        `--broker-url \\(setting "brokerUrl"\\), --broker-cacertfile \\(setting "brokerCaFiles"\\) are locked by the administrator's policy \\(${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\\)`,
      ),
      command,
    );
  }
});

void test('no policy: config shows defaults; the broker URL still comes from the command line', async () => {
  setPolicySourceForTests(jsonFilePolicySource(join(tmpdir(), 'absent-policy-dir', 'x.json'), uid));
  const r = await cli(['config', '--json', '--broker-url', 'https://b.example/plain/']);
  assert.equal(r.code, 0, r.err);
  const json = JSON.parse(r.out) as {
    policy: { present: boolean };
    settings: Record<string, { value: unknown; source: string; locked: boolean }>;
  };
  assert.equal(json.policy.present, false);
  assert.ok(
    Object.entries(json.settings).every(
      ([k, s]) =>
        !s.locked && (k === 'brokerUrl' ? s.source === 'command line' : s.source === 'default'),
    ),
  );
  const missing = await cli(['list', '--broker-noauth']);
  assert.equal(missing.code, 2);
  assert.match(missing.err, /Missing --broker-url/);
});

void test('a locked single-valued key: a repeated switch whose last value matches is still refused', async () => {
  await policyFile({ sshKnownHostsFile: '/etc/x2go-launcher/known_hosts', locked: ['sshKnownHostsFile'] });
  const same = await cli(['config', '--known-hosts', '/etc/x2go-launcher/known_hosts']);
  assert.equal(same.code, 0, same.err);
  const sneaky = await cli(['config', '--known-hosts', '/tmp/evil', '--known-hosts', '/etc/x2go-launcher/known_hosts']);
  assert.equal(sneaky.code, 2, sneaky.err);
  assert.match(sneaky.err, /--known-hosts \(setting "sshKnownHostsFile"\) is locked/);
}); // prettier-ignore
