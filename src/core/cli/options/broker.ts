// Broker connection and authentication options. Names follow x2goclient's (--broker-url,
// --auth-id, --broker-noauth, --broker-cacertfile, --broker-name) so IT staff recognise them;
// the options themselves (kinds, help) are in the one table, src/core/command-line/options.ts.
import { LauncherError } from '../../errors';
import { parseBrokerUrl, type Dialect } from '../../broker/url';
import { passwordFromEnv, passwordFromFile, passwordFromStdin, promptPassword } from '../secrets';
import { enforceCliPolicy } from '../policy';
import type { OptionGroup } from '../types';
import { groupOptions } from './table';
import { brokerEntryUrls } from '../../broker/failover-urls';
import { allowedBrokerUrls, isAllowedBrokerUrl } from '../../config/broker-lock';
import type { FailoverAttempt } from '../../broker/failover';
import { safe } from '../format';

export const brokerOptions: OptionGroup = {
  title: 'Broker',
  options: groupOptions('broker'),

  async apply(values, target, io) {
    // The administrator's policy: locked keys refuse other values (exit 2); its broker URL and
    // CA files apply when the command line gives none (docs/policy.md).
    const { settings: policy } = await enforceCliPolicy(values);
    const policyUrl = policy.brokerUrl.source === 'policy' ? policy.brokerUrl.value : null;
    // Fail-over (docs/failover.md §1): --broker-failover-url, else the policy's brokerUrls.
    const failoverGiven = Array.isArray(values['broker-failover-url'])
      ? values['broker-failover-url']
      : [];
    const entry = brokerEntryUrls({
      url: typeof values['broker-url'] === 'string' ? values['broker-url'] : policyUrl,
      failoverGiven,
      policyList: policy.brokerUrls.source === 'policy' ? policy.brokerUrls.value : [],
    });
    // An http:// fail-over URL behind an encrypted one would send the password in clear
    // text whenever someone on the path breaks the first connection: refused (exit 2).
    const downgrade = entry?.refused[0];
    if (downgrade) {
      throw new LauncherError(
        'options.failover-url',
        { url: downgrade, reason: 'it is http:// and the broker URL is not' },
        `The fail-over URL ${downgrade} is refused: it is http:// and the broker URL is not, so the password would go in clear text whenever the first URL fails.`,
        { hint: 'Use https:// for every URL of the broker.' },
      );
    }
    // A policy that locks the broker URL also bounds its fail-over: only URLs it lists (the
    // app's rule, core/config/broker-lock.ts).
    const allowed = allowedBrokerUrls({
      lockBrokerUrl:
        policy.lockBrokerUrl.value === true || policy.brokerUrl.locked || policy.brokerUrls.locked,
      brokerUrl: policyUrl,
      brokerUrls: policy.brokerUrls.value ?? [],
    });
    if (allowed && failoverGiven.length) {
      const outside = failoverGiven.find((u) => !isAllowedBrokerUrl(allowed, u.trim()));
      if (outside !== undefined) {
        throw new LauncherError(
          'options.failover-url',
          { url: outside, reason: 'the policy locks the broker URL' },
          `The fail-over URL ${outside} is refused: the policy locks the broker URL, and it lists only ${allowed.join(', ') || 'its own'}.`,
        );
      }
    }
    const urlText = entry?.url;
    if (typeof urlText !== 'string' || !urlText)
      throw new LauncherError('options.missing-broker-url', {}, 'Missing --broker-url URL.', {
        hint: failoverGiven.length
          ? '--broker-failover-url adds URLs after --broker-url; give --broker-url first.'
          : 'e.g. --broker-url https://broker.example.org/plain/',
      });
    let dialect: Dialect | undefined;
    if (typeof values.dialect === 'string') {
      if (values.dialect !== 'plain' && values.dialect !== 'json')
        throw new LauncherError(
          'options.dialect',
          { value: String(values.dialect) },
          `--dialect must be plain or json, not "${values.dialect}".`,
        );
      dialect = values.dialect;
    }
    target.url = parseBrokerUrl(urlText, dialect ? { dialect } : {});
    if (dialect) target.dialect = dialect;
    if (entry?.failover.length) {
      target.failoverUrls = entry.failover;
      // The URL that answered goes to stderr (stdout stays the command's output, e.g. JSON).
      target.onBrokerAnswered = (url, passedOver) =>
        io.stderr.write(failoverLine(url.display, passedOver));
    }
    if (typeof values['broker-user'] === 'string') target.user = values['broker-user'];
    const user = target.user ?? target.url.user;

    const noAuth = values['broker-noauth'] === true;
    if (noAuth) target.noAuth = true;
    if (typeof values['auth-id'] === 'string') target.authIdFile = values['auth-id'];
    if (values['auth-id-persist'] === true) {
      if (!target.authIdFile)
        throw new LauncherError(
          'options.auth-id-persist',
          {},
          '--auth-id-persist needs --auth-id FILE.',
        );
      target.persistAuthId = true;
    }

    const sources = [
      values['broker-password-file'] !== undefined && '--broker-password-file',
      values['broker-password-stdin'] === true && '--broker-password-stdin',
      values['broker-password-env'] !== undefined && '--broker-password-env',
    ].filter(Boolean);
    if (sources.length > 1)
      throw new LauncherError(
        'options.password-sources',
        { sources: sources.join(', ') },
        `Give only one password source (${sources.join(', ')}).`,
      );
    if (noAuth && sources.length)
      throw new LauncherError('options.noauth-password', {}, '--broker-noauth takes no password.');
    if (typeof values['broker-password-file'] === 'string')
      target.password = await passwordFromFile(values['broker-password-file'], io);
    else if (values['broker-password-stdin'] === true)
      target.password = await passwordFromStdin(io);
    else if (typeof values['broker-password-env'] === 'string')
      target.password = passwordFromEnv(values['broker-password-env'], io);
    // ssh:// asks later, only if the SSH server wants a password after the keys (as ssh does).
    else if (!noAuth && !target.authIdFile && io.stdin.isTTY && user && target.url.scheme !== 'ssh')
      target.password = await promptPassword(
        `Broker password for ${user} at ${target.url.display}: `,
        io,
      );
    // x2gobroker over plain HTTP sees the password in clear, as does anyone on the path:
    // allowed (test and lab brokers exist), but never silently.
    if (target.password !== undefined && target.url.scheme === 'http')
      io.stderr.write(
        `x2go-launcher: warning: the broker password goes unencrypted over http:// to ${target.url.host}; use https:// where the broker offers it.\n`,
      );

    const limits: { requestTimeoutMs?: number; connectTimeoutMs?: number } = {};
    if (typeof values.timeout === 'string') {
      const s = Number(values.timeout);
      if (!Number.isFinite(s) || s <= 0 || s > 3600)
        throw new LauncherError(
          'options.timeout',
          { value: String(values.timeout) },
          `--timeout must be a number of seconds (0 < s ≤ 3600), not "${values.timeout}".`,
        );
      limits.requestTimeoutMs = Math.round(s * 1000);
      limits.connectTimeoutMs = Math.min(10_000, limits.requestTimeoutMs);
    }
    const caFiles = [
      ...(Array.isArray(values['broker-cacertfile']) ? values['broker-cacertfile'] : []),
      ...policy.brokerCaFiles.value,
      ...(policy.brokerCaFile.value ? [policy.brokerCaFile.value] : []),
    ];
    target.transportOptions = {
      ...target.transportOptions,
      limits: { ...target.transportOptions?.limits, ...limits },
      ...(caFiles.length ? { caFiles } : {}),
      // Proxies (docs/proxies.md): the policy's proxy, else HTTPS_PROXY / HTTP_PROXY / NO_PROXY.
      proxy: { policy: policy.proxy.value },
    };
  },
};

/** The stderr line naming the broker URL that answered, and why the ones before did not. */
function failoverLine(answered: string, passedOver: FailoverAttempt[]): string {
  const before = passedOver
    .map((a) => `${a.url} (${a.error.message.replace(/\.$/, '')})`)
    .join('; ');
  return (
    safe(
      `x2go-launcher: broker answered at ${answered}${before ? ` after no answer from ${before}` : ''}`,
    ) + '\n'
  );
}
