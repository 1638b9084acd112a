// Entry of the extension-host tests, following @vscode/test-electron's `extensionTestsPath`
// contract: VS Code loads this module inside its extension host and awaits run(). The same file
// runs under code-server (scripts/e2e/run.mjs) and under @vscode/test-electron where a desktop VS
// Code exists. Suites define themselves on call, after mocha has installed its globals.
// Set REWIND_TEST_GREP to run only the tests whose titles match.
import Mocha from 'mocha';
import { hostSuites } from './suites';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, reporter: 'spec' });
  const grep = process.env.REWIND_TEST_GREP;
  if (grep) mocha.grep(grep);
  mocha.suite.emit('pre-require', globalThis, 'rewind-extension-tests', mocha);
  for (const define of hostSuites()) define();
  return new Promise((resolve, reject) => {
    mocha.run((failures) =>
      failures > 0 ? reject(new Error(`${failures} extension-host test(s) failed`)) : resolve(),
    );
  });
}
