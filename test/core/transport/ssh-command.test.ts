// The SSH broker's argv, its quoting and the mapping of its output (docs/protocol.md §5.2–5.4,
// cases X1–X8). Quoting is proven by a real POSIX shell; output fixtures are the replies
// recorded from x2gobroker 0.0.4.3 (the SSH broker of test/peers/start.sh).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { LauncherError } from '../../../src/core/errors';
import {
  brokerArgv,
  extractReply,
  interpretResult,
  mentionsCookieDirCrash,
  remoteCommand,
  shellQuote,
} from '../../../src/core/transport/ssh-command';

/** A tiny "broker" that prints its arguments NUL-terminated. */
const ARGV_ECHO = join(mkdtempSync(join(tmpdir(), 'x2gol-argv-')), 'argv-echo');
writeFileSync(ARGV_ECHO, '#!/bin/sh\nprintf \'%s\\0\' "$@"\n', { mode: 0o755 });

const HOSTILE = [
  `it's "x" $(id)`,
  '`id`; rm -rf /tmp/nothing &',
  "a'b''c'''",
  'tab\there\nnew line',
  '$HOME ${PATH} $((1+1)) \\n \\',
  '*?[a-z]',
  '-x --task evil',
  'büro-desktop ✓ 日本',
  '',
  "'",
];

describe('shellQuote', () => {
  it('gives every hostile string to a real /bin/sh verbatim', () => {
    for (const shell of ['sh', 'bash']) {
      const cmd = `printf '%s\\0' ${HOSTILE.map(shellQuote).join(' ')}`;
      const r = spawnSync(shell, ['-c', cmd], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      assert.deepEqual(r.stdout.split('\0').slice(0, -1), HOSTILE, shell);
    }
  });
  it('leaves plain words readable and refuses NUL', () => {
    assert.equal(shellQuote('/usr/bin/x2gobroker-ssh'), '/usr/bin/x2gobroker-ssh');
    assert.equal(shellQuote('3f2c9a6e-5b1d-4e8f'), '3f2c9a6e-5b1d-4e8f');
    assert.equal(shellQuote("it's"), `'it'\\''s'`);
    assert.throws(
      () => shellQuote('a\0b'),
      (e) => e instanceof LauncherError && e.kind === 'usage',
    );
  });
});

describe('brokerArgv', () => {
  const cmd = '/usr/bin/x2gobroker-ssh';
  it('builds x2goclient 4.1.2.2 order, omits an empty --authid and --user for oneself', () => {
    assert.deepEqual(
      brokerArgv(cmd, { task: 'listsessions', user: 'alice', authid: '' }, 'alice'),
      [cmd, '--task', 'listsessions'],
    );
    assert.deepEqual(
      brokerArgv(cmd, { task: 'selectsession', sid: 'kde', authid: 'c1', login: 'bob' }, 'alice'),
      [cmd, '--authid', 'c1', '--task', 'selectsession', '--sid', 'kde', '--login', 'bob'],
    );
  });
  it('passes --user only in the magic-user form (acting for someone else)', () => {
    assert.deepEqual(brokerArgv(cmd, { task: 'listsessions', user: 'jacques' }, 'x2gobroker'), [
      cmd,
      '--user',
      'jacques',
      '--task',
      'listsessions',
    ]);
  });
  it('never puts the password on the command line', () => {
    const argv = brokerArgv(cmd, { task: 'listsessions', password: 's3cret' }, 'a');
    assert.ok(!argv.join(' ').includes('s3cret'));
  });
  it('quotes a hostile profile ID into one argument', () => {
    const line = remoteCommand(
      brokerArgv(ARGV_ECHO, { task: 'selectsession', sid: HOSTILE[0]! }, 'a'),
      'M',
    );
    // run the exact remote command string through sh with an argv echo as the "broker"
    const r = spawnSync('sh', ['-c', line], { encoding: 'utf8' });
    assert.deepEqual(r.stdout.split('\n').slice(1).join('\n').split('\0').slice(0, -1), [
      '--task',
      'selectsession',
      '--sid',
      HOSTILE[0],
    ]);
  });
});

describe('remoteCommand under every login shell (local shells; the real sshd: ssh-login-shells.test.ts)', () => {
  const shells = ['sh', 'bash', 'dash', 'zsh', 'fish', 'tcsh'];
  const nasty = [
    ...HOSTILE,
    '!!',
    '!$ !-1 ^a^b',
    '%1 %s %%',
    '{a,b} ~ ~root',
    'a\\',
    '\\',
    "\\'",
    'x\n',
    '\n\n',
    '-v',
    '--',
    '; exit 3',
    '\r\t\u0001\u007f',
    'é\u00a0€𝄞',
  ];
  for (const shell of shells) {
    it(`${shell}: every hostile word arrives byte-exact as one argument`, (t) => {
      if (spawnSync('sh', ['-c', `command -v ${shell}`]).status !== 0)
        return void t.skip(`${shell} is not installed (apt-get install ${shell})`);
      const line = remoteCommand([ARGV_ECHO, ...nasty], 'X2GODATABEGIN:m');
      const r = spawnSync(shell, ['-c', line], { encoding: 'utf8', cwd: '/tmp' });
      assert.equal(r.status, 0, r.stderr);
      const [head, ...rest] = r.stdout.split('\n');
      assert.equal(head, 'X2GODATABEGIN:m');
      assert.deepEqual(rest.join('\n').split('\0').slice(0, -1), nasty);
    });
  }
  it('keeps the exit status of the program', () => {
    const r = spawnSync('sh', ['-c', remoteCommand(['/bin/sh', '-c', 'exit 7'], 'M')]);
    assert.equal(r.status, 7);
  });
});

const M = 'X2GODATABEGIN:0d8a';
const res = (stdout: string, code: number | null, stderr = '') => ({
  stdout: Buffer.from(stdout),
  stderr: Buffer.from(stderr),
  code,
  signal: null,
});
function fails(fn: () => unknown, kind: string, re: RegExp): LauncherError {
  let err: unknown;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  assert.ok(err instanceof LauncherError, `expected LauncherError, got ${String(err)}`);
  assert.equal(err.kind, kind, err.message);
  assert.match(err.message, re);
  return err;
}

describe('interpretResult (docs/protocol.md §5.3)', () => {
  it('X1: strips the marker, login noise and the one extra trailing LF', () => {
    const body = 'AUTHID:40d1\nAccess granted\nSTART_USER_SESSIONS\n\nEND_USER_SESSIONS\n';
    assert.equal(interpretResult(res(`${M}\n${body}\n`, 0), M, 'w'), body);
    assert.equal(interpretResult(res(`Welcome!\nmotd\n${M}\n${body}\n`, 0), M, 'w'), body);
    // Without marker (a ForceCommand ignoring ours): the whole stdout
    assert.equal(extractReply(Buffer.from(`${body}\n`), M), body);
    assert.equal(interpretResult(res(`${M}\nOK\n`, 0), M, 'w'), 'OK\n');
  });
  it('X2: empty stdout with exit 0 = cookie/credentials refused (auth, CLI exit 3)', () => {
    const e = fails(
      () => interpretResult(res(`${M}\n`, 0), M, 'u@h:1'),
      'auth',
      /refused the cookie/,
    );
    assert.equal(e.exitCode, 3);
    fails(() => interpretResult(res('', 0), M, 'w'), 'auth', /empty reply/);
  });
  it('exit 2 with argparse usage on stderr = broker error naming the complaint', () => {
    const stderr =
      '                  [--profile-id PROFILE_ID] [--backend BROKER_BACKEND]\nx2gobroker: error: argument --auth-cookie/--next-authid/--authid: expected one argument\n';
    const e = fails(
      () => interpretResult(res(`${M}\n`, 2, stderr), M, 'w'),
      'broker',
      /rejected the command line: x2gobroker: error: argument --auth-cookie/,
    );
    assert.equal(e.exitCode, 5);
  });
  it('X8: a Python traceback (pre-shared cookie + password bug) = broker error with a hint', () => {
    const stderr = `Traceback (most recent call last):\n  File "/usr/bin/x2gobroker", line 300, in <module>\n  File "/usr/lib/python3/dist-packages/x2gobroker/brokers/base_broker.py", line 1035, in check_access\n    os.remove(cookie_directory+"/"+username+"_"+cookie)\nFileNotFoundError: [Errno 2] No such file or directory: '/var/lib/x2gobroker/.x2go/broker-cookies/x2gotest_3f2c'\n`;
    const e = fails(
      () => interpretResult(res(`${M}\n`, 1, stderr), M, 'w'),
      'broker',
      /crashed \(Python exception: FileNotFoundError/,
    );
    assert.match(e.details.hint ?? '', /pre-shared cookie/);
    assert.match(e.details.brokerMessage ?? '', /check_access/);
  });
  it('X4: exit 254 (no task), 127 (no such command), 126 (not allowed), others', () => {
    fails(() => interpretResult(res(`${M}\n\nusage: x\n`, 254), M, 'w'), 'broker', /task/);
    fails(
      () => interpretResult(res(`${M}\n`, 127, 'sh: 1: exec: /x: not found'), M, 'w'),
      'broker',
      /not found/,
    );
    fails(
      () => interpretResult(res(`${M}\n`, 126, 'Permission denied'), M, 'w'),
      'broker',
      /cannot be run/,
    );
    fails(() => interpretResult(res(`${M}\n`, 3), M, 'w'), 'broker', /exit status 3/);
    fails(
      () => interpretResult({ ...res('', null), signal: 'KILL' }, M, 'w'),
      'broker',
      /signal KILL/,
    );
  });
  it('decodes invalid UTF-8 to U+FFFD instead of failing', () => {
    const out = Buffer.concat([
      Buffer.from(`${M}\nname=`),
      Buffer.from([0xff, 0xfe]),
      Buffer.from('\n'),
    ]);
    assert.equal(
      interpretResult({ stdout: out, stderr: Buffer.alloc(0), code: 0, signal: null }, M, 'w'),
      'name=\ufffd\ufffd\n',
    );
  });
});

describe('mentionsCookieDirCrash (linear scan of broker stderr)', () => {
  it('finds the crash line, ignores hostile repetitions', () => {
    assert.equal(
      mentionsCookieDirCrash(
        "Traceback…\nFileNotFoundError: [Errno 2] No such file or directory: '/var/lib/x2gobroker/.x2go/broker-cookies/x'\n",
      ),
      true,
    );
    assert.equal(mentionsCookieDirCrash('FileNotFoundError: '.repeat(50_000)), false);
    assert.equal(mentionsCookieDirCrash('broker-cookies\nFileNotFoundError: x'), false);
  });
});
