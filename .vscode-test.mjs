// Configuration for @vscode/test-cli (`npx vscode-test`, or the Extension Test Runner in VS Code),
// for machines with internet access. It runs the compiled suite out/test/suite/*.test.js
// (`npx tsc -p tsconfig.suite.json`; `npm run build` for dist/) on the sample workspace.
// Offline, test/e2e/run.sh runs the same suite in code-server instead.
export default {
  label: 'rtlens',
  files: 'out/test/suite/**/*.test.js',
  workspaceFolder: './test-fixtures/sample',
  extensionDevelopmentPath: '.',
  version: 'stable',
  launchArgs: ['--disable-extensions', '--disable-workspace-trust'],
  mocha: { ui: 'bdd', timeout: 60000, color: true },
};
