// Session-file generation for every profile type of the real test broker's fixture
// (captured listsessions reply), for both client dialects, plus hostile profiles.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { BrokerProfile } from '../../../src/shared/model';
import { LauncherError } from '../../../src/core/errors';
import { DEFAULT_LOCAL_RESOURCE_POLICY } from '../../../src/core/config/local-resources';
import { buildSessionFile, sessionSectionId } from '../../../src/core/launcher/session-file';
import type { SessionLogin } from '../../../src/core/launcher/types';
import { fixtureProfile, profileFromFields, selection } from '../../helpers/launcher-fixtures';
import { readQtIni, type QtValue } from '../../helpers/qt-ini-reader';

const KEY: SessionLogin = { method: 'ssh-key', keyFile: '/home/alice/.ssh/x2go key' };

function qt(profile: BrokerProfile, login: SessionLogin = KEY, over = {}): Map<string, QtValue> {
  const file = buildSessionFile({
    profile,
    selected: selection(profile, over),
    login,
    dialect: 'qt',
  });
  const parsed = readQtIni(file.content);
  assert.deepEqual([...parsed.keys()], ['General', file.sectionId], 'exactly one profile section');
  return parsed.get(file.sectionId) ?? new Map<string, QtValue>();
}

/** Python X2Go reads values literally except %% → %. */
function python(profile: BrokerProfile, login: SessionLogin = KEY, over = {}) {
  const file = buildSessionFile({
    profile,
    selected: selection(profile, over),
    login,
    dialect: 'python',
  });
  const lines = file.content.trimEnd().split('\n');
  assert.equal(lines[0], `[${file.sectionId}]`);
  assert.equal(lines.filter((l) => l.startsWith('[')).length, 1);
  const map = new Map<string, string>();
  for (const line of lines.slice(1)) {
    const at = line.indexOf('=');
    assert.ok(at > 0, line);
    map.set(line.slice(0, at), line.slice(at + 1).replaceAll('%%', '%'));
  }
  return { map, file };
}

void it("loopback-xterm (rootless command): server, user, key, and the broker's own values", () => {
  const p = fixtureProfile('loopback-xterm');
  const s = qt(p, KEY, { server: '127.0.0.1', port: 12222 });
  assert.equal(s.get('host'), '127.0.0.1');
  assert.equal(s.get('sshport'), '12222');
  assert.equal(s.get('user'), 'x2gotest');
  assert.equal(s.get('key'), '/home/alice/.ssh/x2go key');
  assert.equal(s.get('autologin'), 'false');
  assert.equal(s.get('command'), 'xterm');
  assert.equal(s.get('rootless'), '1');
  // issue 8: the local-resource keys are written by the launcher (the safe value), sound as
  // the profile asked; x2goclient defaults sound/print/fstunnel to true otherwise
  for (const k of ['sound', 'print', 'fstunnel', 'soundtunnel']) assert.equal(s.get(k), 'false', k);
  // python-x2go's key, written off for x2goclient too (which ignores it): every file says off
  assert.equal(s.get('useexports'), 'false');
  assert.equal(s.get('width'), '800');
  assert.deepEqual(s.get('applications'), ['TERMINAL', 'WWWBROWSER', 'MAILCLIENT', 'OFFICE']);
  const { map } = python(p);
  assert.equal(map.get('key'), '/home/alice/.ssh/x2go key');
  assert.equal(map.get('autologin'), 'false');
  assert.equal(map.get('applications'), 'TERMINAL,WWWBROWSER,MAILCLIENT,OFFICE');
  assert.equal(map.get('sound'), 'false');
  assert.equal(map.get('useexports'), 'false');
});

void it('desktop (LXDE, non-ASCII name): name read back exactly, ID made safe', () => {
  const p = fixtureProfile('büro-desktop');
  const s = qt(p);
  assert.equal(s.get('name'), 'Büro-Desktop – Größe ÄÖÜ ß · 日本語 · Ελληνικά · 🖥');
  assert.equal(s.get('command'), 'LXDE');
  assert.equal(s.get('rootless'), '0');
  const id = sessionSectionId('büro-desktop');
  assert.match(id, /^p-b_ro-desktop-[0-9a-f]{10}$/);
  assert.equal(sessionSectionId('büro-desktop'), id, 'stable');
  assert.notEqual(sessionSectionId('bäro-desktop'), id, 'distinct');
  // pyhoca-cli reads UTF-8 literally
  assert.equal(python(p).map.get('name'), 'Büro-Desktop – Größe ÄÖÜ ß · 日本語 · Ελληνικά · 🖥');
});

void it('published applications: published/command kept, broker icon not written', () => {
  const p = fixtureProfile('published-apps');
  const s = qt(p);
  assert.equal(s.get('published'), 'true');
  assert.equal(s.get('command'), 'PUBLISHED');
  assert.equal(
    s.get('icon'),
    undefined,
    'base64 icon data means nothing to x2goclient outside broker mode',
  );
});

void it('rootless custom command with arguments', () => {
  const s = qt(fixtureProfile('rootless-xterm'));
  assert.equal(s.get('command'), 'xterm -fa Monospace');
  assert.equal(s.get('rootless'), '1');
});

void it('RDP direct: refused without an admin-named client; with one, only our arguments', () => {
  // issue 8: the broker's rdpclient/directrdpsettings ran a local program (the RCE)
  const p = fixtureProfile('rdp-direct');
  assert.throws(
    () => qt(p),
    (e: unknown) =>
      e instanceof LauncherError && e.kind === 'client' && /directrdp/.test(e.message),
  );
  const file = buildSessionFile({
    profile: p,
    selected: selection(p),
    login: KEY,
    dialect: 'qt',
    resources: {
      policy: { ...DEFAULT_LOCAL_RESOURCE_POLICY, directRdpClient: '/usr/bin/xfreerdp' },
      answers: {},
    },
  });
  const s = readQtIni(file.content).get(file.sectionId)!;
  assert.equal(s.get('command'), 'RDP');
  assert.equal(s.get('directrdp'), 'true');
  assert.equal(s.get('rdpclient'), '/usr/bin/xfreerdp');
  assert.equal(s.get('rdpport'), '3389');
  assert.equal(s.get('directrdpsettings'), '', 'the broker never chooses the arguments');
  assert.equal(s.get('width'), '1024');
});

void it('RDP via X2Go: rdpserver as sent; rdpoptions that would hand over X2GO_PASSWORD left out', () => {
  const s = qt(fixtureProfile('rdp-via-x2go'));
  assert.equal(s.get('rdpserver'), 'win2019.example.test');
  // review of issue 8: the server substitutes the password into rdesktop's command line
  assert.equal(s.get('rdpoptions'), undefined);
  assert.equal(s.get('directrdp'), 'false');
});

void it('shadow session', () => {
  const s = qt(fixtureProfile('shadow-desktop'));
  assert.equal(s.get('command'), 'SHADOW');
});

void it('SSH proxy (jump host): off unless granted; granted to an admin-listed host it is kept', () => {
  const p = fixtureProfile('via-sshproxy');
  // issue 8: the broker's proxy settings are a local connection with reusable credentials
  const off = qt(p);
  assert.equal(off.get('usesshproxy'), 'false');
  assert.equal(off.get('sshproxyhost'), undefined);
  const file = buildSessionFile({
    profile: p,
    selected: selection(p),
    login: KEY,
    dialect: 'qt',
    resources: {
      policy: { ...DEFAULT_LOCAL_RESOURCE_POLICY, sshProxyHosts: ['jump.example.test'] },
      answers: { sshproxy: true },
    },
  });
  const s = readQtIni(file.content).get(file.sectionId)!;
  assert.equal(s.get('usesshproxy'), 'true');
  assert.equal(s.get('sshproxysamepass'), 'false');
  assert.equal(s.get('sshproxyautologin'), 'false');
  assert.equal(s.get('sshproxykeyfile'), '');
  assert.equal(s.get('sshproxyhost'), 'jump.example.test');
  assert.equal(s.get('sshproxyport'), '2222');
  assert.equal(s.get('sshproxyuser'), 'jumper');
  assert.equal(s.get('command'), 'ICEWM');
});

void it('broker-mode-only keys (usebrokerpass) are not passed on', () => {
  const s = qt(fixtureProfile('xfce-desktop'));
  assert.equal(s.get('usebrokerpass'), undefined);
  assert.equal(s.get('width'), '1280');
});

void it('login methods: broker key, --ssh-key, agent, password', () => {
  const p = fixtureProfile('loopback-xterm');
  const broker = qt(p, { method: 'broker-key', keyFile: '/tmp/x/session.key' });
  assert.equal(broker.get('key'), '/tmp/x/session.key');
  assert.equal(broker.get('autologin'), 'false');
  const agent = qt(p, { method: 'agent' });
  assert.equal(agent.get('key'), undefined);
  assert.equal(agent.get('autologin'), 'true');
  const password = qt(p, { method: 'password' });
  assert.equal(password.get('key'), undefined);
  assert.equal(password.get('autologin'), 'false');
  assert.equal(password.get('krblogin'), undefined);
  const krb = profileFromFields('k', { host: 'h', krblogin: '1', user: 'u' });
  assert.equal(qt(krb, { method: 'password' }).get('krblogin'), 'true'); // normalised bool
  assert.equal(qt(krb, KEY).get('krblogin'), 'false');
});

void it('the selection overrides the profile: SERVER host/port, the login user', () => {
  const p = fixtureProfile('kde-pool');
  const s = qt(p, KEY, { server: '2001:db8::7', port: 2222, user: 'bob' });
  assert.equal(s.get('host'), '2001:db8::7');
  assert.equal(s.get('sshport'), '2222');
  assert.equal(s.get('user'), 'bob');
  const noUser = buildSessionFile({
    profile: profileFromFields('n', { host: 'h' }),
    selected: selection(profileFromFields('n', { host: 'h' }), { user: '' }),
    login: KEY,
    dialect: 'qt',
  });
  assert.ok(noUser.warnings.some((w) => /no login user/.test(w)));
  assert.ok(!noUser.content.includes('\nuser='));
});

void it('JSON-typed values: booleans, numbers, lists, null', () => {
  const p = profileFromFields('json', {
    host: ['a', 'b'], rootless: true, fullscreen: false, width: 1024, applications: ['TERMINAL', 'OFFICE'], variant: null,
  }); // prettier-ignore
  const s = qt(p);
  assert.equal(s.get('rootless'), 'true');
  assert.equal(s.get('fullscreen'), 'false');
  assert.equal(s.get('width'), '1024');
  assert.deepEqual(s.get('applications'), ['TERMINAL', 'OFFICE']);
  assert.equal(s.get('variant'), '');
  assert.equal(s.get('host'), 'a');
});

// ---------------------------------------------------------------- hostile profiles

const HOSTILE_VALUES = [
  'x\nhost=evil.example.org',
  'x\r\n[loopback-xterm]\r\nkey=/tmp/stolen',
  'x\rkey=/etc/ssh/ssh_host_ed25519_key',
  '"quoted";comment,list=eq',
  '@Variant(\\0\\0\\0\\x7f\\0\\0\\0)',
  '\\x41\\n',
  '%(host)s %',
  ' leading and trailing ',
  '[section]',
];

void it('injection: hostile values stay inside their key for x2goclient (Qt reader)', () => {
  for (const evil of HOSTILE_VALUES) {
    const p = profileFromFields('evil', {
      name: evil, host: 'h', user: 'alice', command: evil, export: evil, 'extra-custom-key': evil,
    }); // prettier-ignore
    const s = qt(p, KEY, { server: 'srv.example.org', port: 22 });
    assert.equal(s.get('host'), 'srv.example.org', evil);
    assert.equal(s.get('key'), '/home/alice/.ssh/x2go key', evil);
    assert.equal(s.get('user'), 'alice', evil);
    assert.equal(s.get('name'), evil);
    assert.equal(s.get('command'), evil);
    // issue 8: export is a local resource (the launcher's empty value), unknown keys dropped
    assert.equal(s.get('export'), '');
    assert.equal(s.get('extra-custom-key'), undefined);
  }
});

void it('injection: hostile values are dropped (not rewritten) for pyhoca-cli', () => {
  for (const evil of HOSTILE_VALUES) {
    const p = profileFromFields('evil', { host: 'h', user: 'alice', command: evil, export: evil });
    const { map, file } = python(p, KEY, { server: 'srv.example.org', port: 22 });
    assert.equal(map.get('host'), 'srv.example.org');
    assert.equal(map.get('key'), '/home/alice/.ssh/x2go key');
    assert.equal(map.get('export'), '', 'a local resource: the launcher writes it');
    for (const k of ['command']) {
      const got = map.get(k);
      assert.ok(
        got === undefined || got === evil,
        `${k}: ${JSON.stringify(got)} for ${JSON.stringify(evil)}`,
      );
    }
    if (/[\r\n]|^ | $/.test(evil))
      assert.ok(file.warnings.some((w) => /left out for pyhoca-cli/.test(w)));
  }
});

void it('pyhoca-cli: eval() bait in list keys, non-boolean booleans, non-integer ints are dropped', () => {
  const p = profileFromFields('evil', {
    host: 'h', user: 'alice',
    applications: "[__import__('os').system('touch /tmp/pwned')]",
    sound: 'maybe', width: '80x', rootless: 'yes', quality: '7',
  }); // prettier-ignore
  const { map, file } = python(p);
  assert.equal(map.get('applications'), undefined);
  assert.equal(map.get('sound'), undefined);
  assert.equal(map.get('width'), undefined);
  assert.equal(map.get('rootless'), 'yes');
  assert.equal(map.get('quality'), '7');
  // sound is capped (a non-boolean is no request); width fails its type check before the writer
  assert.equal(file.warnings.filter((w) => /left out for pyhoca-cli/.test(w)).length, 1);
  assert.ok(file.warnings.some((w) => /width left out: "80x" is not a number/.test(w)));
});

void it('pyhoca-cli: % is doubled (configparser interpolation)', () => {
  const p = profileFromFields('pct', { host: 'h', user: 'u', command: 'echo 100% %(user)s' });
  const file = buildSessionFile({
    profile: p,
    selected: selection(p),
    login: KEY,
    dialect: 'python',
  });
  assert.match(file.content, /^command=echo 100%% %%\(user\)s$/m);
});

void it('pyhoca-cli: a login user it cannot carry is a clear error, not a silent change', () => {
  const p = profileFromFields('u', { host: 'h', user: 'al\nice' });
  assert.throws(
    () => buildSessionFile({ profile: p, selected: selection(p), login: KEY, dialect: 'python' }),
    (e: unknown) => e instanceof LauncherError && e.kind === 'protocol' && /user/.test(e.message),
  );
});

void it('hostile keys and profile IDs: never a new section or an option-like ID', () => {
  const p = profileFromFields('--evil id\n[x]', {
    host: 'h', user: 'u', 'bad key': '1', 'a\nb': '2', 'k[x]': '3', '__proto__': '4', General: '5',
  }); // prettier-ignore
  for (const dialect of ['qt', 'python'] as const) {
    const file = buildSessionFile({ profile: p, selected: selection(p), login: KEY, dialect });
    assert.match(file.sectionId, /^p-[A-Za-z0-9_.-]+$/);
    assert.equal(file.content.split('\n').filter((l) => l.startsWith('[')).length, 1);
    assert.ok(!/bad key|a\nb|k\[x\]/.test(file.content));
    assert.equal(file.warnings.filter((w) => /not a plain key name/.test(w)).length, 3);
  }
  for (const id of ['General', 'general', 'DEFAULT', 'none', '-x', '.', 'a'.repeat(65)])
    assert.notEqual(sessionSectionId(id), id, id);
  assert.equal(sessionSectionId('loopback-xterm'), 'loopback-xterm');
});

/** `key=value` lines of a one-section file, keys as written. */
function keyLines(content: string): Array<[string, string]> {
  return content
    .trimEnd()
    .split('\n')
    .slice(1)
    .map((line) => {
      const at = line.indexOf('=');
      return [line.slice(0, at), line.slice(at + 1)];
    });
}

// configparser lower-cases keys; Qt on Windows reads them case-insensitively, the last one wins
void it('a managed key in another letter case (Host, KEY, AutoLogin…) cannot override ours', () => {
  const p = profileFromFields('mixed-case', {
    Host: 'evil.example', KEY: '/home/victim/.ssh/id_rsa', AutoLogin: 'true', SSHPort: '2222',
    User: 'root', KrbLogin: 'true', Icon: 'AAAA', command: 'xterm',
  }); // prettier-ignore
  for (const dialect of ['qt', 'python'] as const) {
    const file = buildSessionFile({
      profile: p,
      selected: selection(p, { server: 'good.example', port: 22, user: 'alice' }),
      login: KEY,
      dialect,
    });
    const lines = keyLines(file.content);
    const lower = lines.map(([k]) => k.toLowerCase());
    assert.deepEqual(lower, [...new Set(lower)], `${dialect}: no key in two spellings`);
    const get = (key: string) => lines.find(([k]) => k.toLowerCase() === key);
    assert.deepEqual(get('host'), ['host', 'good.example'], dialect);
    assert.deepEqual(get('sshport'), ['sshport', '22'], dialect);
    assert.deepEqual(get('user'), ['user', 'alice'], dialect);
    assert.equal(get('key')?.[0], 'key', dialect);
    assert.match(get('key')?.[1] ?? '', /x2go key/, dialect);
    assert.deepEqual(get('autologin'), ['autologin', 'false'], dialect);
    assert.deepEqual(get('krblogin'), ['krblogin', 'false'], dialect);
    assert.equal(get('icon'), undefined, `${dialect}: broker-only Icon left out`);
    assert.deepEqual(get('command'), ['command', 'xterm'], dialect);
    assert.doesNotMatch(file.content, /evil\.example|victim|2222|root/, dialect);
    assert.ok(
      file.warnings.some((w) => w.includes('Host')),
      `${dialect}: warned: ${file.warnings.join('; ')}`,
    );
  }
});

void it('a profile key repeated in another letter case: the first is kept, the rest dropped with a warning', () => {
  const p = profileFromFields('dup-case', {
    command: 'xterm', Command: 'evil', COMMAND: 'evil2', Sound: 'maybe', Applications: '[1]',
  }); // prettier-ignore
  for (const dialect of ['qt', 'python'] as const) {
    const file = buildSessionFile({ profile: p, selected: selection(p), login: KEY, dialect });
    const lines = keyLines(file.content);
    assert.deepEqual(
      lines.filter(([k]) => k.toLowerCase() === 'command'),
      [['command', 'xterm']],
      dialect,
    );
    assert.equal(file.warnings.filter((w) => /Command|COMMAND/.test(w)).length, 2, dialect);
  }
  // Python X2Go reads `Sound` as sound (getboolean) and `Applications` as applications (eval)
  const py = buildSessionFile({
    profile: p,
    selected: selection(p),
    login: KEY,
    dialect: 'python',
  });
  assert.ok(!keyLines(py.content).some(([k]) => k === 'Sound' || k === 'Applications'));
});

void it('krblogin / name sent in another letter case are still the values used', () => {
  const p = profileFromFields('krb-case', { Name: 'Büro', KrbLogin: 'true' });
  const file = buildSessionFile({
    profile: p,
    selected: selection(p),
    login: { method: 'password' },
    dialect: 'python',
  });
  const lines = keyLines(file.content);
  assert.deepEqual(
    lines.filter(([k]) => ['name', 'krblogin'].includes(k.toLowerCase())),
    [
      ['name', 'Büro'],
      ['krblogin', 'true'],
    ],
  );
});
