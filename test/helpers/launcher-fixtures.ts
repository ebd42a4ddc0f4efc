// Profiles and selections for launcher tests, from a REAL plain listsessions reply of the test
// broker (test/fixtures/launcher/listsessions-plain.txt, captured with curl from
// ../shared/broker). The parsing here is deliberately minimal (split at the first `=`):
// the launcher only needs `raw` plus a few normalised fields.

import { readFileSync } from 'node:fs';
import type {
  BrokerProfile,
  RawFields,
  SelectedSession,
  SessionInfo,
} from '../../src/core/broker/model';

const FIXTURE = new URL('../fixtures/launcher/listsessions-plain.txt', import.meta.url);

export function profileFromFields(id: string, fields: RawFields): BrokerProfile {
  const text = (key: string, fallback = '') => {
    const v = fields[key];
    return v === undefined || v === null ? fallback : Array.isArray(v) ? v.join(',') : String(v);
  };
  const bool = (key: string) => /^(1|true|yes|on)$/i.test(text(key));
  const name = text('name', id);
  const command = text('command', 'TERMINAL');
  const up = command.toUpperCase();
  const kind: BrokerProfile['kind'] =
    up === 'RDP' ? 'rdp' : up === 'SHADOW' ? 'shadow' : up === 'XDMCP' ? 'xdmcp'
      : bool('published') || up === 'PUBLISHED' ? 'published'
      : ['KDE', 'GNOME', 'LXDE', 'LXQT', 'XFCE', 'MATE', 'UNITY', 'CINNAMON', 'TRINITY', 'OPENBOX', 'ICEWM'].includes(up) ? 'desktop'
      : 'application'; // prettier-ignore
  return {
    id,
    name,
    label: name.slice(name.lastIndexOf('/') + 1),
    folder: name.includes('/') ? name.slice(0, name.lastIndexOf('/')) : '',
    command,
    kind,
    hosts: text('host').split(',').filter(Boolean),
    sshPort: Number(text('sshport', '22')) || 22,
    user: text('user'),
    rootless: bool('rootless'),
    published: bool('published'),
    icon: null,
    status: null,
    raw: fields,
  };
}

export function fixtureProfiles(): Map<string, BrokerProfile> {
  return parsePlainProfiles(readFileSync(FIXTURE, 'utf8'));
}

/** Profiles of a plain listsessions reply (minimal: split at the first `=`). */
export function parsePlainProfiles(body: string): Map<string, BrokerProfile> {
  const lines = body.split(/\r?\n/);
  const profiles = new Map<string, BrokerProfile>();
  let id: string | null = null;
  let fields: RawFields = Object.create(null) as RawFields;
  const flush = () => {
    if (id !== null) profiles.set(id, profileFromFields(id, fields));
  };
  for (const line of lines) {
    if (line === 'END_USER_SESSIONS') break;
    const section = /^\[(.*)\]$/.exec(line);
    if (section) {
      flush();
      id = section[1] ?? '';
      fields = Object.create(null) as RawFields;
    } else if (id !== null && line.includes('=')) {
      const at = line.indexOf('=');
      fields[line.slice(0, at)] = line.slice(at + 1);
    }
  }
  flush();
  return profiles;
}

export function fixtureProfile(id: string): BrokerProfile {
  const p = fixtureProfiles().get(id);
  if (!p) throw new Error(`fixture has no profile ${id}`);
  return p;
}

export function selection(
  profile: BrokerProfile,
  over: Partial<SelectedSession> = {},
): SelectedSession {
  return {
    profileId: profile.id,
    server: profile.hosts[0] ?? 'localhost',
    port: profile.sshPort,
    user: profile.user,
    privateKey: null,
    pubkeyAccepted: false,
    sessionInfo: [],
    receivedAt: Date.now(),
    ...over,
  };
}

export function sessionInfo(name: string, status: 'R' | 'S', command: string): SessionInfo {
  return {
    agentPid: 1234,
    name,
    display: 50,
    host: 'ts02',
    status,
    createdAt: '2026-11-21T10:00:00',
    clientIp: '10.1.2.3',
    typeLetter: 'R',
    command,
    depth: 24,
    line: `1234|${name}|50|ts02|${status}|2026-11-21T10:00:00|c0ffee|10.1.2.3|30001|30002|2026-11-21T10:00:01|x|34|30003`,
  };
}

/** A throwaway (not real) PEM-shaped key, for tests that must never see it echoed. */
export const FAKE_PEM =
  '-----BEGIN OPENSSH PRIVATE KEY-----\nZmFrZS1rZXktbWF0ZXJpYWwtZm9yLXRlc3RzLW9ubHktbm90LWEtcmVhbC1rZXk=\n-----END OPENSSH PRIVATE KEY-----\n';
