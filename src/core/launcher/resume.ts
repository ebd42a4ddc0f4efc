// Which existing session to resume. The broker reports sessions of this user in SESSION_INFO
// (it has already suspended a running one, docs/protocol.md §8.4); the client should resume that
// session instead of starting a new one — unless the user said --no-autoresume.

import type { BrokerProfile, SelectedSession, SessionInfo } from '../../shared/model';
import { SESSION_NAME } from './argv';

/** Which session to resume (docs/protocol.md §8.4), with why others were not. */
export interface ResumeChoice {
  /** The session name to resume, null = start a new session. */
  session: SessionInfo | null;
  warnings: string[];
}

const PLACEHOLDER: SessionInfo = {
  agentPid: 0,
  name: '',
  display: 0,
  host: '',
  status: 'S',
  createdAt: '',
  clientIp: '',
  typeLetter: '',
  command: '',
  depth: null,
  line: '',
};

function commandMatches(info: SessionInfo, profile: BrokerProfile): boolean {
  if (!info.command) return true; // name without a readable command: do not exclude it
  const wanted = profile.command.trim().split(/\s+/)[0] ?? '';
  const base = wanted.slice(wanted.lastIndexOf('/') + 1);
  return (
    info.command.toUpperCase() === base.toUpperCase() ||
    info.command.toUpperCase() === wanted.toUpperCase()
  );
}

/**
 * The session to resume for a selected profile (docs/protocol.md §8.4): the user's explicit
 * choice when it is a valid session name, else (with `autoresume`) the suspended session
 * the broker reported; otherwise none (a new session). Never throws; doubts go to `warnings`.
 */
export function chooseResume(
  profile: BrokerProfile,
  selected: SelectedSession,
  autoresume: boolean,
  /** A session the user picked (GUI session chooser); it must be valid as a session name. */
  explicit?: string,
): ResumeChoice {
  const warnings: string[] = [];
  if (explicit !== undefined) {
    if (!SESSION_NAME.test(explicit)) {
      warnings.push(`cannot resume ${JSON.stringify(explicit.slice(0, 60))}: not a session name`);
      return { session: null, warnings };
    }
    const known = selected.sessionInfo.find((s) => s.name === explicit);
    return { session: known ?? { ...PLACEHOLDER, name: explicit, line: explicit }, warnings };
  }
  const usable = selected.sessionInfo.filter((s) => {
    if (SESSION_NAME.test(s.name)) return true;
    warnings.push(
      `SESSION_INFO names an unusable session ${JSON.stringify(s.name.slice(0, 60))}: ignored`,
    );
    return false;
  });
  if (usable.length === 0) return { session: null, warnings };
  if (!autoresume) {
    warnings.push(
      `not resuming ${usable.map((s) => s.name).join(', ')} (--no-autoresume): starting a new session`,
    );
    return { session: null, warnings };
  }
  const suspended = usable.filter((s) => s.status === 'S');
  const pick =
    suspended.find((s) => commandMatches(s, profile)) ?? suspended[0] ?? usable[0] ?? null;
  return { session: pick, warnings };
}
