// LauncherController's own decisions (events, choose-or-launch, remember password, locks,
// cancel, autologoff) with scripted broker/launcher seams. The real BrokerSession against the
// real broker is exercised in controller-broker.int.test.ts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { BrokerProfile, SelectedSession } from '../../src/shared/model';
import { DEFAULT_POLICY, parseManagedConfig, resolvePolicy } from '../../src/core/config/managed';
import { LauncherError } from '../../src/core/errors';
import { parseAppArgs } from '../../src/main/args';
import type {
  BrokerSessionLike,
  ClientLauncherLike,
  SessionRequest,
} from '../../src/main/controller';
import { PromptHub } from '../../src/main/prompts';
import { scopeKey } from '../../src/main/settings';
import { makeController, memorySettings, memoryVault } from '../helpers/controller';

const profile = (id: string): BrokerProfile => ({
  id,
  name: `Folder/${id}`,
  label: id,
  folder: 'Folder',
  command: 'XFCE',
  kind: 'desktop',
  hosts: ['srv'],
  sshPort: 22,
  user: '',
  rootless: false,
  published: false,
  icon: null,
  status: null,
  raw: { host: 'srv', secretish: 'x' },
});

function scriptedSession(opts: {
  password?: string;
  sessionInfo?: SelectedSession['sessionInfo'];
  hang?: boolean;
}) {
  const calls: string[] = [];
  const make = (req: SessionRequest): BrokerSessionLike => ({
    url: { display: 'http://127.0.0.1:18080/plain/', scheme: 'http' },
    user: req.user ?? null,
    authenticate: async (signal) => {
      calls.push('authenticate');
      if (opts.hang) {
        await new Promise((_, reject) =>
          signal?.addEventListener('abort', () => reject(new Error('aborted'))),
        );
      }
      if (opts.password !== undefined && req.password !== opts.password) {
        throw new LauncherError(
          'broker.http.unauthorized',
          {},
          'The broker refused the user name or password.',
        );
      }
    },
    listProfiles: () => {
      calls.push('listProfiles');
      return Promise.resolve([profile('a'), profile('b')]);
    },
    selectSession: (id) => {
      calls.push(`select ${id}`);
      return Promise.resolve({
        profileId: id,
        server: '127.0.0.1',
        port: 22,
        user: 'test',
        privateKey: null,
        pubkeyAccepted: false,
        sessionInfo: opts.sessionInfo ?? [],
        receivedAt: 0,
      });
    },
    logout: () => {
      calls.push('logout');
      return Promise.resolve();
    },
    close: () => {
      calls.push('close');
      return Promise.resolve();
    },
  });
  return { calls, make };
}

function setup(o: {
  session: ReturnType<typeof scriptedSession>;
  launcher?: Partial<ClientLauncherLike>;
  argv?: string[];
  backend?: string;
}) {
  const settings = memorySettings(() => 5000);
  const { passwords, creds } = memoryVault({
    safe: {
      isEncryptionAvailable: () => true,
      getSelectedStorageBackend: () => o.backend ?? 'gnome_libsecret',
      encryptString: (t) => Buffer.from(`enc:${t}`),
      decryptString: (b) => b.toString().slice(4),
    },
  });
  const args = parseAppArgs(o.argv ?? []);
  const policy = resolvePolicy({}, null, {
    ...(args.brokerUrl ? { brokerUrl: args.brokerUrl } : {}),
    lockBrokerUrl: args.lockBrokerUrl,
    kiosk: args.kiosk,
  });
  const { controller, events } = makeController({
    settings,
    passwords,
    policy,
    args,
    createSession: o.session.make,
    launcher: {
      detect: () => Promise.resolve({ available: true, name: 'pyhoca-cli' }),
      start: () =>
        Promise.resolve({ client: 'pyhoca-cli', exited: Promise.resolve({ exitCode: 0 }) }),
      ...o.launcher,
    },
    version: '1.2.3',
    now: () => 4242,
  });
  return { controller, events, settings, creds };
}

const URL_ = 'http://127.0.0.1:18080/plain/';

void test('sign-in: progress events, profiles without raw, settings remembered, password only on request', async () => {
  const s = scriptedSession({ password: 'sweet' });
  const { controller, events, settings, creds } = setup({ session: s });
  const r = await controller.signIn({ url: URL_, user: 'test', password: 'sweet' });
  assert.deepEqual(
    events.map((e) => (e.type === 'progress' ? e.phase : e.type)),
    ['connecting', 'authenticating', 'loading-profiles'],
  );
  assert.equal(r.brokerUrl, URL_);
  assert.equal(r.user, 'test');
  assert.deepEqual(
    r.profiles.map((p) => [p.id, p.raw]),
    [
      ['a', {}],
      ['b', {}],
    ],
  );
  assert.equal(r.fetchedAt, 4242);
  assert.equal(r.passwordRemembered, false);
  assert.deepEqual(creds.get('passwords'), {});
  assert.deepEqual(settings.brokerUrls(), [URL_]);
  assert.deepEqual(settings.lastUsers(), { [URL_]: 'test' });
  assert.equal(settings.cachedProfiles(scopeKey(URL_, 'test'))?.profiles.length, 2);

  const state = await controller.getStartupState();
  assert.equal(state.settings.lastBroker, URL_);
  assert.equal(state.prefill.user, 'test');
  assert.equal(state.cached?.profiles.length, 2);
  assert.equal(state.cached?.fetchedAt, 5000);
  assert.deepEqual(state.client, { available: true, name: 'pyhoca-cli' });
  assert.equal(state.savedPassword, false);
});

void test('remember password: stored encrypted, reused, forgotten when the broker refuses it', async () => {
  const s = scriptedSession({ password: 'sweet' });
  const { controller, creds } = setup({ session: s });
  const r = await controller.signIn({ url: URL_, user: 'test', password: 'sweet', remember: true });
  assert.equal(r.passwordRemembered, true);
  assert.doesNotMatch(JSON.stringify(creds.get('passwords')), /"sweet"/);
  assert.equal((await controller.getStartupState()).savedPassword, true);
  await controller.signIn({ url: URL_, user: 'test', useSavedPassword: true });
  assert.equal((await controller.getStartupState()).savedPassword, true);
  // Typed again with "remember" unticked: the stored password goes.
  await controller.signIn({ url: URL_, user: 'test', password: 'sweet' });
  assert.equal((await controller.getStartupState()).savedPassword, false);
  assert.deepEqual(creds.get('passwords'), {});
  await controller.signIn({ url: URL_, user: 'test', password: 'sweet', remember: true });
  // The broker's password changed: the stored one is refused and dropped.
  const s2 = scriptedSession({ password: 'changed' });
  const second = setup({ session: s2 });
  second.creds.set('passwords', creds.get('passwords'));
  await assert.rejects(
    second.controller.signIn({ url: URL_, user: 'test', useSavedPassword: true }),
    (e: LauncherError) => e.kind === 'auth',
  );
  assert.deepEqual(second.creds.get('passwords'), {});
});

void test('remember password on Linux basic_text: not stored, reported plainly', async () => {
  const { controller, creds } = setup({ session: scriptedSession({}), backend: 'basic_text' });
  const r = await controller.signIn({ url: URL_, user: 'test', password: 'p', remember: true });
  assert.equal(r.passwordRemembered, false);
  assert.deepEqual(creds.get('passwords'), {});
  assert.deepEqual((await controller.getStartupState()).passwordStorage, {
    available: false,
    backend: 'basic_text',
    reason: 'no-keyring',
  });
});

void test('--broker-url --lock-broker-url: prefilled, locked, another broker refused', async () => {
  const { controller } = setup({
    session: scriptedSession({}),
    argv: [`--broker-url=http://test@127.0.0.1:18080/plain/`, '--lock-broker-url'],
  });
  const state = await controller.getStartupState();
  assert.equal(state.prefill.brokerUrl, 'http://test@127.0.0.1:18080/plain/');
  assert.equal(state.prefill.user, 'test');
  assert.deepEqual(state.locked, ['brokerUrl']);
  await assert.rejects(
    controller.signIn({ url: 'http://127.0.0.1:18083/plain/' }),
    /set up for one broker only/,
  );
  await controller.signIn({ url: URL_, user: 'test' });
});

void test('launch: existing sessions → choose; then launch events, recents, ended', async () => {
  const info = [
    {
      agentPid: 1,
      name: 'test-50-1_stDXFCE_dp24',
      display: 50,
      host: 'srv',
      status: 'S' as const,
      createdAt: '',
      clientIp: '',
      typeLetter: 'D',
      command: 'XFCE',
      depth: 24,
      line: '',
    },
  ];
  const s = scriptedSession({ sessionInfo: info });
  let started: { resume?: string } | null = null;
  let exit!: (v: { exitCode: number | null }) => void;
  const { controller, events, settings } = setup({
    session: s,
    launcher: {
      start: (req) => {
        started = req;
        return Promise.resolve({
          client: 'pyhoca-cli',
          exited: new Promise((r) => (exit = r)),
        });
      },
    },
  });
  await assert.rejects(controller.selectAndLaunch('a', {}), /not signed in/);
  await controller.signIn({ url: URL_, user: 'test' });
  events.length = 0;
  const first = await controller.selectAndLaunch('a', {});
  assert.deepEqual(first, { kind: 'choose', sessions: info });
  assert.equal(started, null);
  const second = await controller.selectAndLaunch('a', { resume: 'test-50-1_stDXFCE_dp24' });
  assert.equal(second.kind, 'launched');
  assert.equal(started!.resume, 'test-50-1_stDXFCE_dp24');
  exit({ exitCode: 0 });
  await new Promise((r) => setImmediate(r));
  const states = events.filter((e) => e.type === 'launch').map((e) => e.state);
  assert.deepEqual(states, [
    'asking-broker',
    'asking-broker',
    'starting-client',
    'running',
    'ended',
  ]);
  assert.deepEqual(
    settings.recents(scopeKey(URL_, 'test')).map((r) => r.id),
    ['a'],
  );
  await assert.rejects(controller.selectAndLaunch('gone', {}), /no longer offered/);
});

void test('--no-autoresume: the sessions the broker lists are not offered, a new one starts', async () => {
  const info = [
    {
      agentPid: 1,
      name: 'test-50-1_stDXFCE_dp24',
      display: 50,
      host: 'srv',
      status: 'S' as const,
      createdAt: '',
      clientIp: '',
      typeLetter: 'D',
      command: 'XFCE',
      depth: 24,
      line: '',
    },
  ];
  let started = null as { resume?: string } | null;
  const { controller } = setup({
    session: scriptedSession({ sessionInfo: info }),
    argv: ['--no-autoresume'],
    launcher: {
      start: (req) => {
        started = req;
        return Promise.resolve({ client: 'pyhoca-cli', exited: new Promise(() => undefined) });
      },
    },
  });
  await controller.signIn({ url: URL_, user: 'test' });
  const result = await controller.selectAndLaunch('a', {});
  assert.equal(result.kind, 'launched');
  assert.ok(started, 'the client was started');
  assert.equal(started.resume, undefined, 'a new session: nothing to resume');
});

void test('launch failure (no client): failed event with the error, app keeps going', async () => {
  const { controller, events } = setup({
    session: scriptedSession({}),
    launcher: {
      start: () =>
        Promise.reject(
          new LauncherError('client.none', {}, 'No X2Go client found.', {
            hint: 'apt install pyhoca-cli',
          }),
        ),
    },
  });
  await controller.signIn({ url: URL_, user: 'test' });
  await assert.rejects(controller.selectAndLaunch('b', { resume: 'new' }), /No X2Go client/);
  const failed = events.find((e) => e.type === 'launch' && e.state === 'failed');
  assert.deepEqual(failed && failed.type === 'launch' ? failed.error : null, {
    kind: 'client',
    code: 'client.none',
    params: {},
    message: 'No X2Go client found.',
    details: { hint: 'apt install pyhoca-cli' },
  });
  assert.equal(controller.signedIn, true);
});

void test('kiosk: after the client exits the broker sign-in is dropped and signed-out sent', async () => {
  const s = scriptedSession({});
  const { controller, events } = setup({ session: s, argv: ['--kiosk'] });
  assert.equal((await controller.getStartupState()).kiosk, true);
  await controller.signIn({ url: URL_, user: 'test' });
  await controller.selectAndLaunch('a', {});
  await new Promise((r) => setImmediate(r));
  assert.equal(controller.signedIn, false);
  assert.ok(s.calls.includes('logout'));
  assert.deepEqual(events.at(-1), { type: 'signed-out', reason: null });
});

void test('cancel: a hanging sign-in ends as `cancelled`, the connection is closed', async () => {
  const s = scriptedSession({ hang: true });
  const { controller } = setup({ session: s });
  const pending = controller.signIn({ url: URL_, user: 'test', password: 'x' });
  await new Promise((r) => setImmediate(r));
  controller.cancel();
  await assert.rejects(pending, (e: LauncherError) => e.kind === 'cancelled');
  assert.ok(s.calls.includes('close'));
  assert.equal(controller.signedIn, false);
});

void test('favourites need a sign-in and are per broker + user', async () => {
  const { controller } = setup({ session: scriptedSession({}) });
  assert.throws(() => controller.setFavourite('a', true), /not signed in/);
  await controller.signIn({ url: URL_, user: 'test' });
  assert.deepEqual(controller.setFavourite('a', true).favourites, ['a']);
  await controller.signIn({ url: URL_, user: 'jacques' });
  assert.deepEqual(controller.setFavourite('b', true).favourites, ['b']);
  assert.equal(DEFAULT_POLICY.kiosk, false);
});

void test('prompts: an SSH question goes out as an event and comes back through respondToPrompt', async () => {
  const { events } = setup({ session: scriptedSession({}) });
  const hub = new PromptHub((e) => events.push(e));
  const { createSshPrompter } = await import('../../src/main/prompts');
  const prompter = createSshPrompter(hub, () => 'typed');
  assert.equal(await prompter.password({ user: 'u', host: 'h', port: 22, attempt: 1 }), 'typed');
  const asked = prompter.confirmUnknownHostKey('h', 22, 'ssh-ed25519', 'SHA256:abc');
  const ev = events.at(-1)!;
  assert.equal(ev.type, 'prompt');
  const id = ev.type === 'prompt' ? ev.prompt.id : '';
  hub.respond(id, { kind: 'host-key', accept: true, remember: true });
  assert.equal(await asked, true);
  assert.throws(() => hub.respond(id, { kind: 'cancel' }), /already answered/);
  const again = prompter.passphrase('/k');
  hub.cancelAll();
  assert.equal(await again, null);
  assert.deepEqual(events.at(-1)!.type, 'prompt-closed');
});

void test('the broker stops accepting the held cookie: signed-out with the reason, sign-in needed', async () => {
  const s = scriptedSession({});
  let lists = 0;
  const { controller, events } = setup({
    session: {
      calls: s.calls,
      make: (req) => ({
        ...s.make(req),
        listProfiles: () =>
          ++lists > 1
            ? Promise.reject(
                new LauncherError(
                  'broker.cookie.expired',
                  {},
                  'The broker no longer accepts the session cookie.',
                ),
              )
            : Promise.resolve([profile('a')]),
      }),
    },
  });
  await controller.signIn({ url: URL_, user: 'test' });
  await assert.rejects(
    controller.listProfiles(),
    (e: LauncherError) => e.kind === 'cookie-rejected',
  );
  assert.equal(controller.signedIn, false);
  assert.deepEqual(events.at(-1), {
    type: 'signed-out',
    reason: {
      kind: 'cookie-rejected',
      code: 'broker.cookie.expired',
      params: {},
      message: 'The broker no longer accepts the session cookie.',
      details: {},
    },
  });
  // A network failure is not a sign-out.
  const net = scriptedSession({});
  const second = setup({
    session: {
      calls: net.calls,
      make: (req) => ({
        ...net.make(req),
        selectSession: () =>
          Promise.reject(
            new LauncherError(
              'broker.unreachable',
              { where: 'broker', error: 'ECONNREFUSED' },
              'Broker down.',
            ),
          ),
      }),
    },
  });
  await second.controller.signIn({ url: URL_, user: 'test' });
  await assert.rejects(second.controller.selectAndLaunch('a', {}), /Broker down/);
  assert.equal(second.controller.signedIn, true);
});

void test('kiosk: no web browser (a way out of the kiosk), refused in main', async () => {
  const { controller } = setup({
    session: scriptedSession({}),
    argv: ['--kiosk', `--broker-url=${URL_}`],
  });
  await assert.rejects(controller.openExternal('https://wiki.x2go.org/'), (e: unknown) => {
    assert.equal((e as { code?: string }).code, 'kiosk.no-browser');
    return true;
  });
  // outside a kiosk the same page opens
  const plain = setup({ session: scriptedSession({}) });
  await plain.controller.openExternal('https://wiki.x2go.org/');
});

void test('a policy locking a fail-over list (brokerUrls only): any of its URLs signs in, another is refused', async () => {
  const A = 'http://127.0.0.1:18080/plain/';
  const B = 'http://127.0.0.1:18085/plain/';
  const managed = parseManagedConfig(JSON.stringify({ brokerUrls: [A, B], lockBrokerUrl: true }));
  const s = scriptedSession({});
  const { controller } = makeController({
    policy: resolvePolicy({}, managed, {}),
    createSession: s.make,
    launcher: { detect: () => Promise.resolve({ available: false, name: null }), start: () => Promise.reject(new Error('no')) },
  });
  const state = await controller.getStartupState();
  assert.equal(state.prefill.brokerUrl, A);
  assert.ok(state.locked.includes('brokerUrl'));
  await assert.rejects(controller.signIn({ url: 'http://127.0.0.1:18083/plain/', user: 'test' }), /one broker only/);
  await controller.signIn({ url: B, user: 'test' });
}); // prettier-ignore
