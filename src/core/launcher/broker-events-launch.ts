// A launch's client events (broker-events.ts; docs/protocol.md §12.3), one module for the
// CLI's `launch` (cli/launch-command.ts) and the app's launch path (main/client-launcher.ts):
// which session they are about, how the client's life maps to them, and the launcher's own
// ways to obey a broker's SUSPEND / TERMINATE.
import type { BrokerProfile, SelectedSession } from '../../shared/model';
import { BrokerEventReporter, type EventReport, type EventsBroker } from '../broker/broker-events';
import type { LaunchEvent, RunningClient } from './process';
import type { ClientKind } from './types';

/** The reporter of one launch, and where it learns the client once started. */
export interface LaunchEvents {
  reporter: BrokerEventReporter;
  /** The started client: an order that came before is carried out now. */
  attach(client: RunningClient): void;
}

/**
 * The events of this launch when the broker asked for them (else null). Obeying an order:
 *  - SUSPEND: x2goclient gets its stop signal (SIGTERM: it quits, the session stays
 *    suspended); pyhoca-cli gets SIGTERM, not its stop signal (SIGINT terminates there): it
 *    ends without a word to the server, which suspends a session that lost its client;
 *  - TERMINATE: pyhoca-cli gets its stop signal (SIGINT with --terminate-on-ctrl-c ends the
 *    session); x2goclient is stopped too — the launcher does not know the name of a session
 *    x2goclient started, so that session stays suspended (`onReport` says so).
 * An order that arrives before the client process is known is carried out by attach().
 */
export function startLaunchEvents(
  broker: Partial<EventsBroker>,
  profile: BrokerProfile,
  selected: SelectedSession,
  client: ClientKind,
  onReport: (r: EventReport | { type: 'note'; text: string }) => void,
): LaunchEvents | null {
  if (!broker.sendClientEvent || !('clientConfig' in broker)) return null;
  const resumed = selected.sessionInfo.length === 1 ? selected.sessionInfo[0]! : null;
  let running: RunningClient | null = null;
  let wanted: 'suspend' | 'terminate' | null = null;
  const carryOut = () => {
    if (!running || !wanted) return;
    if (wanted === 'suspend') {
      if (client === 'pyhoca-cli') running.stopNow('SIGTERM');
      else running.stop();
    } else {
      running.stop();
      if (client === 'x2goclient')
        onReport({
          type: 'note',
          text: 'x2goclient was stopped; the session stays suspended on the server (its name is unknown to the launcher, so it cannot be terminated)',
        });
    }
    wanted = null;
  };
  const reporter = BrokerEventReporter.start(
    broker as EventsBroker,
    {
      sid: resumed?.name ?? profile.id,
      aliases: [profile.id],
      server: selected.server,
      login: selected.user,
      cmd: profile.command,
      ...(resumed ? { display: String(resumed.display), start: resumed.createdAt } : {}),
    },
    {
      suspend: () => {
        wanted = 'suspend';
        carryOut();
      },
      terminate: () => {
        wanted = 'terminate';
        carryOut();
      },
    },
    { onReport },
  );
  if (!reporter) return null;
  return {
    reporter,
    attach: (c) => {
      running = c;
      carryOut();
    },
  };
}

/** The client's life as broker events (x2goclient's CONNECTING … FINISHED). */
export function feedLaunchEvent(reporter: BrokerEventReporter, event: LaunchEvent): void {
  if (event.type === 'started') {
    void reporter.report('CONNECTING');
    // a client that never says it is up (x2goclient) still shows the broker it is alive
    reporter.startAlive();
  } else if (event.type === 'ready') void reporter.report('CONNECTED');
  else if (event.type === 'exited') void reporter.report('FINISHED');
}

/** One line for stderr about an event report. */
export function describeEventReport(r: EventReport | { type: 'note'; text: string }): string {
  switch (r.type) {
    case 'sent':
      return `broker event ${r.event} sent`;
    case 'failed':
      return `broker event ${r.event} not delivered: ${r.message}`;
    case 'skipped':
      return 'broker event ALIVE skipped (the previous one is still under way)';
    case 'order':
      return r.obeyed
        ? `the broker orders ${r.action.toUpperCase()} of this session: done`
        : `ignored a broker order to ${r.action} another session`;
    case 'note':
      return r.text;
  }
}
