// BrokerSession over ssh:// against the REAL broker: the same session code as over HTTP
// (cookie rotation, pre-shared cookie, selectsession parsing) with the SSH transport below it.
// Lists are compared with broker.json and with the HTTP PAM instance for the same local user.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { BrokerSession } from '../../../src/core/broker/session';
import type { BrokerSessionOptions } from '../../../src/core/broker/session';
import { parseBrokerUrl } from '../../../src/core/broker/url';
import { LauncherError } from '../../../src/core/errors';
import { SSH_AUTH_CODES } from '../../../src/core/transport/ssh-auth';
import { SshTransport } from '../../../src/core/transport/ssh';
import type { SshTransportOptions } from '../../../src/core/transport/ssh';
import { sshOrSkip } from '../../helpers/broker-env';
import type { BrokerFixture } from '../../helpers/broker-env';

type Ssh = NonNullable<BrokerFixture['ssh']>;
const sessions: BrokerSession[] = [];
after(() => Promise.all(sessions.map((s) => s.close())));

function sshUrl(ssh: Ssh, { port = ssh.port, user = ssh.user } = {}): string {
  return `ssh://${user}@${ssh.host}:${port}${ssh.command}`;
}
function sshOptions(ssh: Ssh, extra: SshTransportOptions = {}): SshTransportOptions {
  return {
    privateKeyFiles: [ssh.privateKey],
    knownHosts: { userFiles: [ssh.knownHosts], globalFiles: [] },
    ...extra,
  };
}
function session(options: BrokerSessionOptions): BrokerSession {
  const s = new BrokerSession(options);
  sessions.push(s);
  return s;
}
/** A session with an injected transport, to count its SSH connections. */
function countedSession(
  ssh: Ssh,
  extra: Omit<BrokerSessionOptions, 'url'> = {},
  sshExtra: SshTransportOptions = {},
  port = ssh.port,
): { s: BrokerSession; transport: SshTransport } {
  const url = parseBrokerUrl(sshUrl(ssh, { port }));
  const transport = new SshTransport(url, sshOptions(ssh, sshExtra));
  return { s: session({ url, transport, ...extra }), transport };
}
async function rejects(p: Promise<unknown>, kind: string): Promise<LauncherError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof LauncherError, `expected LauncherError, got ${String(e)}`);
    assert.equal(e.kind, kind, `${e.kind}: ${e.message}`);
    return e;
  }
  assert.fail(`expected a ${kind} error`);
}

describe('BrokerSession over SSH (real x2gobroker-ssh)', () => {
  it('key login and password login list the same profiles as HTTP (PAM) for x2gotest', async (t) => {
    const f = sshOrSkip(t);
    if (!f) return;
    const expected = [...f.broker.profiles.visibleTo[f.ssh.user]!].sort();
    const byKey = await session({
      url: sshUrl(f.ssh),
      transportOptions: { ssh: sshOptions(f.ssh) },
    }).listProfiles();
    const byPassword = await session({
      url: sshUrl(f.ssh),
      password: f.ssh.password,
      transportOptions: { ssh: sshOptions(f.ssh, { privateKeyFiles: [] }) },
    }).listProfiles();
    const http = await session({
      url: f.broker.http.pam.plainUrl,
      user: f.ssh.user,
      password: f.ssh.password,
    }).listProfiles();
    const ids = (ps: { id: string }[]): string[] => ps.map((p) => p.id).sort();
    assert.deepEqual(ids(byKey), expected);
    assert.deepEqual(ids(byPassword), expected);
    assert.deepEqual(ids(http), expected);
    // Same profiles, field by field, except what SSH mode documents as different
    // (docs/protocol.md §5.3: an empty `user` becomes the login name over SSH).
    const strip = (ps: typeof http) =>
      ps
        .map((p) => ({ ...p, user: '', raw: { ...p.raw, user: null } }))
        .sort((a, b) => a.id.localeCompare(b.id));
    assert.deepEqual(strip(byKey), strip(http));
    const icon = byKey.find((p) => p.id === 'xfce-desktop')?.icon;
    assert.equal(icon?.mime, 'image/png');
  });

  it('selectSession over SSH matches the README table (one SSH connection)', async (t) => {
    const f = sshOrSkip(t);
    if (!f) return;
    const { s, transport } = countedSession(f.ssh);
    await s.listProfiles();
    const table: [string, string, number][] = [
      ['xfce-desktop', 'xfce.example.test', 22],
      ['failover-portscan', '127.0.0.1', f.ssh.port],
      ['loopback-xterm', '127.0.0.1', f.ssh.port],
      ['published-apps', 'apps.example.test', 22],
      ['rootless-xterm', 'apps.example.test', 2022],
      ['rdp-direct', 'rdp.example.test', 22],
      ['rdp-via-x2go', 'x2go-gw.example.test', 22],
      ['büro-desktop', 'buero.example.test', 22],
      ['shadow-desktop', 'shadow-1.example.test', 22],
      ['via-sshproxy', 'internal.example.test', 22],
    ];
    for (const [id, server, port] of table) {
      const sel = await s.selectSession(id);
      assert.deepEqual([sel.profileId, sel.server, sel.port], [id, server, port]);
    }
    const kde = await s.selectSession('kde-pool');
    assert.match(kde.server, /^kde-[abc]\.example\.test$/);
    const mate = await s.selectSession('mate-pool-mapped');
    assert.ok(
      (mate.server === '192.0.2.11' && mate.port === 22) ||
        (mate.server === '192.0.2.12' && mate.port === 2222),
      `${mate.server}:${mate.port}`,
    );
    await rejects(s.selectSession('no-such-profile'), 'no-server');
    assert.equal(transport.connections, 1);
  });

  it('cookie rotation over SSH: 5 consecutive requests, each with the newest cookie', async (t) => {
    const f = sshOrSkip(t);
    if (!f) return;
    const { s, transport } = countedSession(f.ssh);
    const seen: string[] = [];
    for (let i = 0; i < 5; i++) {
      const list = await s.listProfiles();
      assert.equal(list.length, f.broker.profiles.visibleTo[f.ssh.user]!.length);
      seen.push(s.currentCookie!);
    }
    assert.equal(new Set(seen).size, 5);
    assert.ok(seen.every((c) => /^[0-9a-f-]{36}$/.test(c)));
    assert.equal(transport.connections, 1);
    // a consumed cookie given to a new session is refused: cookie-rejected (CLI exit 3)
    const stale = countedSession(f.ssh, { authId: seen[0]! }).s;
    const e = await rejects(stale.listProfiles(), 'cookie-rejected');
    assert.equal(e.exitCode, 3);
  });

  it('cookie port: the pre-shared cookie works; without it auth (exit 3)', async (t) => {
    const f = sshOrSkip(t);
    if (!f) return;
    const ok = countedSession(f.ssh, { authId: f.broker.cookie.value }, {}, f.ssh.cookiePort).s;
    const list = await ok.listProfiles();
    assert.equal(list.length, f.broker.profiles.visibleTo[f.ssh.user]!.length);
    await ok.listProfiles(); // the pre-shared cookie stays valid
    const without = countedSession(f.ssh, {}, {}, f.ssh.cookiePort).s;
    const e = await rejects(without.listProfiles(), 'auth');
    assert.equal(e.exitCode, 3);
    const wrong = countedSession(f.ssh, { authId: 'wrong-cookie' }, {}, f.ssh.cookiePort).s;
    assert.equal((await rejects(wrong.listProfiles(), 'cookie-rejected')).exitCode, 3);
  });

  it('an SSH login refusal stays a login error, not a rejected cookie', async (t) => {
    const f = sshOrSkip(t);
    if (!f) return;
    const s = countedSession(
      f.ssh,
      { authId: f.broker.cookie.value },
      { privateKeyFiles: [], password: 'wrong-password' },
      f.ssh.cookiePort,
    ).s;
    const e = await rejects(s.listProfiles(), 'auth');
    assert.equal(e.details.code, SSH_AUTH_CODES.passwordRefused);
    // no cookie, no password: the refused key is named, not "no password was given"
    const keyOnly = countedSession(f.ssh, {}, { privateKeyFiles: ['/dev/null/none'] }).s;
    const k = await rejects(keyOnly.listProfiles(), 'usage');
    assert.match(k.message, /\/dev\/null\/none cannot be used/);
    const none = countedSession(f.ssh, {}, { privateKeyFiles: [] }).s;
    const n = await rejects(none.listProfiles(), 'auth');
    assert.equal(n.details.code, SSH_AUTH_CODES.noMethods);
    assert.match(n.message, /SSH login .* no authentication method left/);
  });

  it('magic user: the session user acts through the broker account', async (t) => {
    const f = sshOrSkip(t);
    if (!f) return;
    if (!f.ssh.magicUser)
      return t.skip('broker.json says magicUser null (sshd without PAM: x2gobroker cannot log in)');
    const s = session({
      url: sshUrl(f.ssh, { user: f.ssh.magicUser }),
      user: 'jacques',
      transportOptions: { ssh: sshOptions(f.ssh) },
    });
    const ids = (await s.listProfiles()).map((p) => p.id).sort();
    assert.deepEqual(ids, [...f.broker.profiles.visibleTo.jacques!].sort());
  });
});
