// Launcher for pyhoca-cli (Python X2Go, 0.6.1.x). Its -i/--ssh-privkey is ignored (Python
// X2Go sets look_for_keys and drops key_filename) and it then waits for a password on a
// terminal it does not have. What works (../shared/x2go-e2e/README.md §2): the session file
// as $HOME/.x2goclient/sessions in a private HOME, with key= and autologin=false, started
// with --session-profile; --resume=<name> resumes, --terminate-on-ctrl-c makes SIGINT end
// the session (not just suspend it) before pyhoca-cli exits.

import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { assertSafeArgv, option } from './argv';
import { chooseResume } from './resume';
import { buildSessionFile } from './session-file';
import type { BuiltLaunch, ClientLauncher, LaunchPlan } from './types';

export const PYHOCA_HOME = 'home';
/** pyhoca-cli 0.6.1.2 with --terminate-on-ctrl-c, once the session is up. */
export const PYHOCA_READY = /Press CTRL\+C to terminate the running session/;
export const PYHOCA_SESSION_FILE = `${PYHOCA_HOME}/.x2goclient/sessions`;

/** The user's own known_hosts (read-only): copied so the private HOME trusts the same hosts. */
function userKnownHosts(env: NodeJS.ProcessEnv): string | null {
  try {
    return readFileSync(join(env.HOME || homedir(), '.ssh', 'known_hosts'), 'utf8');
  } catch {
    return null;
  }
}

export const pyhocaCliLauncher: ClientLauncher = {
  client: 'pyhoca-cli',

  buildLaunch(plan: LaunchPlan, env: NodeJS.ProcessEnv = process.env): BuiltLaunch {
    const file = buildSessionFile({
      profile: plan.profile,
      selected: plan.selected,
      login: plan.login,
      dialect: 'python',
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
    const knownHosts = userKnownHosts(env);
    if (knownHosts !== null)
      files.push({ name: `${PYHOCA_HOME}/.ssh/known_hosts`, content: knownHosts });

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
    };
  },
};
