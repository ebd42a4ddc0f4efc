// Proof against the REAL Python X2Go (the library pyhoca-cli runs on) that it reads our
// python-dialect session file back as written: the profile is loaded with pyhoca-cli's own
// interpreter and python-x2go's X2GoSessionProfiles (the code behind `pyhoca-cli -P`), and
// every value is compared. Values it cannot carry must be absent (its default), never altered;
// eval() bait in list keys must not run.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import { confinedKnownHosts } from '../../../src/core/launcher/server-host-key';
import { buildSessionFile } from '../../../src/core/launcher/session-file';
import { profileFromFields, selection } from '../../helpers/launcher-fixtures';
import { toolsOrSkip, which } from '../../helpers/x2go-env';
import { sshEd25519Key } from './ssh-test-keys';

const READER = `
import json, sys
from x2go.backends.profiles.file import X2GoSessionProfiles
p = X2GoSessionProfiles(config_files=[sys.argv[1]])
out = {"ids": p.profile_ids, "config": {}}
for i in p.profile_ids:
    out["config"][i] = p.get_profile_config(i)
print(json.dumps(out, ensure_ascii=False, default=str))
`;

const VALUES = [
  'Büro-Desktop – Größe ÄÖÜ ß · 日本語 · Ελληνικά · 🖥',
  'Smith, John; Büro',
  'echo 100% %(user)s %',
  'a"b\\c \\x41',
  '#not a comment ;nor this',
  'x\n[p0]\nhost=evil.example',
  ' edge ',
  '[__import__("os").getpid()]',
  'k=v:w',
];

void it('Python X2Go (pyhoca-cli) reads back what we wrote, or its default — never a changed value', (t) => {
  if (!toolsOrSkip(t, ['pyhoca-cli'])) return;
  // pyhoca-cli's own interpreter (#!/usr/bin/python3), not whatever python3 is first in PATH
  const shebang = readFileSync(which('pyhoca-cli') ?? '', 'utf8').split('\n')[0] ?? '';
  const python = shebang.replace(/^#!\s*/, '').split(' ')[0] ?? 'python3';
  const dir = mkdtempSync(join(tmpdir(), 'launcher-pyreadback-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));

  const files = VALUES.map((value, i) => {
    const profile = profileFromFields(`p${i}`, {
      name: value, host: 'h', command: value, applications: value, 'extra-key': value, rdpoptions: value,
      sound: i % 2 ? '0' : 'maybe', width: i % 2 ? '1024' : '10x',
    }); // prettier-ignore
    return buildSessionFile({
      profile,
      selected: selection(profile, { server: '127.0.0.1', port: 12222, user: 'x2gotest' }),
      login: { method: 'ssh-key', keyFile: '/keys/id ed25519' },
      dialect: 'python',
    });
  });
  const file = join(dir, 'sessions');
  writeFileSync(file, files.map((f) => f.content).join('\n'));

  const r = spawnSync(python, ['-c', READER, file], {
    encoding: 'utf8',
    env: { ...process.env, HOME: dir },
  });
  assert.equal(r.status, 0, `python-x2go failed to read the file: ${r.stderr}`);
  const out = JSON.parse(r.stdout) as {
    ids: string[];
    config: Record<string, Record<string, unknown>>;
  };
  assert.deepEqual(
    [...out.ids].sort(),
    VALUES.map((_, i) => `p${i}`).sort(),
    'exactly our profiles, none injected',
  );

  VALUES.forEach((value, i) => {
    const c = out.config[`p${i}`] ?? {};
    const built = new Map(files[i]?.entries);
    assert.deepEqual(c.host, ['127.0.0.1'], `host ${i}`);
    assert.equal(c.sshport, 12222);
    assert.equal(c.user, 'x2gotest');
    assert.equal(c.key, '/keys/id ed25519');
    assert.equal(c.autologin, false);
    for (const key of ['name', 'command', 'extra-key', 'rdpoptions']) {
      if (built.get(key) === value) assert.equal(c[key], value, `${key} of value ${i} read back`);
      else
        assert.notEqual(
          c[key],
          value,
          `${key} of value ${i} was left out: python-x2go has its default`,
        );
    }
    if (built.get('name') !== value)
      assert.equal(c.name, `p${i}`, 'unusable name replaced by the section ID');
    // list key: written as a plain comma list or dropped; never eval()'d
    assert.ok(
      Array.isArray(c.applications) &&
        (c.applications as unknown[]).every((a) => typeof a === 'string'),
    );
    assert.equal(
      c.sound,
      i % 2 ? false : false,
      'sound: 0 read as false; "maybe" dropped → default false',
    );
    assert.equal(c.width, i % 2 ? 1024 : 800, 'width: 1024, or "10x" dropped → default 800');
  });
  // spot checks of characters Python's configparser treats specially
  assert.equal(out.config.p2?.command, 'echo 100% %(user)s %');
  assert.equal(out.config.p4?.command, '#not a comment ;nor this');
  assert.equal(out.config.p0?.name, VALUES[0]);
});

void it('Python X2Go reads our host/key/sshport/autologin/user, not a profile key in another letter case', (t) => {
  if (!toolsOrSkip(t, ['pyhoca-cli'])) return;
  const shebang = readFileSync(which('pyhoca-cli') ?? '', 'utf8').split('\n')[0] ?? '';
  const python = shebang.replace(/^#!\s*/, '').split(' ')[0] ?? 'python3';
  const dir = mkdtempSync(join(tmpdir(), 'launcher-pyreadback-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const profile = profileFromFields('mixed', {
    Host: 'evil.example', KEY: '/home/victim/.ssh/id_rsa', AutoLogin: 'true', SSHPort: '2222',
    User: 'root', command: 'xterm', Command: 'evil', rootless: '1',
  }); // prettier-ignore
  const built = buildSessionFile({
    profile,
    selected: selection(profile, { server: 'good.example', port: 22, user: 'alice' }),
    login: { method: 'ssh-key', keyFile: '/keys/id_alice' },
    dialect: 'python',
  });
  const file = join(dir, 'sessions');
  writeFileSync(file, built.content);
  const r = spawnSync(python, ['-c', READER, file], {
    encoding: 'utf8',
    env: { ...process.env, HOME: dir },
  });
  assert.equal(r.status, 0, `python-x2go failed to read the file: ${r.stderr}`);
  const c =
    (JSON.parse(r.stdout) as { config: Record<string, Record<string, unknown>> }).config.mixed ??
    {};
  assert.deepEqual(c.host, ['good.example']);
  assert.equal(c.key, '/keys/id_alice');
  assert.equal(c.sshport, 22);
  assert.equal(c.autologin, false);
  assert.equal(c.user, 'alice');
  assert.equal(c.command, 'xterm');
  assert.equal(c.rootless, true);
  // python-x2go 0.6.1.3 keeps key case (optionxform = str): a second spelling would reach it
  // as its own key (and any lower-casing reader would let it override ours) — none may exist
  const spellings = Object.keys(c).filter((k) => k !== k.toLowerCase());
  assert.deepEqual(spellings, [], 'no key in a second spelling read back');
});

const HOST_KEYS_READER = `
import json, sys
import paramiko
keys = paramiko.HostKeys()
try:
    keys.load(sys.argv[1])
except Exception as e:
    print(json.dumps({"error": type(e).__name__}))
    sys.exit(0)
out = {}
for name in sys.argv[2:]:
    entry = keys.lookup(name)
    out[name] = None if entry is None else {t: k.get_base64() for t, k in entry.items()}
print(json.dumps(out))
`;

void it('paramiko (Python X2Go) reads the confined known_hosts: the verified key under each lookup name, nothing else', (t) => {
  if (!toolsOrSkip(t, ['pyhoca-cli'])) return;
  const shebang = readFileSync(which('pyhoca-cli') ?? '', 'utf8').split('\n')[0] ?? '';
  const python = shebang.replace(/^#!\s*/, '').split(' ')[0] ?? 'python3';
  const dir = mkdtempSync(join(tmpdir(), 'launcher-pykh-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, '.ssh'));
  const [keyType, b64] = sshEd25519Key().split(' ') as [string, string];
  const file = join(dir, 'confined');
  writeFileSync(
    file,
    confinedKnownHosts({
      host: 'localhost',
      port: 2222,
      key: Buffer.from(b64, 'base64'),
      keyType,
      fingerprint: '',
      status: 'known',
      source: null,
      ms: 0,
    }),
  );
  const names = ['[localhost]:2222', '[127.0.0.1]:2222', 'localhost', '[other.example]:2222'];
  const r = spawnSync(python, ['-c', HOST_KEYS_READER, file, ...names], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), {
    '[localhost]:2222': { 'ssh-ed25519': b64 },
    '[127.0.0.1]:2222': { 'ssh-ed25519': b64 },
    localhost: null,
    '[other.example]:2222': null,
  });
});
