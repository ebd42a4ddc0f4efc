// The machine-policy sources behind one interface, each read through its real format:
// reg.exe query output (verbatim samples below; the real reg.exe only on Windows), plist files
// written by Python's plistlib in Apple's XML and binary formats, and the JSON file.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmod, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadPlistPolicy, parsePlistDictionary } from '../../../src/core/config/macos-plist';
import { jsonFilePolicySource, systemPolicySource } from '../../../src/core/config/sources';
import {
  WINDOWS_POLICY_KEY,
  loadRegistryPolicy,
  parseRegQueryOutput,
  policyFromRegistry,
  runRegQuery,
} from '../../../src/core/config/windows-registry';

const uid = process.getuid?.() ?? 0;

// `reg query "HKLM\Software\Policies\X2Go Launcher" /s` as reg.exe prints it: CRLF, a blank
// line before each key, four-space columns, REG_MULTI_SZ items joined by a literal \0,
// DWORDs in hex, subkeys as full paths in column 0.
const REG_OUTPUT = [
  '',
  'HKEY_LOCAL_MACHINE\\Software\\Policies\\X2Go Launcher',
  '    brokerUrl    REG_SZ    https://broker.corp.example/plain/',
  '    BrokerUrls    REG_MULTI_SZ    https://b1.corp.example/plain/\\0https://b2.corp.example/json/',
  '    kiosk    REG_DWORD    0x1',
  '    allowRememberPassword    REG_DWORD    0x0',
  '    idleMinutes    REG_DWORD    0x1e',
  '    brokerName    REG_SZ    Corp  broker  (two spaces)',
  '    localResources    REG_SZ    {"printing":"deny","folderPaths":["C:\\\\Exchange"]}',
  '    haltbt    REG_DWORD    0x2',
  '    language    REG_SZ    it',
  '    colour    REG_SZ    blue',
  '    (Default)    REG_SZ    ',
  '',
  'HKEY_LOCAL_MACHINE\\Software\\Policies\\X2Go Launcher\\Locked',
  '    brokerUrl    REG_DWORD    0x1',
  '    allowRememberPassword    REG_DWORD    0x1',
  '    kiosk    REG_DWORD    0x0',
  '',
].join('\r\n');

void test('reg.exe output: REG_SZ, REG_MULTI_SZ, REG_DWORD, subkeys; case-insensitive names', () => {
  const tree = parseRegQueryOutput(REG_OUTPUT, WINDOWS_POLICY_KEY)!;
  assert.ok(tree);
  assert.deepEqual(tree.get('')!.get('BrokerUrls'), {
    type: 'REG_MULTI_SZ',
    data: ['https://b1.corp.example/plain/', 'https://b2.corp.example/json/'],
  });
  assert.deepEqual(tree.get('')!.get('idleMinutes'), { type: 'REG_DWORD', data: 30 });
  assert.deepEqual(tree.get('')!.get('brokerName'), {
    type: 'REG_SZ',
    data: 'Corp  broker  (two spaces)',
  });
  assert.deepEqual(tree.get('locked')!.get('kiosk'), { type: 'REG_DWORD', data: 0 });
  assert.equal(parseRegQueryOutput('ERROR: Invalid syntax.\r\n', WINDOWS_POLICY_KEY), null);

  const config = policyFromRegistry(tree, WINDOWS_POLICY_KEY);
  assert.deepEqual(config.values, {
    brokerUrl: 'https://broker.corp.example/plain/',
    brokerUrls: ['https://b1.corp.example/plain/', 'https://b2.corp.example/json/'],
    kiosk: true,
    allowRememberPassword: false,
    idleMinutes: 30,
    brokerName: 'Corp  broker  (two spaces)',
    localResources: {
      base: { modes: { printing: 'deny' }, folderPaths: ['C:\\Exchange'] },
      brokers: {},
    },
    lockBrokerUrl: true,
  });
  assert.deepEqual(config.locked, ['brokerUrl', 'allowRememberPassword']);
  assert.deepEqual(config.warnings, [
    '"haltbt" must be a REG_DWORD of 0 or 1',
    'unknown value "colour" ignored',
    '"language" must be one of "en", "de", "fr"',
  ]);
  assert.equal(config.origin, WINDOWS_POLICY_KEY);
});

void test('registry source: absent key, failing reg.exe and odd output are warnings, never fatal', async () => {
  assert.deepEqual(
    await loadRegistryPolicy(WINDOWS_POLICY_KEY, () =>
      Promise.resolve({ status: 'absent', output: '' }),
    ),
    { config: null, warnings: [] },
  );
  const failed = await loadRegistryPolicy(WINDOWS_POLICY_KEY, () =>
    Promise.reject(new Error('spawn reg.exe ENOENT')),
  );
  assert.equal(failed.config, null);
  assert.match(failed.warnings[0]!, /reg\.exe failed \(spawn reg\.exe ENOENT\)/);
  const odd = await loadRegistryPolicy(WINDOWS_POLICY_KEY, () =>
    Promise.resolve({ status: 'ok', output: 'something else' }),
  );
  assert.deepEqual(odd.warnings, [
    `policy ${WINDOWS_POLICY_KEY} ignored: unexpected reg.exe output`,
  ]);
  const ok = await loadRegistryPolicy(WINDOWS_POLICY_KEY, () =>
    Promise.resolve({ status: 'ok', output: REG_OUTPUT }),
  );
  assert.equal(ok.config?.values.kiosk, true);
  assert.match(ok.warnings[0]!, /^policy HKLM\\Software\\Policies\\X2Go Launcher: "haltbt"/);
});

void test('real reg.exe (Windows only): values written with reg add are read back', async (t) => {
  if (process.platform !== 'win32') {
    t.skip('reg.exe exists only on Windows; the parser above runs on its verbatim output');
    return;
  }
  const key = `HKCU\\Software\\X2Go Launcher Test ${process.pid}`;
  const reg = (...args: string[]) => execFileSync('reg.exe', args, { windowsHide: true });
  try {
    reg('add', key, '/v', 'brokerUrl', '/t', 'REG_SZ', '/d', 'https://b.example/plain/', '/f');
    reg('add', key, '/v', 'brokerUrls', '/t', 'REG_MULTI_SZ', '/d', 'https://a.example/plain/\\0https://c.example/json/', '/f'); // prettier-ignore
    reg('add', key, '/v', 'kiosk', '/t', 'REG_DWORD', '/d', '1', '/f');
    reg('add', `${key}\\Locked`, '/v', 'kiosk', '/t', 'REG_DWORD', '/d', '1', '/f');
    const read = await loadRegistryPolicy(key, runRegQuery);
    assert.deepEqual(read.warnings, []);
    assert.deepEqual(read.config?.values, {
      brokerUrl: 'https://b.example/plain/',
      brokerUrls: ['https://a.example/plain/', 'https://c.example/json/'],
      kiosk: true,
    });
    assert.deepEqual(read.config?.locked, ['kiosk']);
  } finally {
    reg('delete', key, '/f');
  }
});

const PLIST_VALUES = {
  brokerUrl: 'https://broker.corp.example/plain/',
  brokerUrls: ['https://b1.corp.example/plain/'],
  kiosk: true,
  idleMinutes: 15,
  localResources: {
    printing: 'allow',
    brokers: { 'https://b1.corp.example/plain/': { printing: 'deny' } },
  },
  locked: ['kiosk', 'brokerUrl'],
  allowAddHostKeys: 'no',
  PayloadUUID: '6F1A6D0E-0000-4000-8000-000000000000',
};

async function pythonPlist(dir: string, format: 'FMT_XML' | 'FMT_BINARY'): Promise<string> {
  const file = join(dir, `${format}.plist`);
  execFileSync('python3', [
    '-c',
    `import json, plistlib, sys\nwith open(sys.argv[1], 'wb') as f: plistlib.dump(json.loads(sys.argv[2]), f, fmt=plistlib.${format})`,
    file,
    JSON.stringify(PLIST_VALUES),
  ]);
  await chmod(file, 0o644);
  return file;
}

void test('macOS managed preferences: XML and binary plists (written by plistlib) read alike', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'policy-plist-'));
  for (const format of ['FMT_XML', 'FMT_BINARY'] as const) {
    const file = await pythonPlist(dir, format);
    const { config, warnings } = await loadPlistPolicy(file, uid);
    assert.deepEqual(
      config?.values,
      {
        brokerUrl: 'https://broker.corp.example/plain/',
        brokerUrls: ['https://b1.corp.example/plain/'],
        kiosk: true,
        idleMinutes: 15,
        localResources: {
          base: { modes: { printing: 'allow' } },
          brokers: { 'https://b1.corp.example/plain/': { modes: { printing: 'deny' } } },
        },
        lockBrokerUrl: true,
      },
      format,
    );
    assert.deepEqual(config?.locked, ['kiosk', 'brokerUrl'], format);
    assert.deepEqual(
      warnings,
      [`policy ${file}: "allowAddHostKeys" must be true or false`],
      format,
    );
  }
  const bad = join(dir, 'bad.plist');
  await writeFile(bad, 'bplist00 truncated', { mode: 0o644 });
  const r = await loadPlistPolicy(bad, uid);
  assert.equal(r.config, null);
  assert.match(r.warnings[0]!, /ignored: not a property list/);
  assert.throws(
    () => parsePlistDictionary(Buffer.from('<plist><array/></plist>')),
    /not a dictionary/,
  );
  // the trust rule of the Linux file applies: a group-writable plist is ignored
  const writable = await pythonPlist(dir, 'FMT_BINARY');
  await chmod(writable, 0o664);
  assert.match((await loadPlistPolicy(writable, uid)).warnings[0]!, /writable by group or others/);
});

void test('one source per OS behind one interface', async () => {
  assert.equal(systemPolicySource('linux').kind, 'json-file');
  assert.equal(systemPolicySource('linux').location, '/etc/x2go-launcher/config.json');
  assert.equal(systemPolicySource('win32').location, 'HKLM\\Software\\Policies\\X2Go Launcher');
  assert.equal(
    systemPolicySource('darwin').location,
    '/Library/Managed Preferences/org.x2go.launcher.plist',
  );
  const dir = await mkdtemp(join(tmpdir(), 'policy-json-'));
  const file = join(dir, 'config.json');
  await writeFile(file, JSON.stringify({ proxy: 'http://user:pw@proxy:3128', language: 'de' }));
  await chmod(file, 0o644);
  const { config, warnings } = await jsonFilePolicySource(file, uid).read();
  assert.deepEqual(config?.values, { language: 'de' });
  assert.deepEqual(warnings, [
    `managed settings ${file}: "proxy" must not carry a user name or password`,
  ]);
});
