// The kiosk's part of the effective policy (docs/kiosk.md §Policy keys): whether the app runs
// as a kiosk at all, the lock-down it implies, and the options of the state machine and the
// power buttons. Pure: the app (src/main/index.ts) and the tests call it with a policy.

import type { EffectivePolicy } from '../config/managed';
import { parseAdminPinHash } from './admin-pin';
import { DEFAULT_KIOSK_OPTIONS, type KioskOptions } from './machine';
import type { PowerPolicy } from './power';

/** `kiosk` or `thinclient` (x2goclient's --thinclient: nothing but the launcher on screen). */
export function kioskActive(policy: Pick<EffectivePolicy, 'kiosk' | 'thinclient'>): boolean {
  return policy.kiosk || policy.thinclient;
}

/**
 * The policy a kiosk runs with: kiosk on for a thin client; the user is forgotten after each
 * session and no password remembered unless the administrator's policy says otherwise; the
 * broker URL locked when there is one. Returns `policy` itself when no kiosk is active, else a
 * copy (the caller's object is not changed).
 */
export function lockDownForKiosk(policy: EffectivePolicy): EffectivePolicy {
  if (!kioskActive(policy)) return policy;
  const managed = (key: keyof EffectivePolicy['sources']): boolean =>
    policy.sources[key] === 'managed';
  const out: EffectivePolicy = { ...policy, locked: [...policy.locked], kiosk: true };
  if (!managed('autoLogoffAfterSession')) out.autoLogoffAfterSession = true;
  if (!managed('allowRememberPassword')) out.allowRememberPassword = false;
  if (!managed('allowRememberUser')) out.allowRememberUser = false;
  if (out.brokerUrl) {
    out.lockBrokerUrl = true;
    if (!out.locked.includes('brokerUrl')) out.locked.push('brokerUrl');
  }
  return out;
}

/** What the kiosk driver, the power buttons and the renderer need, from the policy. */
export interface KioskSetup {
  machine: KioskOptions;
  power: PowerPolicy;
  /** Touch and large mode (`touchMode`). */
  touch: boolean;
}

/**
 * The kiosk's options from the policy. `afterSession`: sign-in when `autoLogoffAfterSession`
 * (x2goclient's --broker-autologoff), else the list. The idle warning is 30 s, or half the idle
 * time when that is shorter. `overrides` replaces any machine option (tests: short timers).
 */
export function kioskSetup(
  policy: Pick<
    EffectivePolicy,
    | 'autoLogoffAfterSession'
    | 'autostartSingleProfile'
    | 'idleMinutes'
    | 'adminPinHash'
    | 'haltbt'
    | 'powerOffCommand'
    | 'rebootCommand'
    | 'writeHaltFile'
    | 'touchMode'
  >,
  overrides: Partial<KioskOptions> = {},
): KioskSetup {
  const idleResetMs = policy.idleMinutes === null ? null : policy.idleMinutes * 60_000;
  const machine: KioskOptions = {
    ...DEFAULT_KIOSK_OPTIONS,
    afterSession: policy.autoLogoffAfterSession ? 'sign-in' : 'catalogue',
    autostartSingleProfile: policy.autostartSingleProfile,
    idleResetMs,
    idleWarningMs: Math.min(DEFAULT_KIOSK_OPTIONS.idleWarningMs, (idleResetMs ?? Infinity) / 2),
    escapeAvailable:
      policy.adminPinHash !== null && parseAdminPinHash(policy.adminPinHash) !== null,
    powerButtons: policy.haltbt,
    ...overrides,
  };
  const commands: PowerPolicy['commands'] = {};
  if (policy.powerOffCommand.length) commands.poweroff = policy.powerOffCommand;
  if (policy.rebootCommand.length) commands.reboot = policy.rebootCommand;
  return {
    machine,
    power: { commands, writeHaltFile: policy.writeHaltFile },
    touch: policy.touchMode,
  };
}
