import * as vscode from 'vscode';

/**
 * First run: "RTLens: Open Sample Design" for the walkthrough (package.json
 * contributes.walkthroughs). The sample (a command FIFO feeding an ALU, dist/sample) is copied
 * to the extension's storage once, so the user can edit it; without a folder open it becomes the
 * workspace, otherwise its top file opens beside the user's work.
 */
export function registerWalkthrough(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('rtlens.openSample', async () => {
      const target = vscode.Uri.joinPath(context.globalStorageUri, 'sample');
      const exists = await vscode.workspace.fs.stat(vscode.Uri.joinPath(target, 'rtl', 'top.v')).then(
        () => true,
        () => false,
      );
      if (!exists) await vscode.workspace.fs.copy(vscode.Uri.joinPath(context.extensionUri, 'dist', 'sample'), target, { overwrite: true });
      const top = vscode.Uri.joinPath(target, 'rtl', 'top.v');
      if (!vscode.workspace.workspaceFolders?.length) {
        await vscode.commands.executeCommand('vscode.openFolder', target, { forceNewWindow: false });
        return target.toString();
      }
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(top), { preview: false });
      return top.toString();
    }),
    vscode.commands.registerCommand('rtlens.showWalkthrough', () => vscode.commands.executeCommand('workbench.action.openWalkthrough', `${context.extension.id}#rtlens.start`, false)),
  );
}
