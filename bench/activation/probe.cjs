// Runs inside code-server's extension host (as extensionTestsPath): activates the extension under
// development, times it, then (for RTLens) opens a file with an error and times its first
// diagnostics. One line back to bench/activation.mjs through the workbench console, after the
// marker the runner set (RTLENS_MOCHA_MARKER).
const vscode = require('vscode');

exports.run = async () => {
  const marker = process.env.RTLENS_MOCHA_MARKER || '';
  const id = process.env.RTLENS_BENCH_EXTENSION;
  const file = process.env.RTLENS_BENCH_FILE;
  const result = { id };
  try {
    const extension = vscode.extensions.getExtension(id);
    if (!extension) throw new Error(`${id} is not installed`);
    result.activeBefore = extension.isActive;
    const t0 = performance.now();
    await extension.activate();
    result.activateMs = performance.now() - t0;
    if (file) {
      const uri = vscode.Uri.file(file);
      const t1 = performance.now();
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
      const deadline = Date.now() + 60_000;
      while (vscode.languages.getDiagnostics(uri).length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      result.diagnostics = vscode.languages.getDiagnostics(uri).length;
      result.firstDiagnosticsMs = performance.now() - t1;
    }
  } catch (error) {
    result.error = String(error && error.message ? error.message : error);
  }
  console.log(`${marker}@@activation ${JSON.stringify(result)}`);
};
