import * as vscode from 'vscode';
import type { BaseLanguageClient as LanguageClient } from 'vscode-languageclient';
import { Notifications, type ProjectStatus, Requests } from '../../protocol';

/**
 * The project configuration in the status bar: `RTLens: scr1.f` or `RTLens: no project file`;
 * a click offers the workspace's filelists, FuseSoC cores and Bender manifests (the server
 * finds them) and writes the choice to `rtlens.project`.
 */
export function registerProject(context: vscode.ExtensionContext, client: LanguageClient): void {
  const item = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Left, 9);
  item.name = 'RTLens project';
  item.command = 'rtlens.chooseProject';
  let last: ProjectStatus | undefined;
  const show = (status: ProjectStatus) => {
    last = status;
    const warn = status.problems > 0;
    item.text = `${warn ? '$(warning)' : '$(checklist)'} RTLens: ${status.label}`;
    const lines = [
      status.path ? `Project configuration: ${status.path}` : 'No project file: every HDL file of the workspace is read, includes are found by name.',
      status.kind ? `${status.kind}: ${status.files} files${status.absent ? ` (${status.absent} absent)` : ''}, ${status.includeDirs} include folders, ${status.defines} macros${status.top ? `, top ${status.top}` : ''}` : '',
      status.message ?? '',
      `${status.candidates.length} project ${status.candidates.length === 1 ? 'file' : 'files'} in the workspace. Click to choose.`,
    ];
    item.tooltip = lines.filter(Boolean).join('\n');
    item.backgroundColor = warn ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    item.show();
  };
  const refresh = async () => {
    const status = await client.sendRequest<ProjectStatus>(Requests.projectStatus).catch(() => undefined);
    if (status) show(status);
    return status;
  };
  context.subscriptions.push(
    item,
    client.onNotification(Notifications.project, show),
    vscode.commands.registerCommand('rtlens.chooseProject', async () => {
      const status = (await refresh()) ?? last;
      // The server's paths: forward slashes, the URI's path where the folder is not on disk (the web).
      const root = vscode.workspace.workspaceFolders?.[0]?.uri;
      const folder = root ? (root.scheme === 'file' ? root.fsPath.replace(/\\/g, '/') : root.path) : undefined;
      const relative = (p: string) => (folder && p.startsWith(`${folder}/`) ? p.slice(folder.length + 1) : p);
      const none: vscode.QuickPickItem = { label: '$(circle-slash) No project file', description: status?.path ? '' : 'current' };
      const items: (vscode.QuickPickItem & { file?: string })[] = [
        none,
        ...(status?.candidates ?? []).map((file) => ({
          label: file.slice(file.lastIndexOf('/') + 1),
          description: `${relative(file)}${file === status?.path ? '  (current)' : ''}`,
          file,
        })),
      ];
      const picked = await vscode.window.showQuickPick(items, {
        placeHolder: status?.candidates.length ? 'Project configuration: a filelist, FuseSoC core or Bender manifest' : 'No filelist, .core or Bender.yml found in the workspace',
      });
      if (!picked) return undefined;
      const value = picked.file ? relative(picked.file) : '';
      await vscode.workspace.getConfiguration('rtlens').update('project', value, vscode.ConfigurationTarget.Workspace);
      return value;
    }),
  );
  void refresh();
}
