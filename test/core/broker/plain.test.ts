// Plain-dialect parser on byte fixtures: real broker replies (docs/protocol.md §3.1, §8.2) and
// malformed and hostile variants (P*: listsessions, S*: selectsession; rules in §3.5, §8.2).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LauncherError } from '../../../src/core/errors';
import { plainDialect, splitLines } from '../../../src/core/broker/plain';
import { MAX_REPLY_WARNINGS } from '../../../src/core/broker/reply';
import type { BrokerTask } from '../../../src/core/transport/types';

const parse = (
  task: BrokerTask,
  body: string,
  contentType = 'text/plain; charset=utf-8',
  max?: number,
) => plainDialect.parse(task, { body, contentType }, max);

function rejects(fn: () => unknown, kind: string, pattern?: RegExp): LauncherError {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof LauncherError, `expected LauncherError, got ${String(e)}`);
    assert.equal(e.kind, kind, e.message);
    if (pattern) assert.match(e.message, pattern);
    return e;
  }
  assert.fail('expected a LauncherError');
}

// P1 (ref)
const P1 =
  'AUTHID:9889c9b3-a0ff-4716-8184-cdda83784905\nAccess granted\nSTART_USER_SESSIONS\n\n' +
  '[kde-single]\nname=KDE single host\nhost=srv1.example.org\ncommand=KDE\nuser=test\nrootless=0\nsshport=22\napplications=TERMINAL,WWWBROWSER,MAILCLIENT,OFFICE\n\n' +
  '[pool-multi]\nname=Folder/Sub/Pool session\nhost=ts01,ts02,ts03\ncommand=XFCE\nuser=test\nrootless=0\n\n' +
  'END_USER_SESSIONS\n';

// The real xfce-desktop section of a real listsessions reply (docs/protocol.md §3.1, untrimmed).
const XFCE_REAL = `AUTHID:43edc68a-d45d-4c72-ab1f-5fbd7705841a
Access granted
START_USER_SESSIONS

[xfce-desktop]
name=XFCE Desktop (single host)
host=xfce.example.test
command=XFCE
width=1280
height=800
usebrokerpass=true
icon=iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAIAAACQkWg2AAAAFklEQVR42mPQqzUiCTGMahjVMHw1AAB63t0BySdljwAAAABJRU5ErkJggg==
user=test
sshport=22
rootless=0
kdrive=0
defsndport=1
useiconv=0
iconvfrom=UTF-8
export=
quality=9
fullscreen=0
layout=
useexports=1
speed=2
soundsystem=pulse
print=1
type=auto
sndport=4713
xinerama=1
variant=
usekbd=1
fstunnel=1
applications=TERMINAL,WWWBROWSER,MAILCLIENT,OFFICE
multidisp=0
sshproxyport=22
sound=1
iconvto=UTF-8
soundtunnel=1
dpi=96
setdpi=0
pack=16m-jpeg
directrdp=0

END_USER_SESSIONS
`;

function p1Checks(body: string) {
  const r = parse('listsessions', body);
  assert.equal(r.authId, '9889c9b3-a0ff-4716-8184-cdda83784905');
  assert.deepEqual(
    r.profiles!.map((p) => p.id),
    ['kde-single', 'pool-multi'],
  );
  assert.equal(r.profiles![0]!.fields.rootless, '0');
  // unquoted commas make a Qt string list (as x2goclient reads it; JSON sends arrays too)
  assert.deepEqual(r.profiles![0]!.fields.applications, [
    'TERMINAL',
    'WWWBROWSER',
    'MAILCLIENT',
    'OFFICE',
  ]);
  assert.deepEqual(r.profiles![1]!.fields.host, ['ts01', 'ts02', 'ts03']);
  assert.equal(r.profiles![1]!.fields.name, 'Folder/Sub/Pool session');
  return r;
}

describe('plain listsessions', () => {
  it('P1 parses the reference list', () => {
    const r = p1Checks(P1);
    assert.deepEqual(r.warnings, []);
  });

  it('parses the real xfce-desktop section with all 38 keys', () => {
    const r = parse('listsessions', XFCE_REAL);
    const f = r.profiles![0]!.fields;
    assert.equal(Object.keys(f).length, 38);
    assert.equal(f.usebrokerpass, 'true');
    assert.equal(f.export, '');
    assert.equal(f.pack, '16m-jpeg');
    assert.equal(Object.getPrototypeOf(f), null);
  });

  it('P2 zero profiles: authenticated, empty list', () => {
    const r = parse('listsessions', 'AUTHID:37a2\nAccess granted\n');
    assert.equal(r.authId, '37a2');
    assert.deepEqual(r.profiles, []);
  });

  it('P3 noauth: no cookie, empty user', () => {
    const r = parse(
      'listsessions',
      'Access granted\nSTART_USER_SESSIONS\n\n[a]\nname=A\nuser=\n\nEND_USER_SESSIONS\n',
    );
    assert.equal(r.authId, null);
    assert.equal(r.profiles![0]!.fields.user, '');
  });

  it('P4 CRLF line endings give the same result', () => {
    p1Checks(P1.replace(/\n/g, '\r\n'));
  });

  it('P5 legacy <br> separators give the same result', () => {
    p1Checks(P1.replace(/\n/g, '<br>'));
  });

  it('trailing spaces after markers and headers are tolerated', () => {
    const body = P1.replace('Access granted\n', 'Access granted  \n')
      .replace('START_USER_SESSIONS\n', 'START_USER_SESSIONS \n')
      .replace('[kde-single]\n', '[kde-single] \t\n')
      .replace('END_USER_SESSIONS\n', 'END_USER_SESSIONS   \n');
    p1Checks(body);
  });

  it('P6 missing END marker: parse to the end, with a warning', () => {
    const r = p1Checks(P1.replace('END_USER_SESSIONS\n', ''));
    assert.match(r.warnings.join(), /END_USER_SESSIONS/);
  });

  it('P7 data after the END marker does not touch the profiles', () => {
    const r = p1Checks(
      `${P1}START_CLIENT_CONFIG\nevents=true\n[evil]\nname=x\nEND_CLIENT_CONFIG\n`,
    );
    assert.equal(r.profiles!.length, 2);
  });

  it('P8 "Access granted" only inside a value is not a grant', () => {
    const body =
      'Access denied\nSTART_USER_SESSIONS\n[a]\nname=Access granted\nEND_USER_SESSIONS\n';
    rejects(() => parse('listsessions', body), 'auth');
  });

  it('P9 injected lines: continuation ignored, AUTHID inside a block ignored, export verbatim', () => {
    const body =
      'AUTHID:real\nAccess granted\nSTART_USER_SESSIONS\n\n[weird]\nname=x\nmulti=first line\ncontinued line\nAUTHID:injected\nexport=/a:1;/b:0;\n\nEND_USER_SESSIONS\n';
    const r = parse('listsessions', body);
    assert.equal(r.authId, 'real');
    const f = r.profiles![0]!.fields;
    assert.equal(f.multi, 'first line');
    assert.equal(f.export, '/a:1;/b:0;');
    assert.equal(Object.keys(f).includes('continued line'), false);
  });

  it('an AUTHID line after "Access granted" never sets the cookie', () => {
    const r = parse('listsessions', 'Access granted\nAUTHID:late\n');
    assert.equal(r.authId, null);
  });

  it('P10 values are decoded with Qt INI rules (as x2goclient reads them); UTF-8 kept', () => {
    // Behaviour change (issue 8 point 8): values were kept verbatim; x2goclient reads them
    // with QSettings, so quotes, escapes and unquoted commas now mean what they mean to Qt.
    const lines = [
      'name="Name with = equals; semicolon, comma and \\"quotes\\" and \\\\backslash and Ünïcödé"',
      'export="/home/alice/Documents:1;/media/usb0:1;"',
      'path=C:\\\\Users\\\\alice',
      'host=ts1, ts2 ,"ts,3"',
      'plain=/a:1;/b:0;',
      'tabbed=a\\tb\\x41\\101',
    ];
    const r = parse(
      'listsessions',
      `Access granted\nSTART_USER_SESSIONS\n[a]\n${lines.join('\n')}\nEND_USER_SESSIONS\n`,
    );
    const f = r.profiles![0]!.fields;
    assert.equal(
      f.name,
      'Name with = equals; semicolon, comma and "quotes" and \\backslash and Ünïcödé',
    );
    assert.equal(f.export, '/home/alice/Documents:1;/media/usb0:1;');
    assert.equal(f.path, 'C:\\Users\\alice');
    assert.deepEqual(f.host, ['ts1', 'ts2', 'ts,3']);
    // an unquoted `;` is kept (Qt would cut it: docs/protocol.md §3.4)
    assert.equal(f.plain, '/a:1;/b:0;');
    assert.equal(f.tabbed, 'a\tbAA');
  });

  it('a value that is a list of more than MAX_QT_LIST_ITEMS items is dropped with a warning', () => {
    const r = parse(
      'listsessions',
      `Access granted\nSTART_USER_SESSIONS\n[a]\nname=A\nhost=${','.repeat(1_000_000)}\nEND_USER_SESSIONS\n`,
    );
    assert.equal(r.profiles![0]!.fields.host, undefined);
    assert.equal(r.profiles![0]!.fields.name, 'A');
    assert.match(r.warnings.join('\n'), /ignored key host: a list of more than 4096 items/);
  });

  it('P12 unknown keys are preserved as strings', () => {
    const r = parse(
      'listsessions',
      'Access granted\nSTART_USER_SESSIONS\n[a]\nextra-custom-key=hello world\nEND_USER_SESSIONS\n',
    );
    assert.equal(r.profiles![0]!.fields['extra-custom-key'], 'hello world');
  });

  it('P13 duplicate sections merge, later keys win, with a warning', () => {
    const r = parse(
      'listsessions',
      'Access granted\nSTART_USER_SESSIONS\n[a]\nname=first\nhost=h1\n[b]\nname=B\n[a]\nname=second\nEND_USER_SESSIONS\n',
    );
    assert.deepEqual(
      r.profiles!.map((p) => p.id),
      ['a', 'b'],
    );
    assert.equal(r.profiles![0]!.fields.name, 'second');
    assert.equal(r.profiles![0]!.fields.host, 'h1');
    assert.match(r.warnings.join(), /twice/);
  });

  it('P14 lines without "=" and empty keys are ignored', () => {
    const r = parse(
      'listsessions',
      'Access granted\nSTART_USER_SESSIONS\n[a]\nnoequals\n=x\nname=A\nEND_USER_SESSIONS\n',
    );
    assert.deepEqual(Object.keys(r.profiles![0]!.fields), ['name']);
  });

  it('P15 header with trailing spaces is fine; header without "]" drops its block', () => {
    const r = parse(
      'listsessions',
      'Access granted\nSTART_USER_SESSIONS\n[a] \nname=A\n[broken\nname=B\n[c]\nname=C\nEND_USER_SESSIONS\n',
    );
    assert.deepEqual(
      r.profiles!.map((p) => [p.id, p.fields.name]),
      [
        ['a', 'A'],
        ['c', 'C'],
      ],
    );
    assert.match(r.warnings.join(), /malformed header/);
  });

  it('P16 profile IDs with spaces, & and non-ASCII are kept exactly', () => {
    const r = parse(
      'listsessions',
      'Access granted\nSTART_USER_SESSIONS\n[weird id with spaces & amp]\nname=W\n[büro-desktop]\nname=B\nEND_USER_SESSIONS\n',
    );
    assert.deepEqual(
      r.profiles!.map((p) => p.id),
      ['weird id with spaces & amp', 'büro-desktop'],
    );
  });

  it("P17 invalid UTF-8 bytes arrive as U+FFFD (decoding is the transport's) and parse", () => {
    const body = new TextDecoder().decode(
      Buffer.concat([
        Buffer.from('Access granted\nSTART_USER_SESSIONS\n[a]\nname=x'),
        Buffer.from([0xff, 0xfe]),
        Buffer.from('y\nEND_USER_SESSIONS\n'),
      ]),
    );
    const r = parse('listsessions', body);
    assert.equal(r.profiles![0]!.fields.name, 'x\uFFFD\uFFFDy');
  });

  it('P18 a reply above the size limit is refused with a clear error', () => {
    const huge = 'Access granted\nSTART_USER_SESSIONS\n' + '[p]\nname=x\n'.repeat(100_000);
    rejects(() => parse('listsessions', huge, undefined, 1_000_000), 'protocol', /too large/);
  });

  it('P19 zeroconf-style UUID id and plain host', () => {
    const r = parse(
      'listsessions',
      'Access granted\nSTART_USER_SESSIONS\n\n[2f1c7a34-6a7e-4a55-8b0e-0d2b9c1e5f33]\nname=LOCALHOST\nhost=localhost\n\nEND_USER_SESSIONS\n',
    );
    assert.equal(r.profiles![0]!.fields.host, 'localhost');
  });

  it('hostile keys (__proto__, constructor) are inert data', () => {
    const r = parse(
      'listsessions',
      'Access granted\nSTART_USER_SESSIONS\n[__proto__]\n__proto__=polluted\nconstructor=x\nname=P\nEND_USER_SESSIONS\n',
    );
    const p = r.profiles![0]!;
    assert.equal(p.id, '__proto__');
    assert.equal(p.fields['__proto__'], 'polluted');
    assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
    assert.equal(Object.prototype.hasOwnProperty.call(p.fields, '__proto__'), true);
  });

  it('a web page instead of a broker reply is a protocol error with a hint', () => {
    const e = rejects(
      () =>
        parse('listsessions', '<html><body>Please log in to the Wi-Fi</body></html>', 'text/html'),
      'protocol',
    );
    assert.match(e.details.hint ?? '', /web page/);
    assert.match(e.details.line ?? '', /Wi-Fi/);
  });

  it('error lines never reveal the cookie', () => {
    const e = rejects(
      () => parse('listsessions', 'AUTHID:secret-cookie-1\nSomething else\n'),
      'protocol',
    );
    assert.doesNotMatch(JSON.stringify(e.details), /secret-cookie-1/);
    assert.match(e.details.line ?? '', /AUTHID:<hidden>/);
  });

  it('an empty reply is an authentication failure (SSH broker style)', () => {
    rejects(() => parse('listsessions', ''), 'auth');
  });
});

describe('plain selectsession', () => {
  const sel = (rest: string) =>
    parse('selectsession', `AUTHID:c1\nAccess granted\n${rest}`).selection!;

  it('S1 host and port, no key, no session info', () => {
    const s = sel('SERVER:srv1.example.org:22\n');
    assert.deepEqual(
      [s.server, s.port, s.privateKey, s.sessionInfo],
      ['srv1.example.org', 22, null, []],
    );
  });

  it('S2 address with another port', () => {
    const s = sel('SERVER:10.0.0.12:2222\n');
    assert.deepEqual([s.server, s.port], ['10.0.0.12', 2222]);
  });

  it('S3 autologin key and resumable session', () => {
    const keyLines = [
      '-----BEGIN RSA PRIVATE KEY-----',
      ...Array.from({ length: 25 }, (_, i) => `QUJD${i}`.padEnd(64, 'A')),
      '-----END RSA PRIVATE KEY-----',
    ];
    const info =
      '30342|test-50-1414759661_stDMATE_dp24|50|srv9|S|2014-10-31T13:47:41|c02c7bbe58677a2726f7e456cb398ae4|127.0.0.1|30001|30002|2014-10-31T13:47:43|test|34|30003|-1|-1';
    const s = sel(`SERVER:srv9:22\n${keyLines.join('\n')}\nSESSION_INFO:${info}\n`);
    assert.equal(s.privateKey, `${keyLines.join('\n')}\n`);
    assert.equal(s.sessionInfo.length, 1);
    const i = s.sessionInfo[0]!;
    assert.deepEqual(
      [i.name, i.display, i.host, i.status, i.typeLetter, i.command, i.depth, i.agentPid],
      ['test-50-1414759661_stDMATE_dp24', 50, 'srv9', 'S', 'D', 'MATE', 24, 30342],
    );
  });

  it('S4 the special no-server values are returned for the session layer to refuse', () => {
    assert.equal(sel('SERVER:no-server-available:22\n').server, 'no-server-available');
    assert.equal(sel('SERVER:no-X2Go-Server-available:22\n').server, 'no-X2Go-Server-available');
  });

  it('S5 no SERVER line is a protocol error, not a crash', () => {
    rejects(() => parse('selectsession', 'AUTHID:c3\nAccess granted\n'), 'protocol', /no server/);
  });

  it('S6 IPv6 forms', () => {
    assert.deepEqual(Object.values(pick(sel('SERVER:2001:db8::7:22\n'))), ['2001:db8::7', 22]);
    assert.deepEqual(Object.values(pick(sel('SERVER:[2001:db8::1]:2222\n'))), [
      '2001:db8::1',
      2222,
    ]);
    assert.deepEqual(Object.values(pick(sel('SERVER:::1:22\n'))), ['::1', 22]);
    assert.deepEqual(Object.values(pick(sel('SERVER:[fe80::1]\n'))), ['fe80::1', null]);
  });

  it('S7 no port: null (the profile sshport applies)', () => {
    assert.deepEqual(Object.values(pick(sel('SERVER:host\n'))), ['host', null]);
  });

  it('S8 invalid ports and empty hosts are errors', () => {
    for (const bad of [
      'SERVER:host:abc',
      'SERVER:host:0',
      'SERVER:host:70000',
      'SERVER::22',
      'SERVER:',
    ])
      rejects(() => sel(`${bad}\n`), 'protocol');
  });

  it('a server name that could become an ssh option is refused', () => {
    rejects(() => sel('SERVER:-oProxyCommand=touch$IFS/tmp/x:22\n'), 'protocol', /invalid server/);
    rejects(() => sel('SERVER:a b:22\n'), 'protocol');
  });

  it('S9 CR before LF is stripped', () => {
    assert.deepEqual(Object.values(pick(sel('SERVER:host:22\r\n'))), ['host', 22]);
  });

  it('S10 OPENSSH/DSA/EC keys extracted; BEGIN without END, two keys, non-key text refused', () => {
    for (const kind of ['OPENSSH ', 'DSA ', 'EC ', '']) {
      const key = `-----BEGIN ${kind}PRIVATE KEY-----\nAAAA\n-----END ${kind}PRIVATE KEY-----\n`;
      assert.equal(sel(`SERVER:h:22\n${key}`).privateKey, key);
    }
    // a legacy encrypted PEM key keeps its RFC 1421 headers
    const pem =
      '-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00FF\n\nAAAA\n-----END RSA PRIVATE KEY-----\n';
    assert.equal(sel(`SERVER:h:22\n${pem}`).privateKey, pem);
    rejects(
      () => sel('SERVER:h:22\n-----BEGIN RSA PRIVATE KEY-----\nAAAA\n'),
      'protocol',
      /without its END/,
    );
    // issue 8: one key per reply, and only key data inside it (the block is never written)
    const two =
      '-----BEGIN RSA PRIVATE KEY-----\nONE\n-----END RSA PRIVATE KEY-----\n-----BEGIN RSA PRIVATE KEY-----\nTWO\n-----END RSA PRIVATE KEY-----\n';
    rejects(() => sel(`SERVER:h:22\n${two}`), 'protocol', /more than one private key/);
    for (const body of ['root:x:0:0:root:/root:/bin/bash', 'SERVER:evil:22', 'AA AA', ''])
      rejects(
        () =>
          sel(
            `SERVER:h:22\n-----BEGIN RSA PRIVATE KEY-----\n${body}\n-----END RSA PRIVATE KEY-----\n`,
          ),
        'protocol',
        /not base64|no key data/,
      );
    rejects(
      () =>
        sel(
          'SERVER:h:22\n-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----\nSERVER:x:22\n-----END RSA PRIVATE KEY-----\n',
        ),
      'protocol',
      /not base64/,
    );
  });

  it('S11 SESSION_INFO with 9 fields ignored; two lines → two entries', () => {
    const ok = '1|u-50-1_stRxterm_dp24|50|h|R|t|c|1.2.3.4|1|2|t|u|3';
    const r = parse(
      'selectsession',
      `Access granted\nSERVER:h:22\nSESSION_INFO:1|2|3|4|5|6|7|8|9\nSESSION_INFO:${ok}\nSESSION_INFO:${ok.replace('|R|', '|S|')}\n`,
    );
    assert.equal(r.selection!.sessionInfo.length, 2);
    assert.equal(r.selection!.sessionInfo[0]!.typeLetter, 'R');
    assert.match(r.warnings.join(), /SESSION_INFO/);
  });

  it('S12 SESSION_INFO host differs from SERVER: the SERVER address stays the target', () => {
    const s = sel(
      'SERVER:10.0.0.5:22\nSESSION_INFO:1|u-50-1_stDMATE_dp24|50|ts02|S|t|c|ip|1|2|t|u|3\n',
    );
    assert.equal(s.server, '10.0.0.5');
    assert.equal(s.sessionInfo[0]!.host, 'ts02');
    assert.equal(s.sessionInfo[0]!.name, 'u-50-1_stDMATE_dp24');
  });
});

describe('plain testcon', () => {
  it('S13 "OK" (no Access granted) is success', () => {
    assert.equal(parse('testcon', 'OK').testcon, true);
    assert.equal(parse('testcon', 'OK\n\n').testcon, true); // SSH mode appends a LF
  });
  it('anything else is a protocol error', () => {
    rejects(() => parse('testcon', '<html>nope</html>', 'text/html'), 'protocol');
  });
});

describe('splitLines', () => {
  it('handles LF, CRLF, <br> and <br/>', () => {
    assert.deepEqual(splitLines('a\r\nb<br>c<BR/>d\n'), ['a', 'b', 'c', 'd', '']);
  });
});

function pick(s: { server: string; port: number | null }) {
  return { server: s.server, port: s.port };
}

void it('warnings per reply are capped: a reply of bad lines cannot make millions of them', () => {
  const body = `Access granted\nSTART_USER_SESSIONS\n${'[]\n'.repeat(20_000)}END_USER_SESSIONS\n`;
  const r = parse('listsessions', body);
  assert.equal(r.warnings.length, MAX_REPLY_WARNINGS);
  assert.equal(r.warnings.at(-1), `… and ${20_000 - MAX_REPLY_WARNINGS + 1} more warnings`);
  assert.deepEqual(JSON.parse(JSON.stringify(r.warnings)), [...r.warnings], 'still a plain list');
});
