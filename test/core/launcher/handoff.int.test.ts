// The hand-off allowlist (handoff-keys.ts) and the explicit safe values for local resources
// (local-resources.ts), for both dialects: every key the real Python X2Go knows is classified,
// the keys that named a local program never pass, and a fully hostile profile ends in a file
// where nothing local is on — unless the admin's policy and the user granted it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { it } from 'node:test';
import type { BrokerProfile } from '../../../src/shared/model';
import {
  DEFAULT_LOCAL_RESOURCE_POLICY,
  type LocalResourcePolicy,
} from '../../../src/core/config/local-resources';
import { LauncherError } from '../../../src/core/errors';
import { clientFor, pyhocaCannot } from '../../../src/core/launcher/client-limits';
import { HANDOFF_KEYS, keySpec } from '../../../src/core/launcher/handoff-keys';
import {
  openQuestions,
  parseExport,
  requestedResources,
  type ResourceConsent,
} from '../../../src/core/launcher/local-resources';
import { BROKER_PASS_WARNING, buildSessionFile } from '../../../src/core/launcher/session-file';
import type { SessionLogin } from '../../../src/core/launcher/types';
import { fixtureProfile, profileFromFields, selection } from '../../helpers/launcher-fixtures';
import { readQtIni } from '../../helpers/qt-ini-reader';
import { which } from '../../helpers/x2go-env';

const KEY: SessionLogin = { method: 'ssh-key', keyFile: '/k' };

/** Everything a hostile broker could ask of this machine, plus programs and unknown keys. */
const HOSTILE = {
  host: 'h', user: 'alice', command: 'RDP', directrdp: '1', rdpclient: '/bin/sh',
  directrdpsettings: '-c "touch /tmp/marker"', directxdmcp: '1', xdmcpclient: '/bin/sh',
  directxdmcpsettings: '-c id', forwardsshagent: '1', useexports: '1', fstunnel: '1',
  export: '/:1;/home:1;', usemimebox: '1', mimeboxaction: 'OPEN', print: '1', usesshproxy: '1',
  sshproxyhost: 'evil.example', sshproxykeyfile: '/home/alice/.ssh/id_rsa', sshproxysamepass: '1',
  sshproxysamekey: '1', sshproxyautologin: '1', sshproxykrblogin: '1', krbdelegation: '1',
  startsoundsystem: '1', restoreexports: '1', uniquehostkeyaliases: '1', 'x-unknown': 'v',
  clipboard: 'both', sound: '1', soundsystem: '/usr/bin/evil',
}; // prettier-ignore

function entries(
  profile: BrokerProfile,
  dialect: 'qt' | 'python',
  resources?: ResourceConsent,
  login: SessionLogin = KEY,
) {
  const file = buildSessionFile({
    profile,
    selected: selection(profile, { server: 'srv', port: 22 }),
    login,
    dialect,
    ...(resources ? { resources } : {}),
  });
  return { file, map: new Map(file.entries.map(([k, v]) => [k, v])) };
}

const policy = (over: Partial<LocalResourcePolicy> = {}): LocalResourcePolicy => ({
  ...DEFAULT_LOCAL_RESOURCE_POLICY,
  modes: { ...DEFAULT_LOCAL_RESOURCE_POLICY.modes },
  ...over,
});

void it('every key of the real Python X2Go default profile is classified in the one table', (t) => {
  const pyhoca = which('pyhoca-cli');
  if (!pyhoca) return t.skip('pyhoca-cli (python3-x2go) is not installed');
  const python = (readFileSync(pyhoca, 'utf8').split('\n')[0] ?? '')
    .replace(/^#!\s*/, '')
    .split(' ')[0]!;
  const r = spawnSync(python, ['-c', 'import json; from x2go.defaults import X2GO_SESSIONPROFILE_DEFAULTS as d; print(json.dumps(sorted(d)))'], { encoding: 'utf8' }); // prettier-ignore
  assert.equal(r.status, 0, r.stderr);
  const keys = JSON.parse(r.stdout) as string[];
  assert.ok(keys.length > 60, `${keys.length} keys`);
  const missing = keys.filter((k) => !keySpec(k)?.py);
  assert.deepEqual(missing, [], 'every Python X2Go key is in the table, marked py');
});

void it('keys naming a local program, its arguments or a local key file are in group never', () => {
  for (const k of ['rdpclient', 'directrdpsettings', 'xdmcpclient', 'directxdmcpsettings', 'sshproxykeyfile'])
    assert.equal(HANDOFF_KEYS[k]?.group, 'never', k);
  for (const k of ['forwardsshagent', 'useexports', 'fstunnel', 'export', 'usemimebox', 'mimeboxaction', 'print', 'usesshproxy', 'sshproxysamepass', 'krbdelegation', 'startsoundsystem', 'directrdp', 'directxdmcp'])
    assert.equal(HANDOFF_KEYS[k]?.group, 'local', k);
  assert.equal(keySpec('RdpClient')?.group, 'never', 'case-insensitive');
  assert.equal(keySpec('__proto__'), undefined);
}); // prettier-ignore

void it('direct RDP/XDMCP without an admin-named client: a clear LauncherError, both dialects', () => {
  for (const dialect of ['qt', 'python'] as const)
    assert.throws(
      () => entries(profileFromFields('p', HOSTILE), dialect),
      (e: unknown) =>
        e instanceof LauncherError &&
        e.kind === 'client' &&
        /administrator has named no local RDP client/.test(e.message),
    );
  assert.throws(
    () => entries(profileFromFields('p', { ...HOSTILE, command: 'XDMCP' }), 'qt'),
    /named no local XDMCP client/,
  );
});

void it('a hostile profile: every local resource written OFF, explicitly, in both dialects', () => {
  const p = profileFromFields('p', { ...HOSTILE, command: 'KDE' });
  const qt = entries(p, 'qt');
  const py = entries(p, 'python');
  const off = { fstunnel: 'false', export: '', print: 'false', usesshproxy: 'false', sshproxykeyfile: '', sshproxysamepass: 'false', sshproxyautologin: 'false', startsoundsystem: 'false', directrdp: 'false' }; // prettier-ignore
  for (const [k, v] of Object.entries(off)) {
    assert.equal(qt.map.get(k), v, `qt ${k}`);
    assert.equal(py.map.get(k), v, `python ${k}`);
  }
  for (const [k, v] of Object.entries({
    krbdelegation: 'false',
    sshproxysamekey: 'false',
    sshproxykrblogin: 'false',
    directxdmcp: 'false',
  }))
    // prettier-ignore
    assert.equal(qt.map.get(k), v, `qt ${k}`);
  for (const [k, v] of Object.entries({
    useexports: 'false',
    restoreexports: 'false',
    usemimebox: 'false',
    mimeboxaction: 'SAVEAS',
    forwardsshagent: 'false',
  }))
    // prettier-ignore
    assert.equal(py.map.get(k), v, `python ${k}`);
  for (const k of ['rdpclient', 'directrdpsettings', 'xdmcpclient', 'directxdmcpsettings', 'sshproxyhost', 'x-unknown', 'uniquehostkeyaliases', 'soundsystem'])
    for (const m of [qt.map, py.map]) assert.equal(m.get(k), undefined, k); // prettier-ignore
  // Python X2Go does not know these: never written for pyhoca-cli (unknown keys can crash it)
  for (const k of ['krbdelegation', 'directxdmcp', 'sshproxysamekey'])
    assert.equal(py.map.has(k), false, k);
  for (const w of [/rdpclient left out: it names a local program/, /sshproxykeyfile left out/, /not on the hand-off allowlist\): x-unknown/, /uniquehostkeyaliases left out: the launcher decides/])
    assert.ok(qt.file.warnings.some((x) => w.test(x)), `${w}`); // prettier-ignore
  const report = qt.file.localResources;
  assert.deepEqual(report.requested.folders, [ { path: '/', automount: true }, { path: '/home', automount: true } ]); // prettier-ignore
  assert.equal(report.requested.printing, true);
  assert.deepEqual(report.granted.folders, []);
  assert.equal(report.granted.printing, false);
  assert.ok(report.denied.some((d) => d.resource === 'agent'));
});

void it('a profile that says nothing: the safe values are still written (client defaults are on)', () => {
  const p = profileFromFields('quiet', { host: 'h', user: 'u', command: 'xterm' });
  assert.equal(entries(p, 'python').map.get('useexports'), 'false');
  assert.equal(entries(p, 'python').map.get('fstunnel'), 'false');
  assert.equal(entries(p, 'qt').map.get('print'), 'false');
  assert.equal(entries(p, 'qt').map.get('fstunnel'), 'false');
  assert.deepEqual(openQuestions(requestedResources(p), policy()), [], 'nothing to ask');
});

void it('granted by the admin and the user: folders in the admin list only, agent only with an agent login', () => {
  const p = profileFromFields('p', {
    ...HOSTILE,
    command: 'KDE',
    export: '/srv/x/in:1;/etc:1;/srv/x:0',
  });
  const consent: ResourceConsent = {
    policy: policy({ folderPaths: ['/srv/x'], sshProxyHosts: ['jump.example'], modes: { ...DEFAULT_LOCAL_RESOURCE_POLICY.modes, printing: 'allow', kerberos: 'deny' } }),
    answers: { folders: true, agent: true, sshproxy: true, mimebox: false },
  }; // prettier-ignore
  const qt = entries(p, 'qt', consent);
  assert.equal(qt.map.get('export'), '/srv/x/in:1;/srv/x:0;');
  assert.equal(qt.map.get('fstunnel'), 'true');
  assert.equal(qt.map.get('print'), 'true', 'admin allow: no answer needed');
  assert.equal(qt.map.get('krbdelegation'), 'false', 'admin deny wins over everything');
  assert.equal(qt.map.get('usesshproxy'), 'false', 'evil.example is not in the admin list');
  const denied = qt.file.localResources.denied.map((d) => `${d.resource}: ${d.reason}`);
  assert.ok(
    denied.some((d) => /^folders: \/etc is not in the administrator's list/.test(d)),
    denied.join('\n'),
  );
  assert.ok(denied.some((d) => /^agent: the login .* does not use the SSH agent/.test(d)));
  assert.ok(denied.some((d) => /^mimebox: you did not allow it/.test(d)));
  assert.ok(denied.some((d) => /^kerberos: the administrator does not allow it/.test(d)));
  const py = entries(p, 'python', consent, { method: 'agent' });
  assert.equal(py.map.get('forwardsshagent'), 'true', 'agent login: forwarding may be granted');
  assert.equal(py.map.get('useexports'), 'true');
  assert.equal(py.map.get('mimeboxaction'), 'SAVEAS');
});

void it('clipboard and sound stay within the admin caps', () => {
  const p = profileFromFields('p', { host: 'h', user: 'u', clipboard: 'both', sound: 'true', sndport: '4713' });
  const capped = entries(p, 'qt', { policy: policy({ clipboard: 'server', sound: false }), answers: {} });
  assert.equal(capped.map.get('clipboard'), 'server');
  assert.equal(capped.map.get('sound'), 'false');
  assert.equal(capped.map.get('sndport'), undefined);
  const open = entries(p, 'qt');
  assert.equal(open.map.get('clipboard'), 'both');
  assert.equal(open.map.get('sound'), 'true');
  // review: the sound port is never the broker's (it is the local end of a reverse tunnel)
  assert.equal(open.map.get('sndport'), undefined);
  assert.equal(open.map.get('defsndport'), 'true');
  const none = entries(profileFromFields('q', { host: 'h', user: 'u', clipboard: 'client' }), 'qt', { policy: policy({ clipboard: 'server' }), answers: {} });
  assert.equal(none.map.get('clipboard'), 'none', 'client ∩ server = none');
}); // prettier-ignore

void it('direct RDP with the admin client: its path, our (empty) arguments, never the broker ones', () => {
  const p = profileFromFields('p', HOSTILE);
  const qt = entries(p, 'qt', { policy: policy({ directRdpClient: '/usr/bin/xfreerdp' }), answers: {} });
  const s = readQtIni(qt.file.content).get(qt.file.sectionId)!;
  assert.equal(s.get('directrdp'), 'true');
  assert.equal(s.get('rdpclient'), '/usr/bin/xfreerdp');
  assert.equal(s.get('directrdpsettings'), '');
  assert.ok(!qt.file.content.includes('touch'), 'the broker arguments are nowhere');
}); // prettier-ignore

void it('usebrokerpass: the user is told they will be asked again (password logins only)', () => {
  const p = fixtureProfile('xfce-desktop');
  assert.ok(entries(p, 'qt', undefined, { method: 'password' }).file.warnings.includes(BROKER_PASS_WARNING));
  assert.ok(!entries(p, 'qt', undefined, KEY).file.warnings.includes(BROKER_PASS_WARNING));
}); // prettier-ignore

void it('pyhoca-cli limits: SHADOW, direct RDP/XDMCP and password logins go to x2goclient or are refused', () => {
  const shadow = fixtureProfile('shadow-desktop');
  assert.match(pyhocaCannot(shadow, 'broker-key') ?? '', /SHADOW/);
  assert.match(pyhocaCannot(fixtureProfile('rdp-direct'), 'agent') ?? '', /direct RDP/);
  assert.match(pyhocaCannot(fixtureProfile('loopback-xterm'), 'password') ?? '', /crashes when it prompts/);
  assert.equal(pyhocaCannot(fixtureProfile('loopback-xterm'), 'broker-key'), null);
  assert.equal(clientFor(shadow, 'broker-key', ['pyhoca-cli', 'x2goclient']).client, 'x2goclient');
  const none = clientFor(shadow, 'broker-key', ['pyhoca-cli']);
  assert.equal(none.client, null);
  assert.match(none.reasons[0] ?? '', /^pyhoca-cli: it cannot start desktop-sharing/);
}); // prettier-ignore

void it('export parsing follows both clients: ; and , separators, :0/:1 (# on Windows), bare paths', () => {
  assert.deepEqual(parseExport('"/home/a/Docs:1;/media/usb0:0;"'), [
    { path: '/home/a/Docs', automount: true },
    { path: '/media/usb0', automount: false },
  ]);
  assert.deepEqual(parseExport('/x,C:\\\\Users\\\\a#0'), [
    { path: '/x', automount: true },
    { path: 'C:\\\\Users\\\\a', automount: false },
  ]);
});

it('review: sndport/defsndport never from the broker (the local end of a reverse tunnel)', () => {
  const profile = profileFromFields('p', {
    host: 'h',
    sound: '1',
    soundsystem: 'pulse',
    defsndport: '0',
    sndport: '6379',
  });
  for (const dialect of ['qt', 'python'] as const) {
    const { map } = entries(profile, dialect);
    assert.equal(map.get('defsndport'), 'true', dialect);
    assert.equal(map.has('sndport'), false, dialect);
  }
});

it('review: rdpoptions naming X2GO_PASSWORD (any case) is left out with a warning', () => {
  const bad = profileFromFields('p', {
    host: 'h',
    command: 'RDP',
    rdpserver: 'rdp.example',
    rdpoptions: '-u X2GO_USER -p x2go_Password',
  });
  const good = profileFromFields('p', {
    host: 'h',
    command: 'RDP',
    rdpserver: 'rdp.example',
    rdpoptions: '-u X2GO_USER -g 1024x768',
  });
  for (const dialect of ['qt', 'python'] as const) {
    const { map, file } = entries(bad, dialect);
    assert.equal(map.has('rdpoptions'), false, dialect);
    assert.match(file.warnings.join('\n'), /rdpoptions left out.*X2GO_PASSWORD/);
    assert.equal(entries(good, dialect).map.get('rdpoptions'), '-u X2GO_USER -g 1024x768');
  }
});

it('review: with two spellings of a key the exact lower-case one reaches the file, as the tile reads it', () => {
  const profile = profileFromFields('p', { host: 'h', Command: 'SHADOW', command: 'TERMINAL' });
  for (const dialect of ['qt', 'python'] as const) {
    const { map, file } = entries(profile, dialect);
    assert.equal(map.get('command'), 'TERMINAL', dialect);
    assert.match(file.warnings.join('\n'), /Command left out/);
  }
});

it('review: a broker krblogin for a password login passes only as true/false', () => {
  const password: SessionLogin = { method: 'password' };
  assert.equal(
    entries(
      profileFromFields('p', { host: 'h', krblogin: 'garbage' }),
      'qt',
      undefined,
      password,
    ).map.has('krblogin'),
    false,
  );
  assert.equal(
    entries(
      profileFromFields('p', { host: 'h', krblogin: '1' }),
      'qt',
      undefined,
      password,
    ).map.get('krblogin'),
    'true',
  );
});
