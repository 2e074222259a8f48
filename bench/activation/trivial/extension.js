// The baseline of bench/activation.mjs: an extension that registers one command and nothing else.
const vscode = require('vscode');
exports.activate = (context) => {
  context.subscriptions.push(vscode.commands.registerCommand('bench.trivial.hello', () => 'hello'));
};
exports.deactivate = () => {};
