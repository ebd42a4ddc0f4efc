// terminateSession without a running session: the name check (nothing hostile ever reaches
// the server), and the SSH side against the REAL sshd of the broker fixture (the X2Go server
// of `loopback-xterm`): unknown host key refused unless accepted, a wrong key refused with a
// clear auth error, a broker-pushed key used and deleted, an unknown session reported.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it, type TestContext } from 'node:test';
import type { SelectedSession } from '../../../src/shared/model';
import { LauncherError } from '../../../src/core/errors';
import { PRIVATE_DIR_PREFIX } from '../../../src/core/launcher/private-dir';
import {
  TERMINATE_CODES,
  checkSessionName,
  terminateSession,
} from '../../../src/core/launcher/terminate';
import { SSH_AUTH_CODES } from '../../../src/core/transport/ssh-auth';
import { brokerOrSkip, userPassword, type BrokerFixture } from '../../helpers/broker-env';
import { runCli } from '../../helpers/run-cli';
import { toolsOrSkip } from '../../helpers/x2go-env';

const scratch = mkdtempSync(join(tmpdir(), 'launcher-terminate-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** Well-formed, but no session of this name exists (the epoch is 2001). */
const ABSENT = 'x2gotest-77-1000000000_stDnothing_dp24';

function selection(s: NonNullable<BrokerFixture['x2goSession']>): SelectedSession {
  return {
    profileId: s.profile,
    server: s.host,
    port: s.sshport,
    user: s.user,
    privateKey: null,
    pubkeyAccepted: false,
    sessionInfo: [],
    receivedAt: Date.now(),
  };
}

function sessionOrSkip(t: TestContext): NonNullable<BrokerFixture['x2goSession']> | null {
  return brokerOrSkip(t, 'x2goSession')?.x2goSession ?? null;
}

async function rejection(p: Promise<unknown>): Promise<LauncherError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof LauncherError, `a LauncherError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected a rejection');
}

describe('session names', () => {
  it('accepts what x2goserver makes', () => {
    for (const name of [
      'alice-50-1414759661_stDMATE_dp24',
      'x2gotest-51-1763771234_stRxterm_dp24',
      'j.doe@EXAMPLE-1023-1414759661_stDKDE_dp32',
      'u_1-50-1414759661_st_dp24',
    ])
      assert.equal(checkSessionName(name), name);
  });

  it('refuses everything else, before any connection', async () => {
    const hostile = [
      '',
      'foo',
      '-oProxyCommand=touch /tmp/pwned',
      '--help',
      `${ABSENT}; id`,
      `${ABSENT}$(id)`,
      `${ABSENT}\`id\``,
      `${ABSENT} other`,
      `${ABSENT}\nid`,
      `${ABSENT}|x`,
      `${ABSENT}'`,
      `../${ABSENT}`,
      `${ABSENT}/..`,
      `*-50-1414759661_stDMATE_dp24`,
      `alice-50-1414759661_stDMATE_dp24\u0000`,
      `${'a'.repeat(200)}-50-1414759661_stDMATE_dp24`,
    ];
    for (const name of hostile) {
      assert.throws(
        () => checkSessionName(name),
        (e: LauncherError) => e.kind === 'usage' && e.details.code === TERMINATE_CODES.badName,
        JSON.stringify(name),
      );
      // port 1 on loopback: a connection attempt would end in 'unreachable', not 'usage'
      const e = await rejection(
        terminateSession(
          {
            profileId: 'p',
            server: '127.0.0.1',
            port: 1,
            user: 'nobody',
            privateKey: null,
            pubkeyAccepted: false,
            sessionInfo: [],
            receivedAt: 0,
          },
          name,
        ),
      );
      assert.equal(e.kind, 'usage', JSON.stringify(name));
    }
  });
});

describe('terminateSession against the real sshd', () => {
  it('unknown host key: refused with its fingerprint; --add-to-known-hosts accepts and writes it', async (t) => {
    const s = sessionOrSkip(t);
    if (!s) return;
    const dir = mkdtempSync(join(scratch, 'kh-'));
    const userFile = join(dir, 'known_hosts');
    const refused = await rejection(
      terminateSession(selection(s), ABSENT, {
        sshKeyFile: s.privateKey,
        knownHosts: { userFiles: [userFile], globalFiles: [] },
      }),
    );
    assert.equal(refused.kind, 'host-key');
    assert.match(refused.message, /can't be established/);
    assert.match(refused.details.hostKeyFingerprint ?? '', /^SHA256:[A-Za-z0-9+/]{43}$/);
    assert.equal(existsSync(userFile), false, 'nothing written without consent');

    // accepted: the login and x2golistsessions run; the absent session is reported as such
    const absent = await rejection(
      terminateSession(selection(s), ABSENT, {
        sshKeyFile: s.privateKey,
        addToKnownHosts: true,
        knownHosts: { userFiles: [userFile], globalFiles: [] },
      }),
    );
    assert.equal(absent.kind, 'usage', absent.message);
    assert.equal(absent.details.code, TERMINATE_CODES.noSuchSession, absent.message);
    assert.match(absent.message, new RegExp(`no running or suspended X2Go session ${ABSENT}`));
    const line = readFileSync(userFile, 'utf8');
    assert.ok(line.startsWith(`[${s.host}]:${s.sshport} `), line);
    // the same key ssh itself trusts for this server (the fixture's known_hosts)
    const fixtureKeys = readFileSync(s.knownHosts, 'utf8');
    assert.ok(fixtureKeys.includes(line.trim().split(' ').slice(1).join(' ')), 'same host key');
  });

  it('a key the server does not know: a clear auth error naming it', async (t) => {
    const s = sessionOrSkip(t);
    if (!s || !toolsOrSkip(t, ['ssh-keygen'])) return;
    const key = join(mkdtempSync(join(scratch, 'key-')), 'stranger_ed25519');
    const gen = spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', key]);
    assert.equal(gen.status, 0, String(gen.stderr));
    const e = await rejection(
      terminateSession(selection(s), ABSENT, {
        sshKeyFile: key,
        knownHosts: { userFiles: [], extraFiles: [s.knownHosts], globalFiles: [] },
      }),
    );
    assert.equal(e.kind, 'auth', e.message);
    assert.equal(e.details.code, SSH_AUTH_CODES.keyRefused);
    assert.match(e.message, /did not accept key .*stranger_ed25519/);
    assert.match(e.message, new RegExp(`X2Go server ${s.user}@${s.host}:${s.sshport}`));
    assert.match(e.details.hint ?? '', /X2Go server/);
    assert.equal(e.exitCode, 3);
  });

  it('a key file that cannot be read: a clear error naming it', async (t) => {
    const s = sessionOrSkip(t);
    if (!s) return;
    const e = await rejection(
      terminateSession(selection(s), ABSENT, {
        sshKeyFile: join(scratch, 'no-such-key'),
        knownHosts: { userFiles: [], extraFiles: [s.knownHosts], globalFiles: [] },
      }),
    );
    assert.equal(e.details.code, SSH_AUTH_CODES.keyUnreadable, e.message);
    assert.match(e.message, /no-such-key/);
  });

  it('broker-pushed key: used from a private dir that is removed afterwards', async (t) => {
    const s = sessionOrSkip(t);
    if (!s) return;
    const base = mkdtempSync(join(scratch, 'base-'));
    const e = await rejection(
      terminateSession(
        { ...selection(s), privateKey: readFileSync(s.privateKey, 'utf8') },
        ABSENT,
        {
          baseDir: base,
          knownHosts: { userFiles: [], extraFiles: [s.knownHosts], globalFiles: [] },
        },
      ),
    );
    // logged in with the pushed key (else: auth), listed, not found
    assert.equal(e.details.code, TERMINATE_CODES.noSuchSession, e.message);
    assert.deepEqual(
      readdirSync(base).filter((n) => n.startsWith(PRIVATE_DIR_PREFIX)),
      [],
      'key directory removed',
    );
  });

  it('nothing to log in with and nobody to ask: auth error, no hang', async (t) => {
    const s = sessionOrSkip(t);
    if (!s) return;
    const e = await rejection(
      terminateSession(selection(s), ABSENT, {
        knownHosts: { userFiles: [], extraFiles: [s.knownHosts], globalFiles: [] },
      }),
    );
    assert.equal(e.kind, 'auth', e.message);
    assert.equal(e.details.code, SSH_AUTH_CODES.noMethods);
  });

  it('CLI: bad name exit 2 before any contact; --known-hosts vouches for the server; unknown session exit 2', async (t) => {
    const s = sessionOrSkip(t);
    const broker = brokerOrSkip(t);
    if (!s || !broker) return;
    const home = mkdtempSync(join(scratch, 'cli-home-'));
    const env = { HOME: home, TERMINATE_TEST_PW: userPassword(broker, 'test') };
    const common = ['--broker-url', broker.http.main.plainUrl, '--broker-user', 'test',
      '--broker-password-env', 'TERMINATE_TEST_PW', '--ssh-key', s.privateKey]; // prettier-ignore
    // a dead broker URL: the name is refused before anything is contacted
    const bad = await runCli(
      ['terminate', s.profile, 'x;id', '--broker-url', 'http://127.0.0.1:1/plain/'],
      { env },
    );
    assert.equal(bad.code, 2, bad.stderr);
    assert.match(bad.stderr, /is not an X2Go session name/);
    // unknown host key, nothing to vouch for it: exit 4 with the fingerprint
    const unknownKey = await runCli(['terminate', s.profile, ABSENT, ...common], { env });
    assert.equal(unknownKey.code, 4, unknownKey.stderr);
    assert.match(unknownKey.stderr, /SHA256:/);
    // --known-hosts FILE (read only): logged in, listed, the session is not there
    const absent = await runCli(
      ['terminate', s.profile, ABSENT, ...common, '--known-hosts', s.knownHosts, '--json'],
      { env },
    );
    assert.equal(absent.code, 2, absent.stderr);
    assert.match(absent.stderr, /X2GO_NO_SUCH_SESSION/);
    assert.equal(existsSync(join(home, '.ssh', 'known_hosts')), false, 'nothing written');
  });
});
