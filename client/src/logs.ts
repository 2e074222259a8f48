import * as vscode from 'vscode';
import { parseLogLine } from './logLine';

/**
 * The RTLens log: a log output channel, so "Developer: Set Log Level" (or the channel's gear)
 * chooses what is shown. The language client writes plain lines; each goes in at its level.
 */
export function createLog(): { log: vscode.LogOutputChannel; channel: vscode.OutputChannel } {
  const log = vscode.window.createOutputChannel('RTLens', { log: true });
  const write = (value: string) => {
    for (const line of value.split('\n')) {
      if (line.length === 0) continue;
      const { level, text } = parseLogLine(line);
      log[level](text);
    }
  };
  // What the language client needs of an output channel, writing through the levels.
  const channel: vscode.OutputChannel = {
    name: log.name,
    append: write,
    appendLine: write,
    replace: (value) => {
      log.clear();
      write(value);
    },
    clear: () => log.clear(),
    show: (column?: vscode.ViewColumn | boolean, preserveFocus?: boolean) => (typeof column === 'boolean' ? log.show(column) : log.show(preserveFocus)),
    hide: () => log.hide(),
    dispose: () => log.dispose(),
  };
  return { log, channel };
}
