// Launcher for pyhoca-cli (Python X2Go, 0.6.1.x). Its -i/--ssh-privkey is ignored (Python
// X2Go sets look_for_keys and drops key_filename) and it then waits for a password on a
// terminal it does not have. What works (../shared/x2go-e2e/README.md §2): the session file
// as $HOME/.x2goclient/sessions in a private HOME, with key= and autologin=false, started
// with --session-profile; --resume=<name> resumes, --terminate-on-ctrl-c makes SIGINT end
// the session (not just suspend it) before pyhoca-cli exits.

import { homedir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_GLOBAL_KNOWN_HOSTS_FILES, readKnownHostsFiles } from '../transport/known-hosts';
import { assertSafeArgv, option } from './argv';
import { assertPyhocaCan } from './client-limits';
import { chooseResume } from './resume';
import { buildSessionFile, usesKerberos } from './session-file';
import type { BuiltLaunch, ClientLauncher, LaunchPlan } from './types';

export const PYHOCA_HOME = 'home';
/** pyhoca-cli 0.6.1.2 with --terminate-on-ctrl-c, once the session is up. */
export const PYHOCA_READY = /Press CTRL\+C to terminate the running session/;
export const PYHOCA_SESSION_FILE = `${PYHOCA_HOME}/.x2goclient/sessions`;
export const PYHOCA_KNOWN_HOSTS = `${PYHOCA_HOME}/.ssh/known_hosts`;

/**
 * The known_hosts files ssh itself would trust, in its order: the user's
 * (~/.ssh/known_hosts, known_hosts2), the admin's (`knownHostsFiles` of the launch options),
 * the system's (/etc/ssh/ssh_known_hosts, ssh_known_hosts2). Python X2Go reads only
 * $HOME/.ssh/known_hosts, and its HOME is our private one.
 */
export function pyhocaKnownHostsSources(
  env: NodeJS.ProcessEnv,
  extraFiles: readonly string[] = [],
  globalFiles: readonly string[] = DEFAULT_GLOBAL_KNOWN_HOSTS_FILES,
): string[] {
  const ssh = join(env.HOME || homedir(), '.ssh');
  const files = [join(ssh, 'known_hosts'), join(ssh, 'known_hosts2'), ...extraFiles];
  return [...new Set([...files, ...globalFiles])];
}

/**
 * One known_hosts for Python X2Go (paramiko 2.x) made of `sources` (read only; missing or
 * unreadable ones skipped), null when none has a usable entry. Every entry is re-written in
 * the one form paramiko reads (`hosts type base64`, single spaces — a tab-separated line it
 * would skip, bad base64 would make it raise and pyhoca-cli die); lines our parser finds
 * malformed are left out, as ssh skips them. paramiko ignores `@revoked` and
 * `@cert-authority` lines, so a revoked key is enforced here: no entry with that key is kept.
 */
export function mergeKnownHosts(sources: readonly string[]): string | null {
  const entries = readKnownHostsFiles(sources);
  const revoked = new Set(
    entries.filter((e) => e.marker === 'revoked').map((e) => e.key.toString('base64')),
  );
  const lines = new Set<string>();
  for (const entry of entries) {
    const key = entry.key.toString('base64');
    if (entry.marker !== null || revoked.has(key)) continue;
    // a lone CR would end the line for Python's universal-newline reading
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u001f\u007f]/.test(entry.hosts)) continue;
    lines.add(`${entry.hosts} ${entry.keyType} ${key}`);
  }
  return lines.size > 0 ? `${[...lines].join('\n')}\n` : null;
}

export const pyhocaCliLauncher: ClientLauncher = {
  client: 'pyhoca-cli',

  buildLaunch(plan: LaunchPlan, env: NodeJS.ProcessEnv = process.env): BuiltLaunch {
    assertPyhocaCan(plan.profile, plan.login); // never start a client that does the wrong thing
    const file = buildSessionFile({
      profile: plan.profile,
      selected: plan.selected,
      login: plan.login,
      dialect: 'python',
      ...(plan.options.localResources ? { resources: plan.options.localResources } : {}),
    });
    const home = join(plan.dir, PYHOCA_HOME);
    const resume = chooseResume(
      plan.profile,
      plan.selected,
      !plan.options.noAutoresume,
      plan.options.resumeSession,
    );

    const argv = [plan.clientPath, option('session-profile', file.sectionId)];
    if (resume.session) argv.push(option('resume', resume.session.name));
    else argv.push('--new');
    // SIGINT then terminates the session on the server and pyhoca-cli exits
    argv.push('--terminate-on-ctrl-c');
    if (plan.options.addToKnownHosts) argv.push('--add-to-known-hosts');
    assertSafeArgv(argv);

    const files = [{ name: PYHOCA_SESSION_FILE, content: file.content }];
    // written 0600 like every file of the private directory; the sources are only read
    const knownHosts = mergeKnownHosts(
      pyhocaKnownHostsSources(env, plan.options.knownHostsFiles ?? []),
    );
    if (knownHosts !== null) files.push({ name: PYHOCA_KNOWN_HOSTS, content: knownHosts });

    const childEnv: Record<string, string> = { HOME: home };
    // the X server cookie is looked up in $HOME/.Xauthority unless XAUTHORITY says otherwise
    if (!env.XAUTHORITY) childEnv.XAUTHORITY = join(env.HOME || homedir(), '.Xauthority');

    return {
      client: 'pyhoca-cli',
      argv,
      env: childEnv,
      sessionFilePath: join(plan.dir, PYHOCA_SESSION_FILE),
      sessionFileContent: file.content,
      sectionId: file.sectionId,
      dirs: [PYHOCA_HOME, `${PYHOCA_HOME}/.x2goclient`, `${PYHOCA_HOME}/.ssh`],
      files,
      resume: resume.session?.name ?? null,
      stopSignal: 'SIGINT',
      // printed once the session runs; a SIGINT before it leaves the session running
      readyLine: PYHOCA_READY,
      warnings: [...file.warnings, ...resume.warnings],
      localResources: file.localResources,
      agent: plan.login.method === 'agent',
      kerberos: usesKerberos(file),
    };
  },
};
