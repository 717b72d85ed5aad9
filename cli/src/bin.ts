// The bundle entry of `stamp` (dist/cli.js): runs the command line when node starts the file, and exports `main` for
// bin/stamp.js. Not mutated (stryker.folder.config.mjs): test/cli/binary.test.ts runs it as a child process.
import { main } from './main.js';

export { main };

if (require.main === module) void main();
