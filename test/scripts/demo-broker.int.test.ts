// `npm run demo-broker` end to end: the real x2gobroker-daemon starts on loopback with the demo
// profiles and no authentication, the CLI core lists and selects from it in both dialects,
// and Ctrl-C (SIGINT) stops exactly that daemon and removes its state directory.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { describe, it } from 'node:test';
import { BrokerSession } from '../../src/core/broker/session';
import { LauncherError } from '../../src/core/errors';
import { daemonOrSkip } from '../helpers/daemon-env';
import { REPO } from '../helpers/run-cli';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

describe('scripts/demo-broker.sh', () => {
  it('serves the demo profiles without authentication and stops on Ctrl-C', async (t) => {
    if (!daemonOrSkip(t)) return;
    const port = await freePort();
    const child = spawn('bash', ['scripts/demo-broker.sh'], {
      cwd: REPO,
      env: { ...process.env, DEMO_BROKER_PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    try {
      await new Promise<void>((resolve, reject) => {
        const check = () => out.includes('Press Ctrl-C to stop.') && resolve();
        child.stdout.on('data', check);
        void exited.then(() => reject(new Error(`demo broker exited early:\n${out}\n${err}`)));
      });
      const url = `http://127.0.0.1:${port}/plain/`;
      assert.ok(out.includes(url), out);
      const state = /Log: (\/tmp\/x2go-demo-broker\.[^/]+)\/log\/daemon\.log/.exec(out)?.[1];
      assert.ok(state && existsSync(state), out);

      const plain = new BrokerSession({ url, noAuth: true });
      const profiles = await plain.listProfiles();
      assert.deepEqual(profiles.map((p) => [p.id, p.folder, p.label]).sort(), [
        ['demo-firefox', 'Applications/Web', 'Firefox'],
        ['demo-kde-pool', 'Desktops', 'KDE pool (2 servers)'],
        ['demo-published', '', 'Published applications'],
        ['demo-rdp', 'Windows', 'Windows server (RDP)'],
        ['demo-terminal', 'Applications', 'Terminal'],
        ['demo-xfce', 'Desktops', 'XFCE desktop'],
      ]);
      assert.equal(profiles.find((p) => p.id === 'demo-xfce')!.icon?.mime, 'image/png');
      assert.equal(profiles.find((p) => p.id === 'demo-firefox')!.icon?.mime, 'image/svg+xml');
      assert.equal(plain.currentCookie, null);
      const json = new BrokerSession({ url: `http://127.0.0.1:${port}/json/` });
      await json.authenticate();
      assert.equal(json.noAuth, true, 'a sign-in without credentials is detected as noauth');
      const sel = await json.selectSession('demo-terminal');
      assert.deepEqual([sel.server, sel.port], ['apps.demo.example', 2222]);
      await plain.close();
      await json.close();

      child.kill('SIGINT');
      assert.equal(await exited, 0);
      assert.match(err, /stopped/);
      assert.equal(existsSync(state), false, 'state directory removed');
      await assert.rejects(
        new BrokerSession({ url, noAuth: true }).testConnection(),
        (e) => e instanceof LauncherError && e.kind === 'unreachable',
      );
    } finally {
      if (child.exitCode === null) child.kill('SIGTERM');
    }
  });
});
