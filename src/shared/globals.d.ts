// The globals src/shared may use: ones that Node (main), the sandboxed preload and the
// renderer all provide, declared only as far as src/shared uses them. tsconfig.shared.json
// has neither the DOM library nor Node's types, so any other global (document, window,
// process, Buffer) fails `npm run typecheck` here. No library describes exactly this
// intersection, hence the short hand-written list. This file belongs to tsconfig.shared.json
// only: where src/shared is compiled with the renderer or main, the full DOM or Node
// declarations apply instead.

interface Console {
  warn(...data: unknown[]): void;
}
declare const console: Console;

/** WHATWG URL (Node's and the browser's are the same class). */
interface URL {
  readonly protocol: string;
  readonly username: string;
  readonly password: string;
  readonly hostname: string;
}
declare const URL: {
  prototype: URL;
  new (url: string, base?: string): URL;
};
