// The one-profile session file handed to the local client, built from the broker's profile
// (every field as it was sent) and the selectsession result (where to connect, as whom).
// x2goclient reads it with Qt's INI rules, pyhoca-cli with Python's configparser: one
// builder, two dialects (qt-ini.ts, python-ini.ts). What we set ourselves wins over the
// profile: host/port from SERVER:, the login user, and how to log in (key / agent / password).
// The broker is untrusted: only keys of the allowlist (handoff-keys.ts) whose effect stays on
// the server or is cosmetic are passed on; every key that reaches this machine is written by
// us, the safe value unless policy and user granted it (local-resources.ts). docs/handoff.md.

import { createHash } from 'node:crypto';
import type { BrokerProfile, RawValue, SelectedSession } from '../../shared/model';
import { LauncherError, excerpt } from '../errors';
import { fitsKind, keySpec, truthy } from './handoff-keys';
import {
  NO_CONSENT,
  decideResources,
  requestedResources,
  resourceEntries,
  type LocalResourcesReport,
  type ResourceConsent,
} from './local-resources';
import { pythonIniValue, writePythonIni } from './python-ini';
import { isSafeIniName, writeQtIni } from './qt-ini';
import type { SessionLogin } from './types';

/**
 * Which INI writer a session file needs: Qt's (x2goclient) or Python's configparser (pyhoca-cli).
 */
export type IniDialect = 'qt' | 'python';

/**
 * What a session file is built from: the profile, the broker's selection, the login and the
 * local-resource answers (docs/handoff.md §2, §3).
 */
export interface SessionFileInput {
  profile: BrokerProfile;
  selected: SelectedSession;
  login: SessionLogin;
  dialect: IniDialect;
  /** The admin's policy and the user's answers; default: nothing local is granted. */
  resources?: ResourceConsent;
  /** Where the client runs (x2goclient on Windows writes `export` with `#`). */
  platform?: NodeJS.Platform;
}

/** A session-file value: text or a list. */
export type SessionValue = string | string[];

/** A built session file (docs/protocol.md §10) and what was left out of it, as warnings. */
export interface SessionFile {
  /** The INI section (a safe name derived from the profile ID). */
  sectionId: string;
  content: string;
  /** What was written, before escaping (tests and --dry-run explanations). */
  entries: Array<[string, SessionValue]>;
  /** Profile fields that were left out, with the reason. */
  warnings: string[];
  /** What the profile asked of this machine and what the session gets. */
  localResources: LocalResourcesReport;
}

// Every key set below is lower case and compared with the profile key lower-cased: Qt on
// Windows reads INI keys case-insensitively (the last one wins) and Python's configparser
// folds case by default, so a profile's `Host` or `KEY` could otherwise override ours there.
// Each key name is written once, in one spelling, for both dialects.

/** Keys x2goclient reads as a string list (toStringList): written as a Qt list. */
const LIST_KEYS = new Set(['applications']);

/**
 * The INI section for a profile ID. The ID is opaque (spaces, `&`, non-ASCII happen), but a
 * section name is read with %-decoding by Qt and must not look like an option on argv, so an
 * unsafe ID becomes `p-<readable part>-<hash>` — stable, so the same profile gets the same ID.
 */
export function sessionSectionId(profileId: string): string {
  const reserved = ['general', 'default', 'none'];
  if (
    isSafeIniName(profileId) &&
    /^[A-Za-z0-9]/.test(profileId) &&
    profileId.length <= 64 &&
    !reserved.includes(profileId.toLowerCase())
  )
    return profileId;
  const readable = profileId
    .replace(/[^A-Za-z0-9_.-]+/g, '_')
    .replace(/^[-_.]+/, '')
    .slice(0, 40);
  const hash = createHash('sha256').update(profileId, 'utf8').digest('hex').slice(0, 10);
  return readable ? `p-${readable}-${hash}` : `p-${hash}`;
}

/** A profile value as text (plain replies give strings; JSON gives numbers, booleans, lists). */
function valueToText(value: RawValue): SessionValue {
  if (value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  return value.flatMap((item) => valueToText(item));
}

/**
 * A profile field by its lower-cased key, the exact lower-case spelling first (as the profile
 * normaliser does): `KrbLogin` is the client's `krblogin` too.
 */
function rawField(profile: BrokerProfile, key: string): RawValue | undefined {
  const exact = profile.raw[key];
  if (exact !== undefined) return exact;
  const other = Object.keys(profile.raw).find((k) => k.toLowerCase() === key);
  return other === undefined ? undefined : profile.raw[other];
}

function sentName(profile: BrokerProfile): string {
  const raw = rawField(profile, 'name');
  const text = raw === undefined ? '' : valueToText(raw);
  return typeof text === 'string' && text.trim() !== '' ? text : profile.name || profile.id;
}

function listValue(value: SessionValue): string[] {
  const items = typeof value === 'string' ? value.split(',') : value;
  return items.map((item) => item.trim()).filter((item) => item !== '');
}

function loginEntries(login: SessionLogin, profile: BrokerProfile): Array<[string, string]> {
  switch (login.method) {
    case 'broker-key':
    case 'ssh-key':
      // autologin=false: with autologin, Python X2Go ignores key= (look_for_keys wins)
      return [
        ['key', login.keyFile],
        ['autologin', 'false'],
        ['krblogin', 'false'],
      ];
    case 'agent':
      return [
        ['autologin', 'true'],
        ['krblogin', 'false'],
      ];
    case 'password': {
      // No key, no agent: the client asks for the password. Kerberos stays as the broker set it.
      const krb = rawField(profile, 'krblogin');
      const entries: Array<[string, string]> = [['autologin', 'false']];
      if (krb !== undefined) {
        const text = valueToText(krb);
        // only a true/false reaches the client (any other text was passed verbatim before)
        if (typeof text === 'string' && fitsKind('bool', text))
          entries.push(['krblogin', truthy(text) ? 'true' : 'false']);
      }
      return entries;
    }
  }
}

/** The file logs in with Kerberos (krblogin=true): the client needs KRB5CCNAME. */
export function usesKerberos(file: Pick<SessionFile, 'entries'>): boolean {
  return file.entries.some(([k, v]) => k === 'krblogin' && typeof v === 'string' && truthy(v));
}

/** The sentence every "you will be asked again" case shares (usebrokerpass, docs/handoff.md §4). */
export const BROKER_PASS_WARNING =
  'the broker asks to log in to the X2Go server with your broker password (usebrokerpass), but neither x2goclient nor pyhoca-cli can be given a password except on their command line, which other users can read: you will be asked for the password again';

/**
 * Build the session file content for one client dialect: the launcher's own entries, the
 * allowlisted remote/cosmetic profile keys (type-checked), then every local-resource key with
 * its granted or safe value. Throws LauncherError('protocol') when an essential value cannot
 * be written for pyhoca-cli, LauncherError('client') for a direct RDP/XDMCP profile without
 * an admin-named local client (decideResources).
 */
export function buildSessionFile(input: SessionFileInput): SessionFile {
  const { profile, selected, login, dialect } = input;
  const sectionId = sessionSectionId(profile.id);
  const warnings: string[] = [];
  const user = selected.user || profile.user;
  const localResources = decideResources(
    requestedResources(profile),
    input.resources ?? NO_CONSENT,
    login,
  );

  const entries: Array<[string, SessionValue]> = [
    // the name exactly as sent (BrokerProfile.name is trimmed for display)
    ['name', sentName(profile)],
    ['host', selected.server],
    ['sshport', String(selected.port)],
  ];
  if (user) entries.push(['user', user]);
  else warnings.push('the broker named no login user: the client will ask for it');
  entries.push(...loginEntries(login, profile));

  // Keys already written, lower-cased: a reader that folds case takes `Host` for `host`.
  const written = new Set(entries.map(([key]) => key));
  const dropped: string[] = [];
  for (const [key, raw] of Object.entries(profile.raw)) {
    const lower = key.toLowerCase();
    if (!isSafeIniName(key)) {
      warnings.push(
        `profile key ${JSON.stringify(excerpt(key, 40))} left out: not a plain key name`,
      );
      continue;
    }
    // one spelling per key, the exact lower-case one first — as the normaliser, the tile and
    // the resource checks read it (rawField), so the file never says another thing than they
    if (key !== lower && Object.hasOwn(profile.raw, lower)) {
      warnings.push(
        `profile key ${key} left out: the profile already has ${lower} in another letter case`,
      );
      continue;
    }
    const spec = keySpec(lower);
    if (!spec) {
      dropped.push(excerpt(key, 40));
      continue;
    }
    switch (spec.group) {
      case 'launcher':
        if (key !== lower)
          warnings.push(`profile key ${key} not passed on: the launcher sets ${lower} itself`);
        continue;
      case 'broker':
        if (lower === 'usebrokerpass' && truthy(typeof raw === 'string' ? raw : String(raw)))
          if (login.method === 'password') warnings.push(BROKER_PASS_WARNING);
        continue;
      case 'never':
        warnings.push(
          `profile key ${key} left out: it names a local program, its arguments or a local key file, which only the administrator may choose`,
        );
        continue;
      case 'dropped':
        warnings.push(`profile key ${key} left out: the launcher decides this itself`);
        continue;
      case 'local':
      case 'capped':
        continue; // written below from the decision (resourceEntries)
      case 'remote':
        break;
    }
    if (!(dialect === 'qt' ? spec.qt : spec.py)) continue; // the client does not read it
    if (written.has(lower)) {
      warnings.push(
        `profile key ${key} left out: the profile already has ${lower} in another letter case`,
      );
      continue;
    }
    let value = valueToText(raw);
    if (spec.kind === 'list' || LIST_KEYS.has(lower)) value = listValue(value);
    else if (typeof value !== 'string') value = value.join(',');
    if (typeof value === 'string' && !fitsKind(spec.kind, value)) {
      warnings.push(
        `profile key ${key} left out: ${JSON.stringify(excerpt(value, 40))} is not ${spec.kind === 'int' ? 'a number' : 'true or false'}`,
      );
      continue;
    }
    // non-direct RDP: the X2Go server runs rdesktop with these options after substituting the
    // X2Go password for X2GO_PASSWORD (x2goclient and python-x2go alike) — on a command line
    // every user of that server sees, sent to an RDP host the broker chose. Never from a broker.
    if (lower === 'rdpoptions' && /x2go_password/i.test(String(value))) {
      warnings.push(
        "profile key rdpoptions left out: it would hand your X2Go password to the RDP host on the server's command line (X2GO_PASSWORD)",
      );
      continue;
    }
    written.add(lower);
    entries.push([lower, typeof value === 'string' && spec.kind !== 'text' ? value.trim() : value]);
  }
  if (dropped.length)
    warnings.push(`profile keys left out (not on the hand-off allowlist): ${dropped.join(', ')}`);
  for (const [key, value] of resourceEntries(localResources, profile, dialect, input.platform)) {
    if (written.has(key)) continue;
    written.add(key);
    entries.push([key, value]);
  }

  if (dialect === 'qt') {
    return {
      sectionId,
      content: writeQtIni([{ name: sectionId, entries }]),
      entries,
      warnings,
      localResources,
    };
  }

  // Python X2Go: check every value; the essential ones must pass, the others are dropped.
  const essential = new Set(['host', 'sshport', 'user', 'key', 'autologin', 'krblogin']);
  const kept: Array<[string, SessionValue]> = [];
  const texts: Array<[string, string]> = [];
  for (const [key, sent] of entries) {
    let value = sent;
    let check = pythonIniValue(key, value);
    if (!check.ok && key === 'name') {
      warnings.push(
        `profile name cannot be passed to pyhoca-cli (${check.reason}): using ${sectionId}`,
      );
      value = sectionId;
      check = pythonIniValue(key, value);
    }
    if (!check.ok) {
      if (essential.has(key))
        throw new LauncherError(
          'client.pyhoca-value',
          { key, reason: check.id },
          `The ${key} for this session cannot be passed to pyhoca-cli: it ${check.reason}.`,
          {
            line: excerpt(typeof value === 'string' ? value : value.join(',')),
            hint: 'Use x2goclient (--client x2goclient) or ask the broker administrator.',
          },
        );
      warnings.push(`profile key ${key} left out for pyhoca-cli: value ${check.reason}`);
      continue;
    }
    kept.push([key, value]);
    texts.push([key, check.text]);
  }
  return {
    sectionId,
    content: writePythonIni([{ name: sectionId, entries: texts }]),
    entries: kept,
    warnings,
    localResources,
  };
}
