// One transport per URL scheme: createTransport picks it (http.ts for http/https, ssh.ts for
// ssh). Each transport takes the part of the options meant for it.
import type { BrokerUrl } from '../broker/url';
import { HttpTransport, type HttpTransportOptions } from './http';
import { SshTransport, type SshTransportOptions } from './ssh';
import type { BrokerTransport } from './types';

export interface TransportOptions extends HttpTransportOptions {
  /** ssh:// only: login user, keys, agent, known_hosts, prompts (see ssh.ts). */
  ssh?: SshTransportOptions;
}

export function createTransport(url: BrokerUrl, options: TransportOptions = {}): BrokerTransport {
  switch (url.scheme) {
    case 'http':
    case 'https':
      return new HttpTransport(url, options);
    case 'ssh':
      return new SshTransport(url, options.ssh ?? {}, options.limits ?? {});
  }
}
