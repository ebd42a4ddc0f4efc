// One transport per URL scheme. BrokerSession calls createTransport() with the parsed URL and
// the options the CLI/GUI collected; each transport takes the part of the options meant for it.
// (Minimal version from the ssh branch: the http branch adds the http/https transport here.)
import { LauncherError } from '../errors';
import type { BrokerUrl } from '../broker/url';
import { SshTransport } from './ssh';
import type { SshTransportOptions } from './ssh';
import type { BrokerTransport, TransportLimits } from './types';

export interface TransportOptions {
  limits?: Partial<TransportLimits>;
  /** ssh:// only: login, keys, agent, known_hosts, prompts. */
  ssh?: SshTransportOptions;
}

export function createTransport(url: BrokerUrl, options: TransportOptions = {}): BrokerTransport {
  switch (url.scheme) {
    case 'ssh':
      return new SshTransport(url, options.ssh ?? {}, options.limits ?? {});
    default:
      throw new LauncherError('usage', `No transport for ${url.scheme}:// in this build yet.`);
  }
}
