// The effects of x2goclient's fleet switches and the client/host-key policy keys in the app
// (issue 11), decided in src/main and src/core without Electron: window chrome (--no-menu,
// --maximize), --close-disconnect through the real controller, the unknown-host-key rule
// (allowAddHostKeys, --add-to-known-hosts), the client choice shared with the CLI
// (preferredClient, clientPath), --broker-name / --broker-logoutbt in the startup state, and
// the "About this configuration" report's policy origins.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resolvePolicy, validateManagedValues } from '../../src/core/config/managed';
import { chooseClient, clientOrder } from '../../src/core/launcher/client-choice';
import type { LauncherError } from '../../src/core/errors';
import { appConfiguration } from '../../src/main/app-config';
import { parseAppArgs } from '../../src/main/args';
import { createClientLauncher, detectClient } from '../../src/main/client-launcher';
import type { ClientLauncherLike, LaunchHandle } from '../../src/main/controller';
import {
  addToKnownHostsIgnored,
  hostKeyRulesFor,
  withHostKeyRules,
} from '../../src/main/host-key-policy';
import { windowChrome } from '../../src/main/window-chrome';
import type { BrokerProfile } from '../../src/shared/model';
import { makeController } from '../helpers/controller';

const ORIGIN = '/etc/x2go-launcher/config.json';
const managed = (json: Record<string, unknown>) => validateManagedValues(json, json.locked, ORIGIN);

void test('--no-menu and --maximize: window chrome per platform, kiosk and saved state', () => {
  const none = parseAppArgs([]);
  assert.deepEqual(windowChrome(none, false, 'darwin', false), {
    hideMenu: false,
    maximize: false,
  });
  assert.deepEqual(windowChrome(parseAppArgs(['--no-menu']), false, 'darwin', false), {
    hideMenu: true,
    maximize: false,
  });
  assert.equal(windowChrome(none, false, 'linux', false).hideMenu, true, 'no menu on Linux anyway');
  assert.equal(windowChrome(parseAppArgs(['--maximize']), false, 'linux', false).maximize, true);
  assert.equal(windowChrome(parseAppArgs(['--thinclient']), false, 'linux', false).maximize, true);
  assert.equal(windowChrome(none, false, 'linux', true).maximize, true, 'restored as last closed');
  assert.equal(
    windowChrome(parseAppArgs(['--maximize']), true, 'linux', false).maximize,
    false,
    'a kiosk is full screen',
  );
  assert.equal(windowChrome(none, true, 'darwin', false).hideMenu, true);
});

void test('--close-disconnect: the app quits when the session client exits (real controller)', async () => {
  for (const argv of [['--close-disconnect'], [], ['--close-disconnect', '--kiosk']]) {
    // a kiosk never quits: it goes back to sign-in (its window refuses to close anyway)
    const kiosk = argv.includes('--kiosk');
    let quits = 0;
    let exit!: (v: { exitCode: number | null }) => void;
    const launcher: ClientLauncherLike = {
      detect: () => Promise.resolve({ available: true, name: 'x2goclient' }),
      start: (): Promise<LaunchHandle> =>
        Promise.resolve({ client: 'x2goclient', exited: new Promise((r) => (exit = r)) }),
    };
    const profile: BrokerProfile = {
      id: 'p1',
      name: 'p1',
      label: 'p1',
      folder: '',
      command: 'XFCE',
      kind: 'desktop',
      hosts: ['srv'],
      sshPort: 22,
      user: '',
      rootless: false,
      published: false,
      icon: null,
      status: null,
      raw: {},
    };
    const { controller, events } = makeController({
      args: parseAppArgs(argv),
      policy: resolvePolicy({}, null, { kiosk }),
      launcher,
      quit: () => quits++,
      createSession: () => ({
        url: { display: 'https://b.example/plain/', scheme: 'https' },
        user: 'u',
        authenticate: () => Promise.resolve(),
        listProfiles: () => Promise.resolve([profile]),
        selectSession: () =>
          Promise.resolve({
            server: 'srv',
            port: 22,
            user: 'u',
            privateKey: null,
            sessionInfo: [],
          } as never),
        logout: () => Promise.resolve(),
        close: () => Promise.resolve(),
      }),
    });
    await controller.signIn({ url: 'https://b.example/plain/', user: 'u', password: 'p' });
    const outcome = await controller.selectAndLaunch('p1', {});
    assert.equal(outcome.kind, 'launched');
    assert.equal(quits, 0, 'not while the client runs');
    exit({ exitCode: 0 });
    await new Promise((r) => setImmediate(r));
    assert.ok(events.some((e) => e.type === 'launch' && e.state === 'ended'));
    assert.equal(
      quits,
      argv.length && !kiosk ? 1 : 0,
      argv.join(' ') || 'no switch: the app stays',
    );
  }
});

void test('unknown host keys: policy false refuses naming the files; --add-to-known-hosts accepts without asking; else the person is asked', async () => {
  let asked = 0;
  const prompter = {
    confirmUnknownHostKey: (_h: string, _p: number, _t: string, _f: string) => {
      asked++;
      return Promise.resolve(false);
    },
  };
  const refuse = withHostKeyRules(
    prompter,
    hostKeyRulesFor(
      { allowAddHostKeys: false, sshKnownHostsFile: '/etc/x2go/kh' },
      { addToKnownHosts: true },
      ['/home/u/.ssh/known_hosts'],
    ),
  );
  await assert.rejects(
    refuse.confirmUnknownHostKey('srv.example', 2222, 'ssh-ed25519', 'SHA256:abc'),
    (e: LauncherError) =>
      e.code === 'host-key.add-not-allowed' &&
      e.kind === 'host-key' &&
      e.message.includes('[srv.example]:2222') &&
      e.message.includes('/home/u/.ssh/known_hosts, /etc/x2go/kh'),
  );
  const add = withHostKeyRules(
    prompter,
    hostKeyRulesFor({ allowAddHostKeys: true, sshKnownHostsFile: null }, { addToKnownHosts: true }),
  );
  assert.equal(await add.confirmUnknownHostKey('h', 22, 'ssh-rsa', 'SHA256:x'), true);
  assert.equal(asked, 0);
  const ask = withHostKeyRules(
    prompter,
    hostKeyRulesFor(
      { allowAddHostKeys: true, sshKnownHostsFile: null },
      { addToKnownHosts: false },
    ),
  );
  assert.equal(await ask.confirmUnknownHostKey('h', 22, 'ssh-rsa', 'SHA256:x'), false);
  assert.equal(asked, 1);
});

void test('--add-to-known-hosts vs policy allowAddHostKeys: a lock to false wins and the reason is given; unlocked, the command line layer counts', () => {
  const args = parseAppArgs(['--add-to-known-hosts']);
  const locked = appConfiguration(
    args,
    {},
    { kind: 'json-file', location: ORIGIN },
    {
      config: managed({ allowAddHostKeys: false, locked: ['allowAddHostKeys'] }),
      warnings: [],
    },
  );
  assert.equal(locked.policy.allowAddHostKeys, false);
  assert.deepEqual(locked.overridden, [{ key: 'allowAddHostKeys', layer: 'command line' }]);
  assert.equal(
    addToKnownHostsIgnored(locked.policy, args, ORIGIN),
    `--add-to-known-hosts ignored: the administrator's policy (${ORIGIN}) sets allowAddHostKeys to false and locks it; unknown host keys are refused`,
  );
  assert.equal(hostKeyRulesFor(locked.policy, args).addWithoutAsking, false);
  const unlocked = appConfiguration(
    args,
    {},
    { kind: 'json-file', location: ORIGIN },
    {
      config: managed({ allowAddHostKeys: false }),
      warnings: [],
    },
  );
  assert.equal(
    unlocked.policy.allowAddHostKeys,
    true,
    'docs/policy.md precedence: command line over an unlocked key',
  );
  assert.equal(addToKnownHostsIgnored(unlocked.policy, args, ORIGIN), null);
  assert.equal(addToKnownHostsIgnored(locked.policy, parseAppArgs([]), ORIGIN), null, 'not given');
});

void test('preferredClient + clientPath: one rule for the CLI and the app; the app tries the preferred client first at its path', () => {
  assert.deepEqual(chooseClient({}), { client: null, clientPath: null });
  assert.deepEqual(
    chooseClient({ preferredClient: 'pyhoca-cli', clientPath: '/opt/p/pyhoca-cli' }),
    {
      client: 'pyhoca-cli',
      clientPath: '/opt/p/pyhoca-cli',
    },
  );
  // the policy's path belongs to the policy's client, not to one the command line names
  assert.deepEqual(
    chooseClient(
      { preferredClient: 'pyhoca-cli', clientPath: '/opt/p/pyhoca-cli' },
      { client: 'x2goclient' },
    ),
    { client: 'x2goclient', clientPath: null },
  );
  assert.deepEqual(chooseClient({ clientPath: '/opt/x/x2goclient' }, { clientPath: '/mine' }), {
    client: null,
    clientPath: '/mine',
  });
  assert.deepEqual(clientOrder(chooseClient({ preferredClient: 'pyhoca-cli' })), {
    clients: ['pyhoca-cli', 'x2goclient'],
    clientPaths: {},
  });
  assert.deepEqual(clientOrder(chooseClient({ clientPath: '/opt/x/x2goclient' })), {
    clients: ['x2goclient', 'pyhoca-cli'],
    clientPaths: { x2goclient: '/opt/x/x2goclient' },
  });

  // the app's launcher with both clients installed in PATH: policy decides which one is used
  const installed = new Set(['/usr/bin/x2goclient', '/usr/bin/pyhoca-cli', '/opt/p/pyhoca-cli']);
  const find = {
    platform: 'linux' as const,
    env: { PATH: '/usr/bin' },
    isExecutable: (f: string) => installed.has(f),
  };
  const app = (p: Parameters<typeof chooseClient>[0]) => {
    return detectClient({ find, ...clientOrder(chooseClient(p)) });
  };
  assert.deepEqual(app({}), { available: true, name: 'x2goclient' });
  assert.deepEqual(app({ preferredClient: 'pyhoca-cli' }), { available: true, name: 'pyhoca-cli' });
  installed.delete('/usr/bin/pyhoca-cli');
  assert.deepEqual(app({ preferredClient: 'pyhoca-cli', clientPath: '/opt/p/pyhoca-cli' }), {
    available: true,
    name: 'pyhoca-cli',
  });
  // a wrong policy path: that client is not usable; the other one is the fallback
  assert.deepEqual(app({ preferredClient: 'pyhoca-cli', clientPath: '/nonexistent/pyhoca-cli' }), {
    available: true,
    name: 'x2goclient',
  });
});

void test('--broker-name and --broker-logoutbt reach the renderer in the startup state; a locked brokerName wins', async () => {
  const args = parseAppArgs(['--broker-name=Lab broker', '--broker-logoutbt']);
  const free = appConfiguration(
    args,
    {},
    { kind: 'json-file', location: ORIGIN },
    { config: null, warnings: [] },
  );
  const s = await makeController({ args, policy: free.policy }).controller.getStartupState();
  assert.equal(s.brokerName, 'Lab broker');
  assert.equal(s.logoutButton, true);
  assert.equal(free.configuration.settings.brokerName!.source, 'command line');
  const locked = appConfiguration(
    args,
    {},
    { kind: 'json-file', location: ORIGIN },
    {
      config: managed({ brokerName: 'Corp', locked: ['brokerName'] }),
      warnings: [],
    },
  );
  const l = await makeController({ args, policy: locked.policy }).controller.getStartupState();
  assert.equal(l.brokerName, 'Corp');
  const none = await makeController({
    policy: resolvePolicy({}, null, {}),
  }).controller.getStartupState();
  assert.equal(none.brokerName, null);
  assert.equal(none.logoutButton, false);
});

void test('About this configuration: the origin names the policy file for policy values and locks only', () => {
  const { configuration } = appConfiguration(
    parseAppArgs(['--broker-url=https://mine.example/plain/']),
    {},
    { kind: 'json-file', location: ORIGIN },
    { config: managed({ kiosk: true, locked: ['proxy'] }), warnings: ['w'] },
  );
  assert.deepEqual(configuration.policy, {
    kind: 'json-file',
    location: ORIGIN,
    present: true,
    warnings: ['w'],
  });
  assert.deepEqual(configuration.settings.kiosk, {
    value: true,
    source: 'policy',
    locked: false,
    origin: ORIGIN,
  });
  assert.deepEqual(configuration.settings.proxy, {
    value: null,
    source: 'default',
    locked: true,
    origin: ORIGIN,
  });
  assert.deepEqual(configuration.settings.brokerUrl, {
    value: 'https://mine.example/plain/',
    source: 'command line',
    locked: false,
  });
  const { controller } = makeController({ configuration });
  assert.equal(controller.getConfiguration(), configuration);
});

void test('About this configuration never shows the kiosk admin PIN hash, only that one is set', () => {
  const hash = `scrypt$16384$8$1$${Buffer.alloc(16, 1).toString('base64')}$${Buffer.alloc(32, 2).toString('base64')}`;
  const config = managed({ adminPinHash: hash });
  assert.equal(config.values.adminPinHash, hash, 'a valid hash (else this test proves nothing)');
  const { configuration, policy } = appConfiguration(
    parseAppArgs([]),
    {},
    { kind: 'json-file', location: ORIGIN },
    {
      config,
      warnings: [],
    },
  );
  assert.equal(policy.adminPinHash, hash, 'the kiosk still gets it');
  assert.deepEqual(configuration.settings.adminPinHash, {
    value: '(set, not shown)',
    source: 'policy',
    locked: false,
    origin: ORIGIN,
  });
  assert.ok(!JSON.stringify(configuration).includes(hash));
  const unset = appConfiguration(
    parseAppArgs([]),
    {},
    { kind: 'json-file', location: ORIGIN },
    { config: null, warnings: [] },
  );
  assert.equal(unset.configuration.settings.adminPinHash!.value, null);
});

void test('a policy client path that is not executable is logged when a launch needs the client', async () => {
  const lines: string[] = [];
  const launcher = createClientLauncher({
    clients: ['pyhoca-cli'],
    clientPaths: { 'pyhoca-cli': '/nonexistent/pyhoca-cli' },
    find: { platform: 'linux', env: { PATH: '' }, isExecutable: () => false },
    onLog: (line) => lines.push(line),
  });
  await assert.rejects(
    launcher.start({} as Parameters<typeof launcher.start>[0]),
    (e: LauncherError) => e.code === 'client.none',
  );
  assert.deepEqual(lines, [
    'launch: pyhoca-cli at /nonexistent/pyhoca-cli (policy clientPath) is not executable',
  ]);
});
