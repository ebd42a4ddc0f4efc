// Hostile broker, HTTP, REAL x2gobroker (test/hostile/start-hostile-broker.sh): every hostile
// profile through `x2go-launcher launch --dry-run --json` (x2goclient and pyhoca-cli, plain
// and JSON dialect) ends in a clear error or a SAFE session file (helpers/hostile-env.ts:
// assertClearErrorOrSafe), nothing runs (marker files absent) and nothing is left in the
// private HOME/TMPDIR. Case names start with their attack class (README.md in this folder).
import assert from 'node:assert/strict';
import { describe, it, type TestContext } from 'node:test';
import {
  CLEAR_ERROR_CODES,
  assertClearErrorOrSafe,
  fixtureKnownHosts,
  hostileArgs,
  hostileBrokerOrSkip,
  markersPresent,
  privateHome,
  runHostileCli,
  type HostileBroker,
  type TimedCliResult,
} from '../helpers/hostile-env';

type Client = 'x2goclient' | 'pyhoca-cli';

async function dryRun(
  t: TestContext,
  profile: string,
  opts: { client?: Client; json?: boolean; extra?: string[] } = {},
): Promise<{ b: HostileBroker; r: TimedCliResult } | null> {
  const b = hostileBrokerOrSkip(t);
  if (!b) return null;
  const home = privateHome(b.password);
  try {
    const before = markersPresent(b.markerDir);
    const r = await runHostileCli(
      [
        'launch',
        profile,
        ...hostileArgs(b, home, opts.json),
        '--client',
        opts.client ?? 'x2goclient',
        '--dry-run',
        '--json',
        ...fixtureKnownHosts(),
        ...(opts.extra ?? []),
      ],
      home,
      { timeoutMs: 120_000 },
    );
    assert.deepEqual(markersPresent(b.markerDir), before, 'a marker file was created');
    assert.deepEqual(home.changes(), [], 'the dry run left files in HOME/TMPDIR');
    return { b, r };
  } finally {
    home.remove();
  }
}

function safeCase(
  name: string,
  profile: string,
  opts: { client?: Client; json?: boolean; mustRefuse?: boolean; anyError?: boolean } = {},
) {
  it(name, async (t) => {
    const got = await dryRun(t, profile, opts);
    if (!got) return;
    const res = assertClearErrorOrSafe(
      got.r,
      `${profile} (${opts.client ?? 'x2goclient'})`,
      opts.anyError ? CLEAR_ERROR_CODES : undefined,
    );
    if (opts.mustRefuse)
      assert.equal(res, null, `${profile}: expected a clear refusal, got a session file`);
  });
}

const PROFILES: Array<[string, string]> = [
  ['local-program: direct RDP rdpclient=/bin/sh + directrdpsettings', 'rce-directrdp'],
  ['local-program: direct XDMCP xdmcpclient=/bin/sh + directxdmcpsettings', 'rce-directxdmcp'],
  ['local-program: direct RDP without a pushed key', 'rce-directrdp-nokey'],
  ['local-program: rdpclient with a proxied RDP profile, option-like rdpserver', 'rce-rdpoptions'],
  ['local-resource: forwardsshagent=1', 'grab-agent'],
  ['local-resource: export=/:1; useexports=1 fstunnel=1', 'grab-folders'],
  ['local-resource: folder sharing by client defaults (profile silent)', 'grab-folders-defaults'],
  ['local-resource: usemimebox=1 mimeboxaction=OPEN', 'grab-mimebox'],
  ['local-resource: print=1', 'grab-print'],
  ['local-resource: usesshproxy + sshproxykeyfile + samepass/samekey', 'grab-sshproxy'],
  ['local-resource: krbdelegation=1', 'grab-krb'],
  ['local-resource: startsoundsystem=1', 'grab-sound'],
  ['local-resource: every resource at once + direct RDP', 'grab-everything'],
  ['injection: newline in values ([section] and rdpclient lines)', 'inject-newline'],
  ['injection: [section] text in name/command', 'inject-section'],
  ['injection: $(...), backticks, ; in name/command/applications', 'inject-shell'],
  ['injection: %-escapes in key names and values (%72dpclient)', 'inject-percent'],
  ['injection: quotes and unbalanced quotes', 'inject-quotes'],
  ['injection: 70 000-character values', 'inject-long'],
  ['injection: non-ASCII, bidi override, \\u0000 text', 'inject-nonascii'],
  [
    'injection: hostile key names (spaces, -o…, case variants of rdpclient/key/host)',
    'inject-keys',
  ],
];

describe('hostile broker (real x2gobroker, HTTP): launch --dry-run', { concurrency: 3 }, () => {
  for (const [name, profile] of PROFILES) safeCase(`${name} [x2goclient, plain]`, profile);

  for (const profile of [
    'rce-directrdp',
    'rce-directxdmcp',
    'grab-folders-defaults',
    'grab-everything',
    'inject-newline',
    'inject-keys',
    'inject-percent',
  ])
    // prettier-ignore
    safeCase(`pyhoca-cli hand-off: ${profile} [pyhoca-cli, plain]`, profile, {
      client: 'pyhoca-cli',
    });

  for (const profile of ['rce-directrdp', 'grab-everything', 'inject-keys'])
    safeCase(`json-dialect: ${profile} [x2goclient, json]`, profile, { json: true });

  safeCase('server-variant: SERVER:-oProxyCommand=… is refused', 'server-option', {
    mustRefuse: true,
    anyError: true,
  });
  safeCase('server-variant: SERVER:127.0.0.1 $(…):22 (blanks, shell) is refused', 'server-space', {
    mustRefuse: true,
    anyError: true,
  });
  safeCase('server-variant: SERVER: port 99999999999999999999 is refused', 'server-hugeport', {
    mustRefuse: true,
    anyError: true,
  });
  // (no sshd on ::1 / no host "alias": unreachable — exit 4 — is a clear answer here too)
  safeCase('server-variant: SERVER:::1:22 (bare IPv6) safe', 'server-ipv6', { anyError: true });
  safeCase('server-variant: alias mapped to an option-like address', 'server-mapped', {
    anyError: true,
  });

  it('terminal-text: list shows broker text with control/bidi characters made visible', async (t) => {
    const b = hostileBrokerOrSkip(t);
    if (!b) return;
    const home = privateHome(b.password);
    try {
      const r = await runHostileCli(['list', ...hostileArgs(b, home)], home);
      assert.equal(r.code, 0, r.stderr);
      // eslint-disable-next-line no-control-regex
      const raw = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
      assert.doesNotMatch(r.stdout, raw, 'raw control/bidi characters on the terminal');
      assert.doesNotMatch(r.stderr, raw, 'raw control/bidi characters on the terminal');
      assert.deepEqual(home.changes(), []);
    } finally {
      home.remove();
    }
  });

  it('injection: list --json keeps every hostile profile as data (ids intact)', async (t) => {
    const b = hostileBrokerOrSkip(t);
    if (!b) return;
    const home = privateHome(b.password);
    try {
      const r = await runHostileCli(['list', '--json', ...hostileArgs(b, home)], home);
      assert.equal(r.code, 0, r.stderr);
      const out = JSON.parse(r.stdout) as
        { profiles?: Array<{ id: string }> } | Array<{ id: string }>;
      const list = Array.isArray(out) ? out : (out.profiles ?? []);
      const ids = list.map((p) => p.id);
      for (const id of ['rce-directrdp', 'inject-newline', 'inject-section', 'server-option'])
        assert.ok(ids.includes(id), `${id} missing from ${ids.join(',')}`);
      // (x2gobroker itself writes a value's continuation line "[evil]" as a line of its own:
      // that the reply then holds a profile "evil" is the broker's doing and harmless — the
      // hand-off cases above prove what such a profile can reach)
    } finally {
      home.remove();
    }
  });
});
