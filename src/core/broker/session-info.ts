// SESSION_INFO / session_info: one x2golistsessions line per existing session of the user
// (docs/protocol.md §8.4). Lines with fewer than 10 `|`-separated fields are invalid and ignored.
import type { SessionInfo } from '../../shared/model';

const MIN_FIELDS = 10;
/** `<user>-<display>-<time>_st<type letter><command>_dp<depth>` */
const SESSION_NAME_PARTS = /_st([A-Z])([^_]*)(?:_dp(\d+))?$/;

/** Parse one line; null when it is not a valid x2golistsessions line. */
export function parseSessionInfoLine(input: string): SessionInfo | null {
  const line = input.replace(/\r$/, '').trim();
  const fields = line.split('|');
  if (fields.length < MIN_FIELDS) return null;
  const [pid, name, display, host, status, createdAt, , clientIp] = fields as [
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  if (!/^\d+$/.test(pid) || !/^\d+$/.test(display)) return null;
  if (status !== 'R' && status !== 'S') return null;
  // The name is what resume needs and it ends up on a command line: refuse anything odd.
  if (!/^[A-Za-z0-9_.@+-]+$/.test(name)) return null;
  const m = SESSION_NAME_PARTS.exec(name);
  const typeLetter = m && 'DRSK'.includes(m[1]!) ? m[1]! : '';
  return {
    agentPid: Number(pid),
    name,
    display: Number(display),
    host,
    status,
    createdAt,
    clientIp,
    typeLetter,
    command: m?.[2] ?? '',
    depth: m?.[3] ? Number(m[3]) : null,
    line,
  };
}

/** Parse several lines (payloads of SESSION_INFO: lines, or a JSON `session_info` string). */
export function parseSessionInfoLines(lines: Iterable<string>, warnings: string[]): SessionInfo[] {
  const out: SessionInfo[] = [];
  for (const raw of lines) {
    if (!raw.trim()) continue;
    const info = parseSessionInfoLine(raw);
    if (info) out.push(info);
    else warnings.push(`ignored invalid SESSION_INFO line (needs ≥${MIN_FIELDS} fields)`);
  }
  return out;
}
