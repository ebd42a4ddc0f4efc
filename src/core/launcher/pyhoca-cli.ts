// Launcher for pyhoca-cli (Python X2Go, 0.6.1.x). Its -i/--ssh-privkey is ignored (Python
// X2Go sets look_for_keys and drops key_filename) and it then waits for a password on a
// terminal it does not have. What works (proven by test/core/launcher/pyhoca-readback.int.test.ts
// and real-session.int.test.ts): the session file as $HOME/.x2goclient/sessions in a private HOME,
// with key= and autologin=false, started with --session-profile; --resume=<name> resumes,
// --terminate-on-ctrl-c makes SIGINT end the session (not just suspend it) before pyhoca-cli
// exits.

import { homedir } from 'node:os';
import { join } from 'node:path';
import { assertSafeArgv, option } from './argv';
import {
  PYHOCA_PYTHONPATH_DIR,
  PYHOCA_SITECUSTOMIZE,
  PYHOCA_SITECUSTOMIZE_SOURCE,
} from './pyhoca-host-key-policy';
import { assertPyhocaCan } from './client-limits';
import { chooseResume } from './resume';
import { buildSessionFile, usesKerberos } from './session-file';
import type { BuiltLaunch, ClientLauncher, LaunchPlan } from './types';

/**
 * pyhoca-cli's HOME, relative to the private directory (Python X2Go reads ~/.x2goclient, ~/.ssh).
 */
export const PYHOCA_HOME = 'home';
/** pyhoca-cli 0.6.1.2 with --terminate-on-ctrl-c, once the session is up. */
export const PYHOCA_READY = /Press CTRL\+C to terminate the running session/;
/** The session file pyhoca-cli reads, in its private HOME (docs/protocol.md §10). */
export const PYHOCA_SESSION_FILE = `${PYHOCA_HOME}/.x2goclient/sessions`;
/** The known_hosts file pyhoca-cli reads, in its private HOME (docs/host-keys.md). */
export const PYHOCA_KNOWN_HOSTS = `${PYHOCA_HOME}/.ssh/known_hosts`;

/**
 * pyhoca-cli's known_hosts (Python X2Go reads only $HOME/.ssh/known_hosts, and its HOME is
 * our private one): the launcher writes it at the start with ONLY the server key it has just
 * verified (server-host-key.ts confinedKnownHosts), never the user's or admin's files, and
 * PYHOCA_SITECUSTOMIZE makes paramiko refuse any other key (pyhoca-host-key-policy.ts).
 */
export function withConfinedKnownHosts(built: BuiltLaunch, content: string): BuiltLaunch {
  return {
    ...built,
    files: [
      ...built.files.filter((f) => f.name !== PYHOCA_KNOWN_HOSTS),
      { name: PYHOCA_KNOWN_HOSTS, content },
    ],
  };
}

/** Builds the pyhoca-cli command line and files for a launch plan (docs/handoff.md). */
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
    // never --add-to-known-hosts: the launcher verifies the key (server-host-key.ts)
    assertSafeArgv(argv);

    const files = [
      { name: PYHOCA_SESSION_FILE, content: file.content },
      // an unknown host key ends the login (the known_hosts comes with the verified key)
      { name: PYHOCA_SITECUSTOMIZE, content: PYHOCA_SITECUSTOMIZE_SOURCE },
    ];

    const childEnv: Record<string, string> = {
      HOME: home,
      // only our directory: a sitecustomize earlier on an inherited PYTHONPATH would win
      PYTHONPATH: join(plan.dir, PYHOCA_PYTHONPATH_DIR),
    };
    // the X server cookie is looked up in $HOME/.Xauthority unless XAUTHORITY says otherwise
    if (!env.XAUTHORITY) childEnv.XAUTHORITY = join(env.HOME || homedir(), '.Xauthority');

    return {
      client: 'pyhoca-cli',
      argv,
      env: childEnv,
      sessionFilePath: join(plan.dir, PYHOCA_SESSION_FILE),
      sessionFileContent: file.content,
      sectionId: file.sectionId,
      dirs: [
        PYHOCA_HOME,
        `${PYHOCA_HOME}/.x2goclient`,
        `${PYHOCA_HOME}/.ssh`,
        PYHOCA_PYTHONPATH_DIR,
      ],
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
