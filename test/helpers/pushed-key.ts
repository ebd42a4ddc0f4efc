// The REAL broker session with a (fake) pushed key added to its selectsession reply. The GUI
// hands pyhoca-cli only logins it can do without a prompt (issue 8: pyhoca-cli crashes when it
// has to ask for a password), and the test broker pushes no key of its own; tests that record
// what pyhoca-cli is handed use this instead of changing the client.
import type { SessionFactory } from '../../src/main/controller';
import type { SelectedSession } from '../../src/shared/model';
import { FAKE_PEM } from './launcher-fixtures';

export function withPushedKey(factory: SessionFactory): SessionFactory {
  return withSelection(factory, { privateKey: FAKE_PEM });
}

/**
 * The REAL broker session with selectsession's server replaced by `host:port` (the fixture's
 * sshd): the launcher verifies the X2Go server's host key before any client starts (issue 8),
 * so profiles naming hosts that do not exist (xfce.example.test) can reach a client only so.
 */
export function withServer(factory: SessionFactory, host: string, port: number): SessionFactory {
  return withSelection(factory, { server: host, port });
}

/** The real selectsession result with `over` laid on top. */
function withSelection(factory: SessionFactory, over: Partial<SelectedSession>): SessionFactory {
  return (request) => {
    const session = factory(request);
    const selectSession = session.selectSession.bind(session);
    return Object.assign(session, {
      selectSession: async (...args: Parameters<typeof selectSession>) => ({
        ...(await selectSession(...args)),
        ...over,
      }),
    });
  };
}
