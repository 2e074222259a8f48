import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FEATURES, neighbourMessage, otherHdlExtensions } from '../../client/src/coexist';
import { parseLogLine } from '../../client/src/logLine';

/** Living beside other Verilog extensions, and the log's levels (client logic free of VS Code). */

const installed = [
  { id: 'rtlens.rtlens', packageJSON: { contributes: { languages: [{ id: 'verilog' }, { id: 'systemverilog' }] } } },
  // The most installed Verilog extension registers the same language ids.
  { id: 'mshr-h.veriloghdl', packageJSON: { displayName: 'Verilog-HDL/SystemVerilog/Bluespec SystemVerilog', contributes: { languages: [{ id: 'verilog' }, { id: 'systemverilog' }, { id: 'bsv' }] } } },
  // A language server that only activates on the language.
  { id: 'someone.svls-client', packageJSON: { name: 'svls-client', activationEvents: ['onLanguage:systemverilog'] } },
  // Colours only: a grammar, no language, no activation: not a neighbour.
  { id: 'someone.verilog-colours', packageJSON: { contributes: { grammars: [{ language: 'verilog' }] } } },
  { id: 'vscode.markdown', packageJSON: { contributes: { languages: [{ id: 'markdown' }] } } },
  { id: 'ms-python.python', packageJSON: { activationEvents: ['onLanguage:python'], contributes: { languages: [{ id: 'python' }] } } },
  { id: 'broken.extension' },
];

test('other extensions that serve Verilog or SystemVerilog are found, RTLens itself and grammar-only ones are not', () => {
  assert.deepEqual(otherHdlExtensions(installed, 'rtlens.rtlens'), [
    { id: 'mshr-h.veriloghdl', name: 'Verilog-HDL/SystemVerilog/Bluespec SystemVerilog' },
    { id: 'someone.svls-client', name: 'svls-client' },
  ]);
  assert.deepEqual(otherHdlExtensions(installed.slice(3), 'rtlens.rtlens'), []);
});

test('the notice names them in one sentence', () => {
  assert.match(neighbourMessage([{ name: 'A' }]), /^RTLens: A also provides /);
  assert.match(neighbourMessage([{ name: 'A' }, { name: 'B' }, { name: 'C' }]), /^RTLens: A, B and C also provide /);
});

test('every feature has a setting in package.json, on by default', () => {
  const manifest = require('../../../package.json') as { contributes: { configuration: { properties: Record<string, { type: string; default: unknown }> } } };
  for (const f of FEATURES) {
    const setting = manifest.contributes.configuration.properties[`rtlens.features.${f.key}`];
    assert.ok(setting, `rtlens.features.${f.key}`);
    assert.equal(setting.default, true);
  }
});

test('log lines keep their level', () => {
  assert.deepEqual(parseLogLine('[Error - 10:41:02 AM] [rtlens] indexing failed: boom'), { level: 'error', text: '[rtlens] indexing failed: boom' });
  assert.deepEqual(parseLogLine('[Info  - 10:41:02] [rtlens] indexed 3 files'), { level: 'info', text: '[rtlens] indexed 3 files' });
  assert.deepEqual(parseLogLine('[Warn  - 1:02:03 PM] careful'), { level: 'warn', text: 'careful' });
  assert.deepEqual(parseLogLine('[Trace - 10:41:02 AM] Sending request'), { level: 'trace', text: 'Sending request' });
  assert.deepEqual(parseLogLine('plain text'), { level: 'info', text: 'plain text' });
  // A long line without the closing bracket is read in linear time and kept whole.
  const long = `[Info - ${'x'.repeat(100000)}`;
  assert.equal(parseLogLine(long).text, long);
});
