import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';

/**
 * Runs test/suite in a downloaded VS Code (Electron) with @vscode/test-electron: the standard way,
 * for machines with internet access. Offline, test/e2e/runInCodeServer.mjs runs the same suite in
 * code-server's VS Code instead.
 *
 *   npx tsc -p tsconfig.suite.json && npm run build && node out/test/runTest.js
 */
async function main(): Promise<void> {
  // out/test/runTest.js -> repository root
  const root = path.resolve(__dirname, '../..');
  try {
    await runTests({
      version: process.env.VSCODE_VERSION || 'stable',
      extensionDevelopmentPath: root,
      extensionTestsPath: path.join(root, 'out/test/suite/index.js'),
      launchArgs: [path.join(root, 'test-fixtures/sample'), '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
    });
  } catch (error) {
    console.error('Failed to run the VS Code tests:', error);
    process.exit(1);
  }
}

void main();
