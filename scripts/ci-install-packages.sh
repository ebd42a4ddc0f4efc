#!/usr/bin/env bash
# Debian packages the whole test suite needs (root): the test peers (x2gobroker, sshd,
# x2goserver), the local X2Go clients and Xvfb, Chromium for the renderer tests, the login shells the SSH quoting test uses, and
# the packaging tools with the deb's dependencies (test/packaging/linux-packages.test.ts). The lists
# live in test/peers/install.sh (npm test as root installs the same, per group, when missing);
# only missing packages are installed, and their own services are kept from starting.
set -euo pipefail
exec bash "$(dirname "$0")/../test/peers/install.sh" broker clients chromium shells packaging
