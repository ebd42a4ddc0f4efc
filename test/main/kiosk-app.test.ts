// The kiosk's app wiring without a browser: controller events → kiosk events
// (src/main/kiosk-app.ts kioskEventFor), the kiosk IPC call's routing and PIN handling on the
// real controller, the kiosk policy (src/core/kiosk/policy.ts), the power-command keys and the
// IPC validator of the kiosk call.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validateSetting } from '../../src/core/config/keys';
import { resolvePolicy, type ManagedConfig } from '../../src/core/config/managed';
import { AdminPinGate, hashAdminPin } from '../../src/core/kiosk/admin-pin';
import { DEFAULT_KIOSK_OPTIONS } from '../../src/core/kiosk/machine';
import { kioskSetup, lockDownForKiosk } from '../../src/core/kiosk/policy';
import { KioskApp, kioskEventFor } from '../../src/main/kiosk-app';
import { validateKioskRequest } from '../../src/shared/validate';
import { makeController } from '../helpers/controller';

const launch = (state: string, extra = {}) =>
  ({ type: 'launch', launchId: 'l', profileId: 'p', state, ...extra }) as never;
const apiError = (kind: string) => ({
  kind,
  code: 'internal.unexpected',
  params: {},
  message: `a ${kind} error`,
});

describe('kioskEventFor', () => {
  it('maps launch states, failures by kind, exits and sign-outs', () => {
    assert.deepEqual(kioskEventFor(launch('asking-broker')), { type: 'launch', profileId: 'p' });
    assert.deepEqual(kioskEventFor(launch('running')), { type: 'client-started' });
    assert.equal(kioskEventFor(launch('starting-client')), null);
    // issue 13 §8: the error rides along (code + params for the UI's language)
    assert.deepEqual(kioskEventFor(launch('failed', { error: apiError('client') })), {
      type: 'client-failed',
      reason: 'a client error',
      error: apiError('client'),
    });
    assert.equal(
      (kioskEventFor(launch('failed')) as { error: { code: string } }).error.code,
      'kiosk.start-failed',
    );
    for (const kind of ['unreachable', 'timeout'])
      assert.equal(
        kioskEventFor(launch('failed', { error: apiError(kind) }))?.type,
        'broker-unreachable',
      );
    assert.deepEqual(kioskEventFor(launch('failed', { error: apiError('cancelled') })), {
      type: 'cancel',
    });
    assert.deepEqual(kioskEventFor(launch('ended', { exitCode: 0 })), {
      type: 'session-ended',
      reason: null,
    });
    assert.match(
      (kioskEventFor(launch('ended', { exitCode: 1 })) as { reason: string }).reason,
      /status 1/,
    );
    assert.match(
      (kioskEventFor(launch('ended', { exitCode: null })) as { reason: string }).reason,
      /signal/,
    );
    assert.deepEqual(
      (kioskEventFor(launch('ended', { exitCode: 1 })) as { error: unknown }).error,
      {
        kind: 'client',
        code: 'kiosk.client-status',
        params: { status: 1 },
        message: 'The X2Go client ended with status 1.',
        details: {},
      },
    );
    assert.equal(
      (kioskEventFor(launch('ended', { exitCode: null })) as { error: { code: string } }).error
        .code,
      'kiosk.client-signal',
    );
    assert.deepEqual(kioskEventFor({ type: 'signed-out', reason: null }), { type: 'signed-out' });
    assert.equal(kioskEventFor({ type: 'prompt-closed', id: 'x' }), null);
  });
});

describe('KioskApp on the real controller', () => {
  function rig(pinHash: string | null) {
    const { controller } = makeController();
    let now = 1_000_000;
    const shown: string[] = [];
    const kiosk = new KioskApp({
      controller,
      options: { ...DEFAULT_KIOSK_OPTIONS, escapeAvailable: pinHash !== null, powerButtons: true },
      touch: false,
      probe: () => Promise.resolve(),
      runPower: () => Promise.resolve(),
      pinGate: new AdminPinGate(pinHash, {
        freeAttempts: 2,
        firstLockoutMs: 60_000,
        maxLockoutMs: 60_000,
      }),
      send: (v) => shown.push(v.screen),
      leaveKiosk: () => shown.push('LEFT'),
      timers: { now: () => now, setInterval: () => 1, clearInterval: () => undefined },
    });
    return { controller, kiosk, shown, advance: (ms: number) => (now += ms) };
  }

  it('answers the kiosk call only when attached, and routes escape, PIN and power', async () => {
    const plain = makeController().controller;
    await assert.rejects(plain.kiosk({ type: 'sync' }), { code: 'kiosk.off' });

    const { controller, kiosk, shown } = rig(await hashAdminPin('2468'));
    kiosk.start();
    await new Promise((r) => setImmediate(r)); // the boot probe answers
    assert.equal(kiosk.driver.current.screen, 'sign-in');
    // a PIN outside the dialog is not even checked
    assert.equal((await controller.kiosk({ type: 'pin', pin: '2468' })).type, 'ok');
    assert.equal(kiosk.locked, true);
    assert.equal((await controller.kiosk({ type: 'escape' })).view.screen, 'admin-pin');
    const wrong = await controller.kiosk({ type: 'pin', pin: '0000' });
    assert.deepEqual(
      [wrong.type, wrong.type === 'pin-wrong' && wrong.attemptsLeft],
      ['pin-wrong', 1],
    );
    const locked = await controller.kiosk({ type: 'pin', pin: '1111' });
    assert.equal(locked.type, 'pin-locked');
    assert.equal(locked.type === 'pin-locked' && locked.retryInSeconds, 60);
    assert.equal((await controller.kiosk({ type: 'cancel' })).view.screen, 'sign-in');
    assert.equal(
      (await controller.kiosk({ type: 'power', action: 'reboot' })).view.screen,
      'power-confirm',
    );
    assert.equal((await controller.kiosk({ type: 'power-confirm' })).view.screen, 'powering-off');
    assert.equal(kiosk.locked, false, 'powering off lets the window go');
    assert.ok(!shown.includes('LEFT'));
    kiosk.stop();
  });

  it('the right PIN leaves kiosk mode', async () => {
    const { controller, kiosk, shown } = rig(await hashAdminPin('2468'));
    kiosk.start();
    await controller.kiosk({ type: 'escape' });
    assert.equal((await controller.kiosk({ type: 'pin', pin: '2468' })).view.screen, 'unlocked');
    assert.ok(shown.includes('LEFT'));
    assert.equal(kiosk.locked, false);
    kiosk.stop();
  });
});

describe('kiosk policy', () => {
  const managed = (values: object): ManagedConfig => ({ values, locked: [], warnings: [] });

  it('lockDownForKiosk: thinclient is a kiosk; remember off, autologoff on unless managed; URL locked', () => {
    const off = resolvePolicy({}, null, {});
    assert.equal(lockDownForKiosk(off), off);
    const thin = lockDownForKiosk(
      resolvePolicy({}, null, { thinclient: true, brokerUrl: 'https://b.example/plain/' }),
    );
    assert.equal(thin.kiosk, true);
    assert.equal(thin.allowRememberPassword, false);
    assert.equal(thin.allowRememberUser, false);
    assert.equal(thin.autoLogoffAfterSession, true);
    assert.equal(thin.lockBrokerUrl, true);
    assert.ok(thin.locked.includes('brokerUrl'));
    const admin = lockDownForKiosk(
      resolvePolicy(
        {},
        managed({ kiosk: true, allowRememberPassword: true, autoLogoffAfterSession: false }),
        {},
      ),
    );
    assert.equal(admin.allowRememberPassword, true, 'the administrator allowed it');
    assert.equal(admin.autoLogoffAfterSession, false);
  });

  it('kioskSetup: idle, after-session target, escape, power policy', () => {
    const policy = resolvePolicy(
      {},
      managed({
        idleMinutes: 5,
        haltbt: true,
        powerOffCommand: ['/sbin/poweroff'],
        writeHaltFile: true,
        touchMode: true,
      }),
      { kiosk: true, autoLogoffAfterSession: false },
    );
    const setup = kioskSetup(policy);
    assert.equal(setup.machine.idleResetMs, 300_000);
    assert.equal(setup.machine.idleWarningMs, 30_000);
    assert.equal(setup.machine.afterSession, 'sign-in', 'a kiosk forgets the user (autologoff)');
    assert.equal(setup.machine.escapeAvailable, false, 'no PIN hash, no escape');
    assert.equal(setup.machine.powerButtons, true);
    assert.deepEqual(setup.power, {
      commands: { poweroff: ['/sbin/poweroff'] },
      writeHaltFile: true,
    });
    assert.equal(setup.touch, true);
    const list = kioskSetup(resolvePolicy({}, managed({ autoLogoffAfterSession: false }), {}));
    assert.equal(list.machine.afterSession, 'catalogue');
    assert.equal(list.machine.idleResetMs, null);
  });

  it('power commands: the program by full path, else the value is reported and ignored', () => {
    assert.deepEqual(validateSetting('powerOffCommand', ['/usr/bin/systemctl', 'poweroff']), {
      ok: true,
      value: ['/usr/bin/systemctl', 'poweroff'],
      warnings: [],
    });
    const bad = validateSetting('rebootCommand', ['reboot']);
    assert.equal(bad.ok, false);
    assert.match(
      !bad.ok ? bad.error : '',
      /"rebootCommand" must start with the program by full path/,
    );
    const policy = resolvePolicy({}, managed({}), {});
    assert.deepEqual(policy.powerOffCommand, []);
  });
});

describe('validateKioskRequest', () => {
  it('accepts the request types and refuses anything else', () => {
    for (const r of [
      { type: 'sync' },
      { type: 'input' },
      { type: 'pin', pin: '1234' },
      { type: 'power', action: 'poweroff' },
    ])
      assert.equal(validateKioskRequest(r).ok, true, JSON.stringify(r));
    for (const r of [
      null,
      { type: 'pin' },
      { type: 'pin', pin: '' },
      { type: 'pin', pin: 'x'.repeat(65) },
      { type: 'power', action: 'halt' },
      { type: 'input', extra: 1 },
      { type: 'leave-kiosk' },
    ])
      assert.equal(validateKioskRequest(r).ok, false, JSON.stringify(r));
  });
});
