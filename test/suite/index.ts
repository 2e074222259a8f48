import * as fs from 'node:fs';
import * as path from 'node:path';
import { format } from 'node:util';
import Mocha from 'mocha';

/**
 * The entry point VS Code loads through extensionTestsPath (out/test/suite/index.js): runs
 * every *.test.js beside it with mocha inside the extension host, and rejects when a test fails.
 * The same file serves @vscode/test-electron (test/runTest.ts) and code-server
 * (test/e2e/runInCodeServer.mjs).
 */
export function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'bdd',
    // The extension host's console goes to a log or a browser, not a terminal.
    color: false,
    timeout: Number(process.env.RTLENS_TEST_TIMEOUT_MS || 60_000),
    grep: process.env.RTLENS_TEST_GREP || undefined,
  });
  // In code-server the extension host's console reaches the runner mixed with the workbench's own
  // log; test/e2e/codeServer.mjs sets this marker so that mocha's lines can be told apart.
  const marker = process.env.RTLENS_MOCHA_MARKER;
  if (marker) Mocha.reporters.Base.consoleLog = (...args: unknown[]) => console.log(marker + format(...args).replace(/\n/g, '\n' + marker));
  const dir = __dirname;
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.test.js')).sort()) {
    mocha.addFile(path.join(dir, file));
  }
  return new Promise((resolve, reject) => {
    try {
      mocha.run((failures) => {
        if (failures > 0) reject(new Error(`${failures} test(s) failed.`));
        else resolve();
      });
    } catch (error) {
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
}
