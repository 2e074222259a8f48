#!/usr/bin/env node
// The rtlens command line: the bundled core (dist/cli.js, built by `npm run build`).
require('../dist/cli.js')
  .main(process.argv.slice(2))
  .then((code) => {
    if (code >= 0) process.exitCode = code;
  });
