// "Create desktop shortcut" on Linux: a .desktop file that opens a profile's deep link
// (src/core/deep-link.ts) with the installed launcher. Profile names come from the broker, so
// everything written is escaped per the Desktop Entry Specification 1.5 ("Recognized desktop
// entry keys", "The Exec key"): a hostile name cannot add keys or run a command.
import { createHash } from 'node:crypto';
import { makeDeepLink } from './deep-link';

export interface DesktopShortcut {
  /** File name to use (no directory): `x2go-launcher-<slug>-<hash>.desktop`; the hash of broker
   * and profile id keeps two profiles whose ids read alike (`Дом`, `Сад`; `x y`, `x-y`) apart. */
  fileName: string;
  /** The file's text. */
  content: string;
}

/** General string escapes of the spec: \\ \n \t \r, and control characters dropped. */
function escapeValue(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/\n/g, '\\n')
    .replace(/\t/g, '\\t')
    .replace(/\r/g, '\\r')
    .replace(/^ /, '\\s')
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ''); // eslint-disable-line no-control-regex
}

/** One Exec argument: double-quoted, with " ` $ \ escaped inside, and % doubled (field codes). */
function execArgument(arg: string): string {
  return `"${arg.replace(/["`$\\]/g, (c) => `\\${c}`).replace(/%/g, '%%')}"`;
}

/**
 * The shortcut for one profile.
 * @param label the profile's name as shown (from the broker; escaped here).
 * @param brokerDisplayUrl the configured broker's display URL.
 * @param launcher the launcher command (default `x2go-launcher`, the packages' /usr/bin entry).
 * @throws LauncherError('usage') from makeDeepLink for a bad broker URL or profile id.
 */
export function desktopShortcut(
  label: string,
  brokerDisplayUrl: string,
  profileId: string,
  launcher = 'x2go-launcher',
): DesktopShortcut {
  const link = makeDeepLink(brokerDisplayUrl, profileId);
  const name = escapeValue(label.slice(0, 200)) || escapeValue(profileId);
  const slug =
    profileId
      .normalize('NFKD')
      .replace(/[^A-Za-z0-9._-]+/g, '-')
      .replace(/^[.-]+|-+$/g, '')
      .slice(0, 60) || 'profile';
  // The Exec value is escaped twice: first as a quoted argument, then as a string value.
  const exec = escapeValue(`${execArgument(launcher)} ${execArgument(link)}`);
  return {
    fileName: `x2go-launcher-${slug}-${createHash('sha256').update(`${brokerDisplayUrl}\n${profileId}`).digest('hex').slice(0, 8)}.desktop`,
    content: [
      '[Desktop Entry]',
      'Type=Application',
      // the keys and escapes used here are all in 1.4, the newest version Debian 12's
      // desktop-file-validate (desktop-file-utils 0.26) accepts
      'Version=1.4',
      `Name=${name}`,
      `Comment=${escapeValue(`X2Go session on ${brokerDisplayUrl}`)}`,
      `Exec=${exec}`,
      'Icon=x2go-launcher',
      'Terminal=false',
      'Categories=Network;RemoteAccess;',
      '',
    ].join('\n'),
  };
}
