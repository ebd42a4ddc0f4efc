// Profiles and selections for launcher tests, from a REAL plain listsessions reply of the test
// broker (test/fixtures/launcher/listsessions-plain.txt, captured with curl from
// the test peers, test/peers/start.sh), parsed by the product's plain parser. profileFromFields() builds a
// profile from hand-written (hostile) fields.

import { readFileSync } from 'node:fs';
import type {
  BrokerProfile,
  RawFields,
  SelectedSession,
  SessionInfo,
} from '../../src/shared/model';
import { plainDialect } from '../../src/core/broker/plain';
import { normaliseProfile, normaliseProfiles } from '../../src/core/broker/profile';

const FIXTURE = new URL('../fixtures/launcher/listsessions-plain.txt', import.meta.url);

export function profileFromFields(id: string, fields: RawFields): BrokerProfile {
  const raw = Object.assign(Object.create(null) as RawFields, fields);
  return normaliseProfile({ id, fields: raw });
}

export function fixtureProfiles(): Map<string, BrokerProfile> {
  return parsePlainProfiles(readFileSync(FIXTURE, 'utf8'));
}

/** Profiles of a plain listsessions reply, through the product's own parser and normaliser. */
export function parsePlainProfiles(body: string): Map<string, BrokerProfile> {
  const parsed = plainDialect.parse('listsessions', { body, contentType: 'text/plain' });
  return new Map(normaliseProfiles(parsed.profiles ?? []).map((p) => [p.id, p]));
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
