// The kiosk driver (src/main/kiosk-driver.ts) with a fake clock: it probes at boot, backs off
// while the broker is down, carries out the machine's effects and reports failures back.
import assert from 'node:assert/strict';
import { setImmediate as tick } from 'node:timers/promises';
import { it } from 'node:test';
import { DEFAULT_KIOSK_OPTIONS } from '../../src/core/kiosk/machine';
import { KioskDriver, type KioskView } from '../../src/main/kiosk-driver';

function rig(probeResults: boolean[]) {
  let now = 0;
  let fire: (() => void) | null = null;
  const calls: string[] = [];
  const views: KioskView[] = [];
  const driver = new KioskDriver(
    {
      now: () => now,
      setInterval: (fn) => ((fire = fn), 1),
      clearInterval: () => (fire = null),
      probeBroker: () => {
        calls.push('probe');
        return probeResults.shift() ? Promise.resolve() : Promise.reject(new Error('ECONNREFUSED 127.0.0.1:1'));
      },
      signOut: () => void calls.push('sign-out'),
      startProfile: (id) => {
        calls.push(`start ${id}`);
        if (id === 'broken') throw new Error('x2goclient: not found');
      },
      runPower: (a) => (calls.push(`power ${a}`), Promise.reject(new Error('polkit: not authorised'))),
      leaveKiosk: () => calls.push('leave'),
      show: (v) => views.push(v),
    },
    { ...DEFAULT_KIOSK_OPTIONS, autostartSingleProfile: true, powerButtons: true, escapeAvailable: true, backoff: { initialMs: 2_000, maxMs: 60_000, jitter: 0 } },
  ); // prettier-ignore
  const advance = async (ms: number) => {
    for (let t = 0; t < ms; t += 1_000) {
      now += 1_000;
      fire?.();
      await tick();
    }
  };
  return { driver, calls, views, advance, last: () => views.at(-1)! };
}

it('boots into network wait, backs off while the broker is down, then shows sign-in by itself', async () => {
  const { driver, calls, advance, last } = rig([false, false, true]);
  driver.start();
  await tick();
  assert.equal(last().screen, 'network-wait');
  assert.equal(last().secondsLeft, 2);
  assert.match(last().reason ?? '', /ECONNREFUSED/);
  await advance(2_000); // second probe fails: 4 s
  assert.equal(last().secondsLeft, 4);
  await advance(4_000); // third succeeds
  assert.equal(last().screen, 'sign-in');
  assert.deepEqual(calls, ['probe', 'probe', 'probe']);
});

it('autostarts a single profile and turns a failing start into the failure notice', async () => {
  const { driver, calls, advance, last } = rig([true]);
  driver.start();
  await tick();
  driver.handle({ type: 'signed-in', profileIds: ['broken'] });
  await tick();
  await tick();
  assert.equal(last().screen, 'session-ended');
  assert.equal(last().reason, 'x2goclient: not found');
  await advance(DEFAULT_KIOSK_OPTIONS.failureNoticeMs);
  assert.equal(last().screen, 'sign-in');
  assert.deepEqual(calls, ['probe', 'start broken', 'sign-out']);
});

it('shows a failed power command and stays usable; the right PIN leaves kiosk mode', async () => {
  const { driver, calls, last } = rig([true]);
  driver.start();
  await tick();
  driver.handle({ type: 'power', action: 'poweroff' });
  assert.equal(last().screen, 'power-confirm');
  driver.handle({ type: 'power-confirmed' });
  await tick();
  await tick();
  assert.equal(last().screen, 'sign-in');
  assert.match(last().reason ?? '', /polkit/);
  driver.handle({ type: 'escape' });
  driver.handle({ type: 'pin-accepted' });
  assert.equal(last().screen, 'unlocked');
  assert.deepEqual(calls, ['probe', 'power poweroff', 'leave']);
});
