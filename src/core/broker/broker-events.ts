// Client events (x2goclient 4.1.2.x's sendEventToBroker; docs/protocol.md §12.3): when the
// broker's listsessions reply asks for them (client config `events=true`), the launcher tells
// it how the session it handed off goes — CONNECTING, CONNECTED, SUSPENDING, TERMINATING,
// FINISHED, and ALIVE every `liveevent` seconds while it runs — and obeys the SUSPEND / TERMINATE
// orders the broker puts in its replies, for that session only. Debian's x2gobroker 0.0.4.3
// neither asks for events nor gives orders (it answers clientevent like a sign-in): this is
// tested against a loopback double (test/core/broker/broker-events.test.ts).
//
// The broker is untrusted: an order for any other session is ignored, at most one event
// request is in flight (an ALIVE that falls due meanwhile is skipped, not queued), the ALIVE
// interval is bounded (broker-events-reply.ts), and a failed event request is only reported —
// the session goes on, as in x2goclient ("do not exit").
import type { ClientEventFields } from '../transport/types';
import type { BrokerClientConfig, BrokerCommand } from './broker-events-reply';

/** x2goclient's client_events, in its order (a later event is never followed by an earlier). */
export const BROKER_EVENTS = [
  'CONNECTING',
  'CONNECTED',
  'SUSPENDING',
  'TERMINATING',
  'FINISHED',
  'ALIVE',
] as const;
/** One of x2goclient's event names (sent as the `event` field). */
export type BrokerEventName = (typeof BROKER_EVENTS)[number];

/** The part of BrokerSession the reporter needs. */
export interface EventsBroker {
  readonly clientConfig: BrokerClientConfig | null;
  sendClientEvent(fields: ClientEventFields, sid: string, login: string): Promise<BrokerCommand[]>;
}

/** The session the events are about (x2goclient's resumingSession). */
export interface EventSession {
  /**
   * The ID sent as `sid` and the one orders must name: the X2Go session name when the broker
   * named one to resume (SESSION_INFO), else the profile ID (the launcher hands off and does
   * not learn the name of a new session).
   */
  sid: string;
  /** Other IDs an order may name for the same session (e.g. the profile ID). */
  aliases?: readonly string[];
  server: string;
  login: string;
  cmd: string;
  /** `display` and `start` (creation time) when known (from SESSION_INFO), else ''. */
  display?: string;
  start?: string;
}

/** What obeying an order does (the launcher's own suspend / terminate paths). */
export interface EventActions {
  suspend(): void | Promise<void>;
  terminate(): void | Promise<void>;
}

/** Hooks of a reporter: reports for logs, and the clock and timers (tests). */
export interface ReporterOptions {
  /** Called for every event sent, failure and order (for logs / --json). */
  onReport?: (report: EventReport) => void;
  /** Clock in ms (tests). */
  now?: () => number;
  setInterval?: (fn: () => void, ms: number) => { unref?(): unknown };
  clearInterval?: (handle: unknown) => void;
}

/** What the reporter did: an event sent or not delivered, an ALIVE skipped, an order seen. */
export type EventReport =
  | { type: 'sent'; event: BrokerEventName; elapsed: number }
  | { type: 'failed'; event: BrokerEventName; message: string }
  | { type: 'skipped'; event: 'ALIVE'; reason: 'busy' }
  | { type: 'order'; action: BrokerCommand['action']; sid: string; obeyed: boolean };

/**
 * Reports one handed-off session's life to the broker, when the broker asked for it.
 * `start()` returns null when it did not (no client config, or `events` false).
 */
export class BrokerEventReporter {
  private last = -1;
  private connectedAt: number;
  private inFlight: Promise<void> | null = null;
  private alive: unknown = null;
  private finished = false;
  private obeyed = false;

  private constructor(
    private readonly broker: EventsBroker,
    private readonly config: BrokerClientConfig,
    private readonly session: EventSession,
    private readonly actions: EventActions,
    private readonly options: ReporterOptions,
  ) {
    this.connectedAt = this.now();
  }

  /** A reporter when the broker's last listsessions reply asked for events, else null. */
  static start(
    broker: EventsBroker,
    session: EventSession,
    actions: EventActions,
    options: ReporterOptions = {},
  ): BrokerEventReporter | null {
    const config = broker.clientConfig;
    if (!config?.events) return null;
    return new BrokerEventReporter(broker, config, session, actions, options);
  }

  /** The ALIVE interval in ms, 0 for none. */
  get aliveMs(): number {
    return this.config.aliveSeconds * 1000;
  }

  /**
   * Report `event` (x2goclient's rules): an event not later than the last one is dropped
   * (ALIVE excepted); CONNECTING and CONNECTED restart the elapsed clock; CONNECTED starts
   * the ALIVE timer, FINISHED stops it. Resolves when the request is done (never rejects).
   */
  report(event: Exclude<BrokerEventName, 'ALIVE'>): Promise<void> {
    const index = BROKER_EVENTS.indexOf(event);
    if (this.finished || index <= this.last) return Promise.resolve();
    this.last = index;
    if (event === 'CONNECTING' || event === 'CONNECTED') this.connectedAt = this.now();
    if (event === 'CONNECTED') this.startAlive();
    if (event === 'FINISHED') {
      this.stopAlive();
      this.finished = true;
    }
    return this.send(event);
  }

  /**
   * Start the ALIVE timer now if it is not running (for clients that never say they are up,
   * e.g. x2goclient: from CONNECTING on, so the broker still sees a live session).
   */
  startAlive(): void {
    if (this.alive !== null || this.aliveMs === 0 || this.finished) return;
    const set = this.options.setInterval ?? ((fn, ms) => setInterval(fn, ms));
    const handle = set(() => this.tick(), this.aliveMs);
    handle.unref?.();
    this.alive = handle;
  }

  /** Stop the ALIVE timer (also done by FINISHED). */
  stopAlive(): void {
    if (this.alive === null) return;
    (this.options.clearInterval ?? ((h) => clearInterval(h as NodeJS.Timeout)))(this.alive);
    this.alive = null;
  }

  /** The request in flight, if any (tests, shutdown). */
  idle(): Promise<void> {
    return this.inFlight ?? Promise.resolve();
  }

  private tick(): void {
    if (this.inFlight) {
      this.options.onReport?.({ type: 'skipped', event: 'ALIVE', reason: 'busy' });
      return;
    }
    void this.send('ALIVE');
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  private send(event: BrokerEventName): Promise<void> {
    const elapsed = Math.max(0, Math.floor((this.now() - this.connectedAt) / 1000));
    const fields: ClientEventFields = {
      event,
      server: this.session.server,
      client: '',
      cmd: this.session.cmd,
      display: this.session.display ?? '',
      start: this.session.start ?? '',
      elapsed,
    };
    const previous = this.inFlight ?? Promise.resolve();
    const run = previous
      .then(() => this.broker.sendClientEvent(fields, this.session.sid, this.session.login))
      .then(
        async (orders) => {
          this.options.onReport?.({ type: 'sent', event, elapsed });
          for (const order of orders) await this.obey(order);
        },
        (e: unknown) => {
          this.options.onReport?.({
            type: 'failed',
            event,
            message: e instanceof Error ? e.message : String(e),
          });
        },
      );
    const tracked = run.finally(() => {
      if (this.inFlight === tracked) this.inFlight = null;
    });
    this.inFlight = tracked;
    return tracked;
  }

  /** x2goclient's suspendFromBroker / terminateFromBroker: only for our session, only once. */
  private async obey(order: BrokerCommand): Promise<void> {
    const ours = order.sid === this.session.sid || (this.session.aliases ?? []).includes(order.sid);
    const obeyed = ours && !this.finished && !this.obeyed;
    this.options.onReport?.({ type: 'order', action: order.action, sid: order.sid, obeyed });
    if (!obeyed) return;
    this.obeyed = true;
    this.stopAlive();
    // the event first (as x2goclient), not awaited inside the request chain we are part of
    void this.report(order.action === 'suspend' ? 'SUSPENDING' : 'TERMINATING');
    await (order.action === 'suspend' ? this.actions.suspend() : this.actions.terminate());
  }
}
