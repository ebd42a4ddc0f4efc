// Launcher for x2goclient (Qt, 4.1.x): a one-profile session file in the private directory,
// started with --session-conf/--sessionid (docs/protocol.md §10). x2goclient reads AND writes that
// file, so it stays in our directory, never the user's ~/.x2goclient/sessions.

import { join } from 'node:path';
import { assertSafeArgv, option } from './argv';
import { chooseResume } from './resume';
import { buildSessionFile, usesKerberos } from './session-file';
import type { BuiltLaunch, ClientLauncher, LaunchPlan } from './types';

/**
 * The session file name x2goclient gets with --session-conf, in the private directory
 * (docs/protocol.md §10).
 */
export const X2GOCLIENT_SESSION_FILE = 'sessions';

/** Builds the x2goclient command line and session file for a launch plan (docs/protocol.md §10). */
export const x2goclientLauncher: ClientLauncher = {
  client: 'x2goclient',

  buildLaunch(plan: LaunchPlan): BuiltLaunch {
    const file = buildSessionFile({
      profile: plan.profile,
      selected: plan.selected,
      login: plan.login,
      dialect: 'qt',
      ...(plan.options.localResources ? { resources: plan.options.localResources } : {}),
    });
    const sessionFilePath = join(plan.dir, X2GOCLIENT_SESSION_FILE);
    const autoresume = !plan.options.noAutoresume;
    const resume = chooseResume(
      plan.profile,
      plan.selected,
      autoresume,
      plan.options.resumeSession,
    );
    const warnings = [...file.warnings, ...resume.warnings];
    if (resume.session)
      warnings.push(
        `the broker reports session ${resume.session.name}: x2goclient resumes it by itself when it is the only suspended session with this command, otherwise it shows its session chooser`,
      );

    const argv = [
      plan.clientPath,
      option('session-conf', sessionFilePath),
      option('sessionid', file.sectionId),
      // quit when the session is suspended or terminated: the caller then re-lists or exits
      '--close-disconnect',
      '--no-menu',
    ];
    // never --add-to-known-hosts: the launcher has verified the key and put it where libssh
    // looks (server-host-key.ts); x2goclient would accept any unknown key with it
    if (!autoresume) argv.push('--no-autoresume');
    assertSafeArgv(argv);

    return {
      client: 'x2goclient',
      argv,
      env: {},
      sessionFilePath,
      sessionFileContent: file.content,
      sectionId: file.sectionId,
      dirs: [],
      files: [{ name: X2GOCLIENT_SESSION_FILE, content: file.content }],
      resume: null,
      // SIGTERM: x2goclient quits, the session stays suspended on the server (resumable)
      stopSignal: 'SIGTERM',
      readyLine: null,
      warnings,
      localResources: file.localResources,
      agent: plan.login.method === 'agent',
      kerberos: usesKerberos(file),
    };
  },
};
