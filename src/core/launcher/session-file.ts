// The one-profile session file handed to the local client, built from the broker's profile
// (every field as it was sent) and the selectsession result (where to connect, as whom).
// x2goclient reads it with Qt's INI rules, pyhoca-cli with Python's configparser: one
// builder, two dialects (qt-ini.ts, python-ini.ts). What we set ourselves wins over the
// profile: host/port from SERVER:, the login user, and how to log in (key / agent / password).

import { createHash } from 'node:crypto';
import type { BrokerProfile, RawValue, SelectedSession } from '../broker/model';
import { LauncherError, excerpt } from '../errors';
import { pythonIniValue, writePythonIni } from './python-ini';
import { isSafeIniName, writeQtIni } from './qt-ini';
import type { SessionLogin } from './types';

export type IniDialect = 'qt' | 'python';

export interface SessionFileInput {
  profile: BrokerProfile;
  selected: SelectedSession;
  login: SessionLogin;
  dialect: IniDialect;
}

export type SessionValue = string | string[];

export interface SessionFile {
  /** The INI section (a safe name derived from the profile ID). */
  sectionId: string;
  content: string;
  /** What was written, before escaping (tests and --dry-run explanations). */
  entries: Array<[string, SessionValue]>;
  /** Profile fields that were left out, with the reason. */
  warnings: string[];
}

// Every key set below is lower case and compared with the profile key lower-cased: Qt on
// Windows reads INI keys case-insensitively (the last one wins) and Python's configparser
// folds case by default, so a profile's `Host` or `KEY` could otherwise override ours there.
// Each key name is written once, in one spelling, for both dialects.

/** Keys we write ourselves; the profile's values for them are replaced. */
const MANAGED_KEYS = new Set(['name', 'host', 'sshport', 'user', 'key', 'autologin', 'krblogin']);

/**
 * Keys that only mean something in x2goclient's own broker mode (or are broker bookkeeping):
 * in a plain session file they would do harm (`icon` is base64 data, not a path) or nothing.
 */
const BROKER_ONLY_KEYS = new Set([
  'icon',
  'usebrokerpass',
  'usebrokerpassforproxy',
  'usebrokeruserforproxy',
  'status',
  'running',
  'suspended',
]);

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
        if (typeof text === 'string') entries.push(['krblogin', text]);
      }
      return entries;
    }
  }
}

/** Build the session file content for one client dialect. Throws LauncherError('protocol'). */
export function buildSessionFile(input: SessionFileInput): SessionFile {
  const { profile, selected, login, dialect } = input;
  const sectionId = sessionSectionId(profile.id);
  const warnings: string[] = [];
  const user = selected.user || profile.user;

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
  for (const [key, raw] of Object.entries(profile.raw)) {
    const lower = key.toLowerCase();
    if (MANAGED_KEYS.has(lower)) {
      if (key !== lower)
        warnings.push(`profile key ${key} not passed on: the launcher sets ${lower} itself`);
      continue;
    }
    if (BROKER_ONLY_KEYS.has(lower)) continue;
    if (!isSafeIniName(key)) {
      warnings.push(
        `profile key ${JSON.stringify(excerpt(key, 40))} left out: not a plain key name`,
      );
      continue;
    }
    if (written.has(lower)) {
      warnings.push(
        `profile key ${key} left out: the profile already has ${lower} in another letter case`,
      );
      continue;
    }
    written.add(lower);
    let value = valueToText(raw);
    if (LIST_KEYS.has(lower)) value = listValue(value);
    else if (typeof value !== 'string') value = value.join(',');
    entries.push([key, value]);
  }

  if (dialect === 'qt') {
    return { sectionId, content: writeQtIni([{ name: sectionId, entries }]), entries, warnings };
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
          'protocol',
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
  };
}
