// proxy-from-env 2.x ships no type declarations; this is its one export (its README).
declare module 'proxy-from-env' {
  /**
   * The proxy URL for `url` from HTTP_PROXY / HTTPS_PROXY / ALL_PROXY and NO_PROXY (either
   * case) in process.env, or '' when the URL is not to be proxied.
   */
  export function getProxyForUrl(url: string | URL): string;
}
