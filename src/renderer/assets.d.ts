// esbuild bundles these as data: URLs (scripts/build.mjs `loader`), so the strict CSP
// (`img-src 'self' data:`) allows them and nothing is fetched from anywhere.
declare module '*.svg' {
  const dataUrl: string;
  export default dataUrl;
}
