// Preloaded into a language server for the "without debounce" figures: timers of exactly BENCH_ZERO_DELAY_MS become 0.
// Neither server has a setting for its validation delay (yaml-language-server: validationDelayMs = 200; Stamp:
// changeDebounceMs = 5 in server/src/lsp/server.ts), so the benchmark shortens that one timer from outside.
'use strict';
const debounceMs = Number(process.env.BENCH_ZERO_DELAY_MS || '200');
const originalSetTimeout = global.setTimeout;
global.setTimeout = function setTimeoutWithoutValidationDelay(callback, delay, ...rest) {
  return originalSetTimeout(callback, delay === debounceMs ? 0 : delay, ...rest);
};
