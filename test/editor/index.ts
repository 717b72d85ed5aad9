// The real-editor test harness: code-server + Debian Chromium via playwright-core, cleaned up by PID.
export * from './paths';
export * from './processes';
export * from './codeServer';
export * from './browser';
export * from './workbench';
export * from './session';
