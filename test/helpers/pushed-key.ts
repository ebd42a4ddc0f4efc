// The REAL broker session with a (fake) pushed key added to its selectsession reply. The GUI
// hands pyhoca-cli only logins it can do without a prompt (issue 8: pyhoca-cli crashes when it
// has to ask for a password), and the test broker pushes no key of its own; tests that record
// what pyhoca-cli is handed use this instead of changing the client.
import type { SessionFactory } from '../../src/main/controller';
import { FAKE_PEM } from './launcher-fixtures';

export function withPushedKey(factory: SessionFactory): SessionFactory {
  return (request) => {
    const session = factory(request);
    const selectSession = session.selectSession.bind(session);
    return Object.assign(session, {
      selectSession: async (...args: Parameters<typeof selectSession>) => ({
        ...(await selectSession(...args)),
        privateKey: FAKE_PEM,
      }),
    });
  };
}
