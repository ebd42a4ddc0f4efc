// Hostile broker over SSH (helpers/hostile-double.ts: an ssh2 server in this process, its own
// host key): hostile profiles and keys through the ssh:// transport, a trickling and an
// oversize reply, control characters in the broker's stderr, an unknown host key, a channel
// closed mid-reply, and the remote command line run by every installed login shell (sh,
// bash, dash, zsh, fish, tcsh) staying one argument per word whatever the profile ID holds.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  PLAIN_PROFILE,
  plainList,
  plainSelect,
  sshPlainBroker,
  sshReply,
  startSshDouble,
  type SshDouble,
  type SshResponder,
} from '../helpers/hostile-double';
import {
  assertClearError,
  assertClearErrorOrSafe,
  fixtureKnownHosts,
  RAW_CONTROL,
  privateHome,
  runHostileCli,
  type PrivateHome,
  type TimedCliResult,
} from '../helpers/hostile-env';
import { which } from '../helpers/x2go-env';

async function withSsh(
  respond: SshResponder,
  args: (d: SshDouble, home: PrivateHome) => string[],
  check: (r: TimedCliResult, d: SshDouble, home: PrivateHome) => unknown,
  opts: { timeoutMs?: number; url?: (d: SshDouble) => string; knownHosts?: boolean } = {},
): Promise<void> {
  const d = await startSshDouble(respond);
  const home = privateHome(d.password);
  try {
    const r = await runHostileCli(
      [
        ...args(d, home),
        '--broker-url',
        opts.url ? opts.url(d) : d.url,
        '--broker-password-file',
        home.passwordFile,
        ...(opts.knownHosts === false ? [] : ['--known-hosts', d.knownHosts]),
      ],
      home,
      { timeoutMs: opts.timeoutMs ?? 120_000 },
    );
    await check(r, d, home);
    assert.deepEqual(home.changes(), [], 'files left in HOME/TMPDIR');
  } finally {
    await d.close();
    home.remove();
  }
}

const RCE_PROFILE = {
  ...PLAIN_PROFILE,
  command: 'RDP',
  directrdp: '1',
  rdpclient: '/bin/sh',
  directrdpsettings: '-c "touch /tmp/x2go-hostile-ssh-rce"',
  forwardsshagent: '1',
  export: '/:1;',
  useexports: '1',
  fstunnel: '1',
  usemimebox: '1',
  mimeboxaction: 'OPEN',
  print: '1',
  usesshproxy: '1',
  sshproxyhost: '127.0.0.1',
  sshproxykeyfile: '/root/.ssh/id_rsa',
  sshproxysamepass: '1',
  sshproxysamekey: '1',
  krbdelegation: '1',
  startsoundsystem: '1',
};
const RSA_KEY_SHAPE = `-----BEGIN RSA PRIVATE KEY-----\n${'QUJD'.repeat(16)}\n-----END RSA PRIVATE KEY-----\n`;

describe('hostile broker (SSH double)', { concurrency: 2 }, () => {
  it('local-program+local-resource over SSH: direct RDP + every resource → safe or refused', async () => {
    rmSync('/tmp/x2go-hostile-ssh-rce', { force: true });
    await withSsh(
      sshPlainBroker({ p: RCE_PROFILE }, plainSelect('127.0.0.1:12222', { key: RSA_KEY_SHAPE })),
      () => ['launch', 'p', '--dry-run', '--json', ...fixtureKnownHosts()],
      (r) => {
        assertClearErrorOrSafe(r, 'ssh rce');
        assert.ok(!existsSync('/tmp/x2go-hostile-ssh-rce'), 'marker created');
      },
    );
  });

  it('injection over SSH: newline/section/%-escape keys → safe or refused (pyhoca-cli)', async () => {
    await withSsh(
      sshPlainBroker(
        {
          p: {
            ...PLAIN_PROFILE,
            '%72dpclient': '/bin/sh',
            RDPCLIENT: '/bin/sh',
            command: 'xterm\n[q]\nrdpclient=/bin/sh',
          },
        },
        plainSelect('127.0.0.1:12222'),
      ),
      () => [
        'launch',
        'p',
        '--dry-run',
        '--json',
        '--client',
        'pyhoca-cli',
        ...fixtureKnownHosts(),
      ],
      (r) => {
        assertClearErrorOrSafe(r, 'ssh injection');
      },
    );
  });

  it('slow-reply over SSH: 1 byte/s ends at --timeout with exit 4', async () => {
    await withSsh(
      async (_exec, ch) => {
        for (const c of plainList({ p: PLAIN_PROFILE })) {
          if (ch.destroyed) return;
          ch.write(c);
          await sleep(1000);
        }
        sshReply(ch, '');
      },
      () => ['list', '--json', '--timeout', '3'],
      (r) => assertClearError(r, [4], 'ssh trickle'),
      { timeoutMs: 120_000 },
    );
  });

  it('oversize-reply over SSH: 24 MB on stdout is refused (exit 5)', async () => {
    await withSsh(
      async (_exec, ch) => {
        const chunk = Buffer.alloc(256 * 1024, 'A');
        for (let i = 0; i < 96 && !ch.destroyed; i++)
          if (!ch.write(chunk)) await new Promise((r) => ch.once('drain', r));
        sshReply(ch, '');
      },
      () => ['list', '--json'],
      (r) => assertClearError(r, [5], 'ssh oversize'),
    );
  });

  it('terminal-text over SSH: escape sequences in the broker stderr are made visible', async () => {
    await withSsh(
      (_exec, ch) =>
        sshReply(ch, '', 1, 'Traceback\n\u001b[2J\u001b]0;pwned\u0007boom\u009b31m\u202eevil\n'),
      () => ['list'],
      (r) => {
        assert.equal(r.code, 5, r.stderr);
        assert.match(r.stderr, /boom/, 'the broker message is shown');
        assert.doesNotMatch(r.stdout + r.stderr, RAW_CONTROL, r.stderr);
      },
    );
  });

  it('reset-reply over SSH: channel closed mid-reply without exit status (exit 4 or 5)', async () => {
    await withSsh(
      (_exec, ch) => {
        ch.write(plainList({ p: PLAIN_PROFILE }).slice(0, 40));
        setTimeout(() => ch.close(), 100);
      },
      () => ['list', '--json'],
      (r) => assertClearError(r, [4, 5], 'ssh close'),
    );
  });

  it('host-key: an unknown SSH broker key is refused (exit 4), known_hosts untouched', async () => {
    await withSsh(
      sshPlainBroker({ p: PLAIN_PROFILE }, plainSelect('127.0.0.1:22')),
      () => ['list', '--json'],
      (r, d) => {
        assertClearError(r, [4], 'unknown host key');
        assert.equal(d.execs.length, 0, 'a command ran on an unverified host');
      },
      { knownHosts: false },
    );
  });

  it('pushed-key over SSH: a passwd block between key lines is refused (exit 5)', async () => {
    await withSsh(
      sshPlainBroker(
        { p: PLAIN_PROFILE },
        plainSelect('127.0.0.1:22', {
          key: '-----BEGIN RSA PRIVATE KEY-----\nroot:x:0:0:root:/root:/bin/bash\n-----END RSA PRIVATE KEY-----\n',
        }),
      ),
      () => ['launch', 'p', '--dry-run', '--json'],
      (r) => assertClearError(r, [5], 'ssh fake key'),
    );
  });

  it('server-variant over SSH: option-like SERVER: is refused (select exit 5/6)', async () => {
    await withSsh(
      sshPlainBroker({ p: PLAIN_PROFILE }, plainSelect('-oProxyCommand=touch /tmp/x:22')),
      () => ['select', 'p', '--json'],
      (r) => assertClearError(r, [5, 6], 'ssh server option'),
    );
  });

  // The remote command is run by the broker account's login shell ($SHELL -c "<string>").
  // The double runs the string it received with every installed shell, the broker program
  // replaced by a script printing its argv one per line: each profile ID must come out as ONE
  // argument, unchanged, and nothing else may run.
  const SHELLS = ['sh', 'bash', 'dash', 'zsh', 'fish', 'tcsh'].filter((s) => which(s));
  const IDS = [
    `a'b"c; touch MARK; "`,
    '$(touch MARK)`touch MARK`',
    'trailing\\',
    'back\\\\slash\\n',
    'new\nline',
    'bang!x!$ ~root *? {a,b} %HOME% ${HOME} & | ;',
  ];
  const missing = ['sh', 'bash', 'dash', 'zsh', 'fish', 'tcsh'].filter((s) => !which(s));
  if (missing.length)
    it(`shell-quoting: shells not installed here, not tried: ${missing.join(', ')}`, (t) => {
      if (process.env.CI === 'true') throw new Error(`install ${missing.join(', ')}`);
      t.skip(`not installed: ${missing.join(', ')} (scripts/ci-install-packages.sh)`);
    });
  for (const rawId of IDS)
    it(`shell-quoting: select over SSH keeps profile ID ${JSON.stringify(rawId)} one argument in ${SHELLS.join(', ')}`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'x2go-hostile-argv-'));
      const printer = join(dir, 'argv-printer');
      writeFileSync(printer, '#!/bin/sh\nfor a in "$@"; do printf "<%s>\\n" "$a"; done\n');
      chmodSync(printer, 0o755);
      const mark = join(dir, 'MARK');
      const id = rawId.replaceAll('MARK', mark);
      const failures: string[] = [];
      try {
        await withSsh(
          (exec, ch) => {
            if (exec.task !== 'selectsession') return sshReply(ch, plainList({ p: PLAIN_PROFILE }));
            for (const shell of SHELLS) {
              const r = spawnSync(which(shell)!, ['-c', exec.command], {
                encoding: 'utf8',
                env: { PATH: '/usr/bin:/bin', HOME: dir },
                timeout: 10_000,
              });
              const args = [...r.stdout.matchAll(/^<([\s\S]*?)>$/gm)].map((m) => m[1]);
              const sid = args[args.indexOf('--sid') + 1];
              if (sid !== id || existsSync(mark))
                failures.push(
                  `${shell}: ${JSON.stringify(args)} (stderr ${r.stderr.trim().slice(0, 200)})`,
                );
              rmSync(mark, { force: true });
            }
            sshReply(ch, plainSelect('127.0.0.1:22'));
          },
          () => ['select', id, '--json'],
          (_r, d) =>
            assert.ok(
              d.execs.some((e) => e.task === 'selectsession'),
              'selectsession never ran',
            ),
          { url: (d) => d.url.replace('/usr/bin/x2gobroker-ssh', printer) },
        );
        assert.deepEqual(
          failures,
          [],
          `profile ID ${JSON.stringify(id)} split or ran:\n${failures.join('\n')}`,
        );
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
});
