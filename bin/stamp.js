#!/usr/bin/env node
// Launches the bundled `stamp` command line (built by `npm run build` into dist/cli.js).
require('../dist/cli.js').main();
