// registerHandler: sender check, payload validation, errors as plain data — the gate every
// IPC message passes. The real validators from src/shared are used.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { IpcMainInvokeEvent } from 'electron';
import { LauncherError } from '../../src/core/errors';
import {
  registerHandler,
  senderRejection,
  type ArgsValidator,
  type IpcMainLike,
  type SenderLike,
} from '../../src/main/ipc';
import { ARG_VALIDATORS } from '../../src/shared/validate';

type Listener = (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown;

function fakeIpc(): IpcMainLike & { handlers: Map<string, Listener> } {
  const handlers = new Map<string, Listener>();
  return {
    handlers,
    handle: (channel, fn) => void handlers.set(channel, fn),
    removeHandler: (channel) => void handlers.delete(channel),
  };
}

const OUR_ID = 7;
const policy = { trustedWebContents: () => new Set([OUR_ID]) };
const ours = (over: Partial<SenderLike> = {}): SenderLike => ({
  sender: { id: OUR_ID },
  senderFrame: { url: 'app://launcher/index.html#/catalogue', parent: null },
  ...over,
});

function quietLog() {
  const lines: string[] = [];
  return {
    lines,
    info: (m: string) => void lines.push(`info ${m}`),
    warn: (m: string) => void lines.push(`warn ${m}`),
    error: (m: string) => void lines.push(`error ${m}`),
  };
}

void test('senderRejection: only our window, main frame, app://launcher', () => {
  assert.equal(senderRejection(ours(), policy), null);
  assert.match(senderRejection(ours({ senderFrame: null }), policy)!, /gone/);
  assert.match(
    senderRejection(
      ours({ senderFrame: { url: 'app://launcher/index.html', parent: {} } }),
      policy,
    )!,
    /sub-frame/,
  );
  assert.match(senderRejection(ours({ sender: { id: 99 } }), policy)!, /not our window/);
  for (const url of [
    'https://evil.example/',
    'file:///work/out/renderer/index.html',
    'app://evil/index.html',
    'data:text/html,x',
    'about:blank',
    'garbage',
  ]) {
    assert.match(
      senderRejection(ours({ senderFrame: { url, parent: null } }), policy)!,
      /not app:\/\/launcher/,
      url,
    );
  }
});

function call(
  ipc: ReturnType<typeof fakeIpc>,
  channel: string,
  event: SenderLike,
  ...args: unknown[]
) {
  const fn = ipc.handlers.get(channel);
  assert.ok(fn, `no handler for ${channel}`);
  return fn(event as unknown as IpcMainInvokeEvent, ...args);
}

void test('result mode: foreign sender and bad payload never reach the handler', async () => {
  const ipc = fakeIpc();
  const log = quietLog();
  let calls = 0;
  registerHandler(
    ipc,
    {
      channel: 'x2go:set-favourite',
      mode: 'result',
      validate: ARG_VALIDATORS.setFavourite,
      handler: () => {
        calls++;
        return { favourites: ['a'], recents: [] };
      },
    },
    policy,
    log,
  );
  const foreign = ours({ senderFrame: { url: 'https://evil.example/', parent: null } });
  assert.deepEqual(await call(ipc, 'x2go:set-favourite', foreign, 'a', true), {
    ok: false,
    error: {
      kind: 'usage',
      code: 'ipc.unknown-sender',
      params: {},
      message: 'Request refused: unknown sender.',
      details: {},
    },
  });
  const bad = (await call(ipc, 'x2go:set-favourite', ours(), 'a', 'yes')) as {
    ok: boolean;
    error: { message: string };
  };
  assert.equal(bad.ok, false);
  assert.match(bad.error.message, /^Invalid request: favourite must be a boolean/);
  const extra = (await call(ipc, 'x2go:set-favourite', ours(), 'a', true, 'extra')) as {
    ok: boolean;
  };
  assert.equal(extra.ok, false);
  assert.equal(calls, 0);
  assert.deepEqual(await call(ipc, 'x2go:set-favourite', ours(), 'a', true), {
    ok: true,
    value: { favourites: ['a'], recents: [] },
  });
  assert.equal(calls, 1);
  assert.ok(
    log.lines.some((l) => l.startsWith('warn IPC x2go:set-favourite refused: the sender is not')),
  );
});

void test('result mode: LauncherError comes back as data; a bug becomes a generic message', async () => {
  const ipc = fakeIpc();
  const log = quietLog();
  const validate: ArgsValidator<unknown[]> = (args) => ({ ok: true, value: args });
  registerHandler(
    ipc,
    {
      channel: 'a',
      mode: 'result',
      validate,
      handler: () => {
        throw new LauncherError(
          'broker.http.unauthorized',
          {},
          'The broker refused the user name or password.',
          {
            httpStatus: 401,
            hint: 'Check them and try again.',
          },
        );
      },
    },
    policy,
    log,
  );
  registerHandler(
    ipc,
    {
      channel: 'b',
      mode: 'result',
      validate,
      handler: () => {
        throw new TypeError('secret internal /home/alice/path');
      },
    },
    policy,
    log,
  );
  assert.deepEqual(await call(ipc, 'a', ours()), {
    ok: false,
    error: {
      kind: 'auth',
      code: 'broker.http.unauthorized',
      params: {},
      message: 'The broker refused the user name or password.',
      details: { httpStatus: 401, hint: 'Check them and try again.' },
    },
  });
  const bug = (await call(ipc, 'b', ours())) as { ok: false; error: { message: string } };
  assert.equal(bug.ok, false);
  assert.doesNotMatch(JSON.stringify(bug), /alice|TypeError|stack/);
  assert.ok(log.lines.some((l) => l.startsWith('error IPC b failed')));
});

void test('plain mode: refusals reject, values pass through unwrapped', async () => {
  const ipc = fakeIpc();
  registerHandler(
    ipc,
    {
      channel: 'x2go:get-startup-state',
      mode: 'plain',
      validate: ARG_VALIDATORS.getStartupState,
      handler: () => ({ hello: 1 }),
    },
    policy,
    quietLog(),
  );
  assert.deepEqual(await call(ipc, 'x2go:get-startup-state', ours()), { hello: 1 });
  await assert.rejects(
    () => call(ipc, 'x2go:get-startup-state', ours({ sender: { id: 1 } })) as Promise<unknown>,
    /unknown sender/,
  );
  await assert.rejects(
    () => call(ipc, 'x2go:get-startup-state', ours(), 'x') as Promise<unknown>,
    /Invalid request/,
  );
});
