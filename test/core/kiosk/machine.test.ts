// The kiosk state machine (src/core/kiosk/machine.ts): one case per row of KIOSK_TRANSITIONS —
// a row added without a case fails the first test — plus the ignored-event rule.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  DEFAULT_KIOSK_OPTIONS,
  initialKioskState,
  KIOSK_TRANSITIONS,
  kioskStep,
  secondsLeft,
  type KioskEffect,
  type KioskEvent,
  type KioskOptions,
  type KioskScreen,
  type KioskState,
} from '../../../src/core/kiosk/machine';

const T0 = 1_000_000;
const OPTS: KioskOptions = {
  ...DEFAULT_KIOSK_OPTIONS,
  escapeAvailable: true,
  powerButtons: true,
  idleResetMs: 300_000,
  idleWarningMs: 30_000,
};
const noJitter = () => 0.5; // backoff spread (2·0.5 − 1) = 0: exact delays

function at(screen: KioskScreen, patch: Partial<KioskState> = {}): KioskState {
  const base =
    screen === 'network-wait' || screen === 'sign-in' || screen === 'catalogue'
      ? screen
      : 'catalogue';
  return { ...initialKioskState(T0), screen, base, deadline: null, ...patch };
}

interface Case {
  state: KioskState;
  event: KioskEvent;
  now?: number;
  options?: Partial<KioskOptions>;
  screen: KioskScreen;
  effects?: KioskEffect[];
  check?: (s: KioskState) => void;
}

const CASES: Record<string, Case[]> = {
  'network-wait tick': [
    { state: at('network-wait', { deadline: T0 + 10 }), event: { type: 'tick' }, now: T0, screen: 'network-wait', effects: [] },
    {
      state: at('network-wait', { deadline: T0 }), event: { type: 'tick' }, now: T0, screen: 'network-wait',
      effects: [{ type: 'probe-broker' }], check: (s) => assert.equal(s.deadline, null),
    },
  ],
  'network-wait broker-unreachable': [
    {
      state: at('network-wait', { attempt: 2 }), event: { type: 'broker-unreachable', reason: 'ECONNREFUSED' },
      screen: 'network-wait', effects: [],
      check: (s) => {
        assert.equal(s.attempt, 3);
        assert.equal(s.deadline, T0 + 8_000); // 2 s · 2^(3−1)
        assert.equal(s.reason, 'ECONNREFUSED');
      },
    },
  ],
  'network-wait broker-reachable': [
    { state: at('network-wait', { attempt: 4, reason: 'x' }), event: { type: 'broker-reachable' }, screen: 'sign-in',
      check: (s) => { assert.equal(s.attempt, 0); assert.equal(s.reason, null); } },
  ],
  'network-wait signed-in': [
    { state: at('network-wait', { reason: 'x' }), event: { type: 'signed-in', profileIds: ['a', 'b'] }, screen: 'catalogue',
      check: (s) => assert.equal(s.reason, null) },
    { state: at('network-wait'), event: { type: 'signed-in', profileIds: ['only'] }, options: { autostartSingleProfile: true },
      screen: 'launching', effects: [{ type: 'start-profile', profileId: 'only' }] },
  ],
  'network-wait escape': [
    { state: at('network-wait'), event: { type: 'escape' }, screen: 'admin-pin', check: (s) => assert.equal(s.base, 'network-wait') },
    { state: at('network-wait'), event: { type: 'escape' }, options: { escapeAvailable: false }, screen: 'network-wait' },
  ],
  'network-wait power': [
    { state: at('network-wait'), event: { type: 'power', action: 'reboot' }, screen: 'power-confirm',
      check: (s) => assert.equal(s.powerAction, 'reboot') },
    { state: at('network-wait'), event: { type: 'power', action: 'reboot' }, options: { powerButtons: false }, screen: 'network-wait' },
  ],
  'sign-in signed-in': [
    { state: at('sign-in'), event: { type: 'signed-in', profileIds: ['a', 'b'] }, screen: 'catalogue', effects: [] },
    { state: at('sign-in'), event: { type: 'signed-in', profileIds: ['a'] }, screen: 'catalogue', effects: [] },
    {
      state: at('sign-in'), event: { type: 'signed-in', profileIds: ['only'] }, options: { autostartSingleProfile: true },
      screen: 'launching', effects: [{ type: 'start-profile', profileId: 'only' }],
      check: (s) => { assert.equal(s.profileId, 'only'); assert.equal(s.base, 'catalogue'); },
    },
    { state: at('sign-in'), event: { type: 'signed-in', profileIds: ['a', 'b'] }, options: { autostartSingleProfile: true }, screen: 'catalogue' },
  ],
  'sign-in broker-unreachable': [
    { state: at('sign-in'), event: { type: 'broker-unreachable', reason: 'timeout' }, screen: 'network-wait',
      effects: [{ type: 'sign-out' }], check: (s) => assert.equal(s.attempt, 1) },
  ],
  'sign-in tick': [
    { state: at('sign-in', { lastInputAt: T0 }), event: { type: 'tick' }, now: T0 + 269_999, screen: 'sign-in' },
    { state: at('sign-in', { lastInputAt: T0 }), event: { type: 'tick' }, now: T0 + 270_000, screen: 'idle-warning',
      check: (s) => { assert.equal(s.deadline, T0 + 300_000); assert.equal(secondsLeft(s, T0 + 270_000), 30); } },
    { state: at('sign-in', { lastInputAt: T0 }), event: { type: 'tick' }, now: T0 + 10_000_000, options: { idleResetMs: null }, screen: 'sign-in' },
  ],
  'sign-in escape': [{ state: at('sign-in'), event: { type: 'escape' }, screen: 'admin-pin' }],
  'sign-in power': [{ state: at('sign-in'), event: { type: 'power', action: 'poweroff' }, screen: 'power-confirm' }],
  'catalogue launch': [
    { state: at('catalogue'), event: { type: 'launch', profileId: 'p1' }, screen: 'launching', check: (s) => assert.equal(s.profileId, 'p1') },
  ],
  'catalogue signed-out': [{ state: at('catalogue'), event: { type: 'signed-out' }, screen: 'sign-in', effects: [{ type: 'sign-out' }] }],
  'catalogue broker-unreachable': [
    { state: at('catalogue'), event: { type: 'broker-unreachable', reason: 'down' }, screen: 'network-wait', effects: [{ type: 'sign-out' }] },
  ],
  'catalogue tick': [
    { state: at('catalogue', { lastInputAt: T0 }), event: { type: 'tick' }, now: T0 + 280_000, screen: 'idle-warning',
      check: (s) => assert.equal(s.base, 'catalogue') },
  ],
  'catalogue escape': [{ state: at('catalogue'), event: { type: 'escape' }, screen: 'admin-pin' }],
  'catalogue power': [{ state: at('catalogue'), event: { type: 'power', action: 'poweroff' }, screen: 'power-confirm' }],
  'launching client-started': [{ state: at('launching', { profileId: 'p' }), event: { type: 'client-started' }, screen: 'in-session' }],
  'launching client-failed': [
    { state: at('launching'), event: { type: 'client-failed', reason: 'x2goclient not found' }, screen: 'session-ended',
      check: (s) => { assert.equal(s.reason, 'x2goclient not found'); assert.equal(s.deadline, T0 + OPTS.failureNoticeMs); } },
  ],
  'launching broker-unreachable': [
    { state: at('launching'), event: { type: 'broker-unreachable', reason: 'reset' }, screen: 'network-wait', effects: [{ type: 'sign-out' }] },
  ],
  'launching cancel': [
    { state: at('launching', { profileId: 'p' }), event: { type: 'cancel' }, now: T0 + 3, screen: 'catalogue',
      check: (s) => { assert.equal(s.profileId, null); assert.equal(s.lastInputAt, T0 + 3); } },
  ],
  'in-session session-ended': [
    { state: at('in-session'), event: { type: 'session-ended', reason: null }, screen: 'sign-in', effects: [{ type: 'sign-out' }] },
    { state: at('in-session'), event: { type: 'session-ended', reason: null }, options: { afterSession: 'catalogue' }, screen: 'catalogue', effects: [] },
    { state: at('in-session'), event: { type: 'session-ended', reason: 'client exited with status 1' }, screen: 'session-ended',
      check: (s) => assert.equal(s.reason, 'client exited with status 1') },
  ],
  'session-ended tick': [
    { state: at('session-ended', { deadline: T0 + 5 }), event: { type: 'tick' }, now: T0, screen: 'session-ended' },
    { state: at('session-ended', { deadline: T0 }), event: { type: 'tick' }, now: T0, screen: 'sign-in', effects: [{ type: 'sign-out' }],
      check: (s) => assert.equal(s.reason, null) },
  ],
  'session-ended input': [
    { state: at('session-ended', { deadline: T0 + 5_000 }), event: { type: 'input' }, options: { afterSession: 'catalogue' }, screen: 'catalogue' },
  ],
  'idle-warning input': [
    { state: at('idle-warning', { base: 'sign-in', deadline: T0 + 1 }), event: { type: 'input' }, now: T0 + 7, screen: 'sign-in',
      effects: [], check: (s) => { assert.equal(s.lastInputAt, T0 + 7); assert.equal(s.deadline, null); } },
  ],
  'idle-warning tick': [
    { state: at('idle-warning', { deadline: T0 + 1 }), event: { type: 'tick' }, now: T0, screen: 'idle-warning' },
    { state: at('idle-warning', { base: 'catalogue', deadline: T0 }), event: { type: 'tick' }, now: T0, screen: 'sign-in',
      effects: [{ type: 'sign-out' }] },
  ],
  'idle-warning broker-unreachable': [
    { state: at('idle-warning'), event: { type: 'broker-unreachable', reason: 'x' }, screen: 'network-wait' },
  ],
  'admin-pin pin-accepted': [
    { state: at('admin-pin'), event: { type: 'pin-accepted' }, screen: 'unlocked', effects: [{ type: 'leave-kiosk' }] },
  ],
  'admin-pin cancel': [{ state: at('admin-pin', { base: 'network-wait' }), event: { type: 'cancel' }, screen: 'network-wait' }],
  'admin-pin tick': [
    { state: at('admin-pin', { lastInputAt: T0 }), event: { type: 'tick' }, now: T0 + 59_999, screen: 'admin-pin' },
    { state: at('admin-pin', { base: 'sign-in', lastInputAt: T0 }), event: { type: 'tick' }, now: T0 + 60_000, screen: 'sign-in' },
  ],
  'power-confirm power-confirmed': [
    { state: at('power-confirm', { powerAction: 'poweroff' }), event: { type: 'power-confirmed' }, screen: 'powering-off',
      effects: [{ type: 'run-power', action: 'poweroff' }] },
  ],
  'power-confirm cancel': [{ state: at('power-confirm', { powerAction: 'reboot' }), event: { type: 'cancel' }, screen: 'catalogue',
    check: (s) => assert.equal(s.powerAction, null) }],
  'power-confirm tick': [
    { state: at('power-confirm', { lastInputAt: T0 }), event: { type: 'tick' }, now: T0 + 60_000, screen: 'catalogue' },
  ],
  'powering-off tick': [
    { state: at('powering-off', { base: 'sign-in', powerAction: 'poweroff', lastInputAt: T0 }), event: { type: 'tick' },
      now: T0 + 59_999, screen: 'powering-off' },
    { state: at('powering-off', { base: 'sign-in', powerAction: 'poweroff', lastInputAt: T0 }), event: { type: 'tick' },
      now: T0 + 60_000, screen: 'sign-in', check: (s) => assert.match(s.reason ?? '', /still running/) },
  ],
  'powering-off power-failed': [
    { state: at('powering-off', { base: 'sign-in', powerAction: 'poweroff' }), event: { type: 'power-failed', reason: 'polkit said no' },
      screen: 'sign-in', check: (s) => assert.equal(s.reason, 'polkit said no') },
  ],
}; // prettier-ignore

describe('kiosk state machine', () => {
  it('has a test case for every row of the transition table, and no case without a row', () => {
    const rows = KIOSK_TRANSITIONS.map((r) => `${r.from} ${r.on}`);
    assert.equal(new Set(rows).size, rows.length, 'a (screen, event) pair has two rows');
    assert.deepEqual([...rows].sort(), Object.keys(CASES).sort());
  });

  for (const row of KIOSK_TRANSITIONS) {
    const key = `${row.from} ${row.on}`;
    it(`${key} → ${row.to.join(' | ')}: ${row.does}`, () => {
      for (const c of CASES[key] ?? []) {
        assert.equal(c.state.screen, row.from);
        const { state, effects } = kioskStep(
          c.state,
          c.event,
          c.now ?? T0,
          { ...OPTS, ...c.options },
          noJitter,
        );
        assert.equal(state.screen, c.screen, `${key} with ${JSON.stringify(c.event)}`);
        if (state.screen !== row.from)
          assert.ok(
            row.to.includes(state.screen),
            `${state.screen} is not listed in the row's "to"`,
          );
        if (c.effects) assert.deepEqual(effects, c.effects);
        c.check?.(state);
      }
    });
  }

  it('ignores an event with no row (only input moves the idle clock)', () => {
    const s = at('in-session', { lastInputAt: T0 });
    assert.deepEqual(kioskStep(s, { type: 'signed-out' }, T0 + 5, OPTS), { state: s, effects: [] });
    assert.equal(kioskStep(s, { type: 'input' }, T0 + 5, OPTS).state.lastInputAt, T0 + 5);
    // No idle reset while a session runs.
    assert.equal(kioskStep(s, { type: 'tick' }, T0 + 10_000_000, OPTS).state.screen, 'in-session');
  });

  it('boots into network wait with a probe due at once, then walks the happy path', () => {
    let s = initialKioskState(T0);
    let step = kioskStep(s, { type: 'tick' }, T0, OPTS, noJitter);
    assert.deepEqual(step.effects, [{ type: 'probe-broker' }]);
    s = kioskStep(
      step.state,
      { type: 'broker-unreachable', reason: 'ECONNREFUSED' },
      T0,
      OPTS,
      noJitter,
    ).state;
    assert.equal(secondsLeft(s, T0), 2);
    s = kioskStep(s, { type: 'broker-reachable' }, T0 + 2_000, OPTS).state;
    s = kioskStep(s, { type: 'signed-in', profileIds: ['a', 'b'] }, T0 + 3_000, OPTS).state;
    s = kioskStep(s, { type: 'launch', profileId: 'a' }, T0 + 4_000, OPTS).state;
    s = kioskStep(s, { type: 'client-started' }, T0 + 5_000, OPTS).state;
    step = kioskStep(s, { type: 'session-ended', reason: null }, T0 + 6_000, OPTS);
    assert.equal(step.state.screen, 'sign-in');
    assert.deepEqual(step.effects, [{ type: 'sign-out' }]);
  });

  it('backs off 2, 4, 8 … s and stays at 60 s however long the network is down', () => {
    let s = initialKioskState(T0);
    const delays: number[] = [];
    for (let i = 0; i < 10; i++) {
      s = kioskStep(s, { type: 'broker-unreachable', reason: 'down' }, T0, OPTS, noJitter).state;
      delays.push((s.deadline ?? 0) - T0);
    }
    assert.deepEqual(
      delays,
      [2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000, 60_000, 60_000],
    );
  });
});
