// One transport per URL scheme: createTransport picks it. The SSH transport (ssh.ts) plugs in
// here; until it exists an ssh:// URL gets a clear error instead of a crash.
import { LauncherError } from '../errors';
import type { BrokerUrl } from '../broker/url';
import { HttpTransport, type HttpTransportOptions } from './http';
import type { BrokerTransport } from './types';

export type TransportOptions = HttpTransportOptions;

export function createTransport(url: BrokerUrl, options: TransportOptions = {}): BrokerTransport {
  switch (url.scheme) {
    case 'http':
    case 'https':
      return new HttpTransport(url, options);
    case 'ssh':
      throw new LauncherError(
        'usage',
        'SSH brokers (ssh:// URLs) are not supported by this build yet.',
        {
          hint: "Use the broker's http(s)://…/plain/ URL.",
        },
      );
  }
}
