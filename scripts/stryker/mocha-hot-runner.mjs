// Stryker's mocha runner, but a mutant that also ran while the test bundles loaded ("hybrid": the parser's
// self-analysis, tables built at load) is switched on in the running process instead of a new one. With ignoreStatic
// Stryker activates such mutants only at run time anyway, so the restart it asks for changes nothing but the cost (a
// process and every bundle loaded again, per mutant). What a mutant would change at load time is not tested this way:
// it can only make a mutant survive, never kill one (docs/testing.md).
import { declareFactoryPlugin, PluginKind } from '@stryker-mutator/api/plugin';
import { strykerPlugins as mochaPlugins } from '@stryker-mutator/mocha-runner';

const mocha = mochaPlugins.find((plugin) => plugin.kind === PluginKind.TestRunner);

// Process-wide caches (the shared parser, built by its constructor; form shapes; keyword meanings) are filled once, in
// the dry run, so a mutant in the code that fills them would never run. STAMP_MUTATE_FRESH_CACHES (set by
// stryker.folder.config.mjs) names the source files whose mutants get emptied caches first: every loaded test bundle
// registered its core's `forgetProcessCaches` (test/support/node-test-on-mocha.ts). After such a mutant the caches may
// hold what the mutant built, so they are emptied again before the next mutant, whatever its file.
const freshFiles = (process.env.STAMP_MUTATE_FRESH_CACHES ?? '').split(/[\s,]+/).filter(Boolean);
let cachesDirty = false;

function forgetCaches() {
  for (const forget of globalThis.__stampForgetCaches ?? []) forget();
}

/** The mocha runner, declaring that it can reload (it never needs to: nothing is activated at load time). */
function createHotMochaRunner(...dependencies) {
  const runner = mocha.factory(...dependencies);
  return new Proxy(runner, {
    get(target, property) {
      if (property === 'capabilities') return () => ({ reloadEnvironment: true });
      if (property === 'mutantRun') {
        return async (options) => {
          const fresh = freshFiles.some((file) => options.activeMutant.fileName.replaceAll('\\', '/').endsWith(file));
          if (fresh || cachesDirty) forgetCaches();
          cachesDirty = fresh;
          return target.mutantRun(options);
        };
      }
      const value = target[property];
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
createHotMochaRunner.inject = mocha.factory.inject;

export const strykerPlugins = [declareFactoryPlugin(PluginKind.TestRunner, 'mocha-hot', createHotMochaRunner)];
