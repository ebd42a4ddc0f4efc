// A minimal plain-dialect broker client over fetch for launcher tests, talking to the REAL
// test broker (listsessions + selectsession, AUTHID rotation). Stand-in until BrokerSession
// (src/core/broker/session.ts, http helper) is on main; then tests use that instead.
import type { BrokerProfile, SelectedSession } from '../../src/core/broker/model';
import type { LaunchBroker } from '../../src/core/cli/launch-command';
import { userPassword, type BrokerFixture } from './broker-env';
import { parsePlainProfiles } from './launcher-fixtures';

export function plainBroker(broker: BrokerFixture, user = 'test'): LaunchBroker {
  const url = broker.http.main.plainUrl;
  let authid = '';
  let profiles = new Map<string, BrokerProfile>();
  const post = async (fields: Record<string, string>) => {
    const res = await fetch(url, {
      method: 'POST',
      body: new URLSearchParams({ ...fields, user, authid }),
    });
    const text = await res.text();
    if (res.status !== 200) throw new Error(`broker HTTP ${res.status}: ${text.slice(0, 200)}`);
    authid = /^AUTHID:(.*)$/m.exec(text)?.[1]?.trim() ?? authid;
    return text;
  };
  return {
    async listProfiles() {
      const text = await post({
        task: 'listsessions',
        password: authid ? '' : userPassword(broker, user),
      });
      profiles = parsePlainProfiles(text);
      return [...profiles.values()];
    },
    async selectSession(profileId: string): Promise<SelectedSession> {
      const text = await post({ task: 'selectsession', sid: profileId, password: '' });
      const receivedAt = Date.now();
      const server = /^SERVER:(.*):([0-9]+)\r?$/m.exec(text);
      if (!server) throw new Error(`no SERVER: line in ${text.slice(0, 200)}`);
      return {
        profileId,
        server: server[1] ?? '',
        port: Number(server[2]),
        user: profiles.get(profileId)?.user ?? '',
        privateKey: null,
        pubkeyAccepted: false,
        sessionInfo: [],
        receivedAt,
      };
    },
  };
}
