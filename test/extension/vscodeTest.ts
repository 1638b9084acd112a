// The extension-host suites as a plain mocha file, for `npx vscode-test` (@vscode/test-cli and
// .vscode-test.mjs): its runner installs mocha's globals, then loads this file. The same suites
// run in code-server through index.ts (scripts/e2e/lib/hostTests.mjs).
import { hostSuites } from './suites';

for (const define of hostSuites()) define();
