// ESM counterpart of register-electron-stub.cjs: electron-store is an ES module and imports
// `electron` through the ESM resolver, which Module._resolveFilename does not see. Registered
// with `module.register()` by tests that load electron-store under plain Node.
const stub = new URL('./electron/index.cjs', import.meta.url).href;

export async function resolve(specifier, context, nextResolve) {
  if (specifier === 'electron') return { url: stub, shortCircuit: true, format: 'commonjs' };
  return nextResolve(specifier, context);
}
