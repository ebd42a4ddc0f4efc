// Hand-off to the local X2Go client (x2goclient, pyhoca-cli): Electron-free, used by the
// CLI and the GUI's main process.
export * from './types';
export { qtIniValue, writeQtIni, isSafeIniName } from './qt-ini';
export { pythonIniValue, writePythonIni } from './python-ini';
export {
  buildSessionFile,
  sessionSectionId,
  type SessionFile,
  type IniDialect,
} from './session-file';
export { PrivateDir, sweepStaleDirs, PRIVATE_DIR_PREFIX } from './private-dir';
export { findClient, detectClients, defaultClientPaths, installHint } from './find-client';
export { chooseResume } from './resume';
export { x2goclientLauncher } from './x2goclient';
export { pyhocaCliLauncher } from './pyhoca-cli';
export {
  RunningClient,
  markedProcesses,
  RUN_MARKER,
  BROKER_KEY_BUDGET_MS,
  RELIST_DELAY_MS,
  type LaunchEvent,
  type ClientExit,
} from './process';
export {
  LAUNCHERS,
  chooseLogin,
  prepareLaunch,
  startLaunch,
  BROKER_KEY_FILE,
  type PreparedLaunch,
} from './launch';
