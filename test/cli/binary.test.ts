// The bundled `stamp` (dist/cli.js, as bin/stamp.js starts it) behaves as the command the other CLI tests run in-process:
// the same stdout, stderr and exit code, set on the process.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runStamp, runStampHere } from './run-cli.js';

const example = 'examples/hypervnu-lab.stamp';
const problems = 'test/cli-inputs/problems';

describe('the bundled command (dist/cli.js as a child process)', () => {
  it('writes the same report and exits with the same code as the command run in this process', async () => {
    for (const args of [['check', problems], ['check', example, '--format', 'json'], ['check', 'no/such/file.stamp'], ['simulate', example, '--fail', 'SAN01']]) {
      const child = runStamp(args);
      const here = await runStampHere(args);
      assert.deepEqual({ status: child.status, stdout: child.stdout, stderr: child.stderr }, here, args.join(' '));
    }
  });
});
