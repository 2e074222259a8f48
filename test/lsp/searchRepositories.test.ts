import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type LspSession, startLsp, uri } from '../helpers/lspClient';

/** `rtlens.search.repositories`: another checkout searched with the workspace, its hits naming it, its index kept on disk. */

const made: string[] = [];
let lsp: LspSession | undefined;

function folder(prefix: string, files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

after(async () => {
  await lsp?.stop();
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
});

async function searchUntil(session: LspSession, query: string, ok: (answer: any) => boolean): Promise<any> {
  const deadline = Date.now() + 30000;
  for (;;) {
    const answer = (await session.connection.sendRequest('rtlens/search', { query, k: 10 })) as any;
    if (ok(answer) || Date.now() > deadline) return answer;
    await new Promise((r) => setTimeout(r, 200));
  }
}

test('a repository of rtlens.search.repositories is searched with the workspace and named in its hits', async () => {
  const workspace = folder('rtlens-ws-', { 'rtl/top.v': 'module top (input clk, input d, output q);\n  assign q = d;\nendmodule\n' });
  const library = folder('rtlens-iplib-', {
    'ip/crc16.v': '// CRC-16 of a USB data packet, one byte per clock.\nmodule usb_crc16 (input clk, input [7:0] data, output [15:0] crc);\n  assign crc = {data, data};\nendmodule\n',
  });
  const storage = folder('rtlens-storage-', {});
  // The client answers workspace/configuration with this object: changing it changes the settings.
  const settings = { search: { repositories: [library] } };
  lsp = await startLsp(workspace, settings, storage);
  const answer = await searchUntil(lsp, 'CRC of a USB packet', (a) => a.hits.some((h: any) => h.module === 'usb_crc16'));
  const hit = answer.hits.find((h: any) => h.module === 'usb_crc16');
  assert.ok(hit, JSON.stringify(answer));
  assert.equal(hit.repository, path.basename(library));
  assert.equal(hit.uri, uri(path.join(library, 'ip/crc16.v')));
  const own = (await lsp.connection.sendRequest('rtlens/search', { query: 'top', k: 10, granularity: 'module' })) as any;
  assert.equal(own.hits.find((h: any) => h.module === 'top')?.repository, path.basename(workspace));
  // The repository's index is kept in the extension's storage for the next start.
  assert.ok(fs.readdirSync(storage).some((f) => f.startsWith(`search-${path.basename(library)}`)), fs.readdirSync(storage).join());
  // Taken out of the setting (for a folder that does not exist), the repository leaves the results; the workspace stays.
  settings.search.repositories = [path.join(library, 'no-such-folder')];
  await lsp.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
  const after = await searchUntil(lsp, 'CRC of a USB packet', (a) => !a.hits.some((h: any) => h.module === 'usb_crc16'));
  assert.ok(!after.hits.some((h: any) => h.module === 'usb_crc16'), JSON.stringify(after.hits.map((h: any) => h.module)));
  const still = (await lsp.connection.sendRequest('rtlens/search', { query: 'top', k: 10, granularity: 'module' })) as any;
  assert.ok(still.hits.some((h: any) => h.module === 'top'));
});
