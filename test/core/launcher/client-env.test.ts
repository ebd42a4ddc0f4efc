// The client's environment is built from an allowlist (client-env.ts): the display, locale and
// desktop session pass; the agent only with an agent login, Kerberos only with krblogin; our
// secrets and anything unknown never. One function for the CLI and the GUI (process.ts).
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import { clientEnvironment } from '../../../src/core/launcher/client-env';
import { PrivateDir } from '../../../src/core/launcher/private-dir';
import { RunningClient } from '../../../src/core/launcher/process';
import type { BuiltLaunch } from '../../../src/core/launcher/types';

const BASE = {
  DISPLAY: ':0', XAUTHORITY: '/home/a/.Xauthority', HOME: '/home/a', PATH: '/usr/bin', LANG: 'de_DE.UTF-8',
  LC_ALL: 'de_DE.UTF-8', LC_TIME: 'C', XDG_RUNTIME_DIR: '/run/user/1000', DBUS_SESSION_BUS_ADDRESS: 'unix:path=/x',
  SSH_AUTH_SOCK: '/tmp/agent.sock', SSH_AGENT_PID: '42', KRB5CCNAME: 'FILE:/tmp/krb5cc', X2GO_LAUNCHER_DEBUG: '1',
  BROKER_PW: 'secret', LD_PRELOAD: '/tmp/evil.so', PYTHONPATH: '/tmp/py', NODE_OPTIONS: '--require x',
  http_proxy: 'http://p', LC_EVIL: undefined, lc_lower: 'x',
}; // prettier-ignore

void it('allowlist only: display, locale, session; no agent, Kerberos, secrets or loaders by default', () => {
  const env = clientEnvironment(BASE, { secretNames: ['BROKER_PW'], platform: 'linux' });
  assert.deepEqual(Object.keys(env).sort(), [
    'DBUS_SESSION_BUS_ADDRESS', 'DISPLAY', 'HOME', 'LANG', 'LC_ALL', 'LC_TIME', 'PATH', 'XAUTHORITY', 'XDG_RUNTIME_DIR',
  ]); // prettier-ignore
});

void it('the agent only when the login uses it; Kerberos only with krblogin; a secret name always goes', () => {
  const agent = clientEnvironment(BASE, { agent: true, platform: 'linux' });
  assert.equal(agent.SSH_AUTH_SOCK, '/tmp/agent.sock');
  assert.equal(agent.SSH_AGENT_PID, '42');
  assert.equal(agent.KRB5CCNAME, undefined);
  assert.equal(clientEnvironment(BASE, { kerberos: true }).KRB5CCNAME, 'FILE:/tmp/krb5cc');
  assert.equal(
    clientEnvironment(BASE, { agent: true, secretNames: ['SSH_AUTH_SOCK'] }).SSH_AUTH_SOCK,
    undefined,
  );
});

void it('Windows compares names without case (Path, SystemRoot)', () => {
  const env = clientEnvironment(
    { Path: 'C:\\Windows', SystemRoot: 'C:\\Windows', ssh_auth_sock: 'pipe', Secret: 's' },
    { platform: 'win32', secretNames: ['SECRET'] },
  );
  assert.deepEqual(env, { Path: 'C:\\Windows', SystemRoot: 'C:\\Windows' });
});

void it('a real spawned client gets the built environment: no SSH_AUTH_SOCK without an agent login', async (t) => {
  const base = mkdtempSync(join(tmpdir(), 'launcher-env-'));
  t.after(() => rmSync(base, { recursive: true, force: true }));
  const record = join(base, 'env.txt');
  const bin = join(base, 'client.sh');
  writeFileSync(bin, `#!/bin/sh\nenv > '${record}'\n`, { mode: 0o755 });
  for (const agent of [false, true]) {
    const built: BuiltLaunch = {
      client: 'x2goclient', argv: [bin], env: { ON_TOP: '1' }, sessionFilePath: '', sessionFileContent: '',
      sectionId: 's', dirs: [], files: [], resume: null, stopSignal: 'SIGTERM', readyLine: null, warnings: [], agent,
    }; // prettier-ignore
    const client = await RunningClient.start(built, {
      privateDir: PrivateDir.create(base),
      env: BASE,
      secretEnvNames: ['BROKER_PW'],
    });
    await client.done;
    const env = readFileSync(record, 'utf8');
    assert.match(env, /^DISPLAY=:0$/m);
    assert.match(env, /^ON_TOP=1$/m, "the launch's own variables go on top");
    assert.match(env, /^X2GO_LAUNCHER_RUN=[0-9a-f]+$/m, 'the run marker');
    assert.equal(/^SSH_AUTH_SOCK=/m.test(env), agent, `agent login ${agent}`);
    for (const never of ['BROKER_PW', 'LD_PRELOAD', 'PYTHONPATH', 'NODE_OPTIONS', 'X2GO_LAUNCHER_DEBUG', 'KRB5CCNAME'])
      assert.doesNotMatch(env, new RegExp(`^${never}=`, 'm'), never); // prettier-ignore
  }
});
