// Makes `require('electron')` resolve to test/stubs/electron/index.cjs. NODE_PATH is not
// enough here: node_modules/electron exists (without its binary) and wins over NODE_PATH.
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS on purpose: it stands in for a CJS module */
const Module = require('node:module');
const { join } = require('node:path');

const stub = join(__dirname, 'electron', 'index.cjs');
const original = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (request === 'electron') return stub;
  return original.call(this, request, ...rest);
};
module.exports = { stubPath: stub };
