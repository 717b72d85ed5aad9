// The version `stamp --version` prints and the home page a SARIF viewer links to (informationUri), read from package.json.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { homepageOf } from '../../cli/src/version.js';
import { packageVersion, runStampHere } from './run-cli.js';

describe('the CLI version and home page', () => {
  it('prints the version of package.json for -v and --version', async () => {
    for (const flag of ['-v', '--version']) assert.deepEqual(await runStampHere([flag]), { status: 0, stdout: `${packageVersion}\n`, stderr: '' });
  });

  it('takes the homepage, else an https repository as a browser opens it, else none', () => {
    assert.equal(homepageOf({ homepage: 'https://stamp.example/docs', repository: 'https://example.org/other' }), 'https://stamp.example/docs');
    assert.equal(homepageOf({ repository: 'git+https://github.com/acme/stamp.git' }), 'https://github.com/acme/stamp');
    assert.equal(homepageOf({ repository: { url: 'https://github.com/acme/stamp' } }), 'https://github.com/acme/stamp');
    // Only the ends are rewritten: a `.git` or `git+` inside the address stays.
    assert.equal(homepageOf({ repository: 'https://git+host.example/acme/stamp.github.io/tool' }), 'https://git+host.example/acme/stamp.github.io/tool');
    // Not an https address a browser can open: no home page rather than a broken link.
    assert.equal(homepageOf({ repository: 'git@github.com:acme/stamp.git' }), undefined);
    assert.equal(homepageOf({ repository: 'github:acme/https://stamp' }), undefined);
    assert.equal(homepageOf({ repository: 'git+ssh://github.com/acme/stamp.git' }), undefined);
    assert.equal(homepageOf({ repository: 'git+git+https://github.com/acme/stamp' }), undefined);
    assert.equal(homepageOf({}), undefined);
    assert.equal(homepageOf({ repository: {} }), undefined);
  });
});
