#!/usr/bin/env node
// The CLI entry under its former name, for callers that still name it (tests, scripts):
// the entry itself is bin/x2go-launcher.cjs (CommonJS, faster to start; see there).
import './x2go-launcher.cjs';
