#!/usr/bin/env node
// `npx hub <command>`: the operations CLI (apps/hub/src/cli), run from the built hub.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
let cli;
try {
  cli = require('../dist/apps/hub/src/cli/main.js');
} catch (err) {
  if (err?.code !== 'MODULE_NOT_FOUND' || !String(err.message).includes('cli/main.js')) throw err;
  process.stderr.write('hub: the hub is not built yet: run npm run build (or npm start) first\n');
  process.exit(1);
}
process.exit(await cli.main(process.argv.slice(2)));
