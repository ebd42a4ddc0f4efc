// Hand-off to the local X2Go client (x2goclient, pyhoca-cli): Electron-free, used by the
// CLI and the GUI's main process. What the GUI's main process needs (src/main/client-launcher.ts);
// the CLI and the tests import the modules themselves.
export * from './types';
export { findClient, installHint } from './find-client';
export { prepareLaunch, startLaunch } from './launch';
