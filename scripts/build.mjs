// Bundles the client, the language server, the index and synthesis workers, the CLI, and the
// web build (client and server for VS Code for the Web) with
// esbuild, and puts beside them the two wasm files (web-tree-sitter's runtime, the
// SystemVerilog grammar), Yosys (dist/yosys), the built-in cell library (dist/data) and the
// walkthrough's sample project (dist/sample).
import * as esbuild from 'esbuild';
import { copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const production = process.argv.includes('--production');
const dist = path.join(root, 'dist');
mkdirSync(dist, { recursive: true });

// The grammar: the wasm the npm package ships (grammars/build.sh can rebuild it from parser.c).
const grammarSource = existsSync(path.join(root, 'grammars/tree-sitter-systemverilog.wasm'))
  ? path.join(root, 'grammars/tree-sitter-systemverilog.wasm')
  : require.resolve('tree-sitter-systemverilog/tree-sitter-systemverilog.wasm');
copyFileSync(grammarSource, path.join(dist, 'tree-sitter-systemverilog.wasm'));
copyFileSync(path.join(path.dirname(require.resolve('web-tree-sitter')), 'tree-sitter.wasm'), path.join(dist, 'tree-sitter.wasm'));

// Yosys and ABC as WebAssembly (@yowasp/yosys: an ES module that finds its wasm and share/ files
// beside itself) and the built-in cell library ship in dist/ too: nothing for the user to install.
const yosysGen = path.dirname(require.resolve('@yowasp/yosys'));
cpSync(yosysGen, path.join(dist, 'yosys'), { recursive: true });
writeFileSync(path.join(dist, 'yosys/package.json'), '{ "type": "module" }\n');
mkdirSync(path.join(dist, 'data'), { recursive: true });
for (const file of readdirSync(path.join(root, 'server/data'))) copyFileSync(path.join(root, 'server/data', file), path.join(dist, 'data', file));
// The walkthrough's sample project (RTLens: Open Sample Design), the same one npm start opens.
cpSync(path.join(root, 'test-fixtures/sample'), path.join(dist, 'sample'), { recursive: true });

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node18',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  // web-tree-sitter locates itself through import.meta.url, which a CommonJS bundle lacks.
  define: { 'import.meta.url': '__rtlensImportMetaUrl' },
  banner: { js: "const __rtlensImportMetaUrl = require('url').pathToFileURL(__filename).href;" },
  // Yosys is loaded at run time from dist/yosys (an ES module with its wasm beside it), never bundled.
  external: ['@yowasp/yosys'],
};
await Promise.all([
  esbuild.build({ ...common, entryPoints: [path.join(root, 'client/src/extension.ts')], outfile: path.join(dist, 'client.js'), external: ['vscode', '@yowasp/yosys'] }),
  esbuild.build({ ...common, entryPoints: [path.join(root, 'server/src/lsp/main.ts')], outfile: path.join(dist, 'server.js') }),
  esbuild.build({ ...common, entryPoints: [path.join(root, 'server/src/workers/indexWorker.ts')], outfile: path.join(dist, 'indexWorker.js') }),
  esbuild.build({ ...common, entryPoints: [path.join(root, 'server/src/workers/synthWorker.ts')], outfile: path.join(dist, 'synthWorker.js') }),
  esbuild.build({ ...common, entryPoints: [path.join(root, 'server/src/cli/main.ts')], outfile: path.join(dist, 'cli.js') }),
  // VS Code for the Web: the client for the web worker extension host, and the language server
  // it starts in a worker of its own (from a blob: see client/src/browser.ts).
  esbuild.build({ bundle: true, sourcemap: !production, minify: production, logLevel: 'warning', platform: 'browser', format: 'cjs', target: 'es2022', entryPoints: [path.join(root, 'client/src/browser.ts')], outfile: path.join(dist, 'browserClient.js'), external: ['vscode'] }),
  // web-tree-sitter's Node branches (fs, path, module) are never taken in a worker; its runtime wasm comes as bytes.
  esbuild.build({ bundle: true, sourcemap: !production, minify: production, logLevel: 'warning', platform: 'browser', format: 'iife', target: 'es2022', entryPoints: [path.join(root, 'server/src/web/main.ts')], outfile: path.join(dist, 'webServer.js'), define: { 'import.meta.url': 'self.location.href' }, external: ['fs', 'fs/promises', 'path', 'module', 'url'] }),
  // Yosys in a web worker the client starts (client/src/webYosys.ts): the package's files come as bytes and are fetched from this made-up origin; its Node branch (node:fs/promises) is never taken.
  esbuild.build({ bundle: true, sourcemap: !production, minify: production, logLevel: 'warning', platform: 'browser', format: 'iife', target: 'es2022', entryPoints: [path.join(root, 'server/src/web/yosysWorker.ts')], outfile: path.join(dist, 'webYosys.js'), define: { 'import.meta.url': JSON.stringify('https://rtlens-yosys.invalid/yosys/bundle.js') }, external: ['node:fs/promises'] }),
]);
console.log(`built dist/ (${production ? 'production' : 'development'})`);
