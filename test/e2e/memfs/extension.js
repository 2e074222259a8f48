// A virtual workspace for the e2e tests: the scheme rtlensmem, held in memory, filled at
// activation from files.json beside this file ({ "/sample/rtl/top.v": "text", ... }), which the
// scenario writes into a copy of this folder. No search provider. The command "RTLens e2e:
// Rename Module fifo on Disk" changes fifo.v behind the editors' back, as a git checkout would.
const vscode = require('vscode');

const FILE = 1;
const DIRECTORY = 2;

exports.activate = async (context) => {
  const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(context.extensionUri, 'files.json'));
  const files = new Map(Object.entries(JSON.parse(new TextDecoder().decode(bytes))).map(([p, text]) => [p, new TextEncoder().encode(text)]));
  const mtimes = new Map();
  const folders = () => {
    const set = new Set(['/']);
    for (const p of files.keys()) for (let d = p.slice(0, p.lastIndexOf('/')); d; d = d.slice(0, d.lastIndexOf('/'))) set.add(d);
    return set;
  };
  const changed = new vscode.EventEmitter();
  const notFound = (uri) => vscode.FileSystemError.FileNotFound(uri);
  const provider = {
    onDidChangeFile: changed.event,
    watch: () => new vscode.Disposable(() => {}),
    stat(uri) {
      if (files.has(uri.path)) return { type: FILE, ctime: 0, mtime: mtimes.get(uri.path) ?? 0, size: files.get(uri.path).byteLength };
      if (folders().has(uri.path)) return { type: DIRECTORY, ctime: 0, mtime: 0, size: 0 };
      throw notFound(uri);
    },
    readDirectory(uri) {
      const dir = uri.path === '/' ? '' : uri.path;
      if (!folders().has(uri.path || '/')) throw notFound(uri);
      const entries = new Map();
      for (const p of files.keys()) {
        if (!p.startsWith(`${dir}/`)) continue;
        const rest = p.slice(dir.length + 1);
        const cut = rest.indexOf('/');
        entries.set(cut < 0 ? rest : rest.slice(0, cut), cut < 0 ? FILE : DIRECTORY);
      }
      return [...entries];
    },
    readFile(uri) {
      const data = files.get(uri.path);
      if (!data) throw notFound(uri);
      return data;
    },
    writeFile(uri, content) {
      const created = !files.has(uri.path);
      files.set(uri.path, content);
      mtimes.set(uri.path, Date.now());
      changed.fire([{ type: created ? vscode.FileChangeType.Created : vscode.FileChangeType.Changed, uri }]);
    },
    createDirectory() {},
    delete(uri) {
      files.delete(uri.path);
      changed.fire([{ type: vscode.FileChangeType.Deleted, uri }]);
    },
    rename(from, to) {
      const data = files.get(from.path);
      if (!data) throw notFound(from);
      files.delete(from.path);
      files.set(to.path, data);
      changed.fire([{ type: vscode.FileChangeType.Deleted, uri: from }, { type: vscode.FileChangeType.Created, uri: to }]);
    },
  };
  context.subscriptions.push(vscode.workspace.registerFileSystemProvider('rtlensmem', provider, { isCaseSensitive: true }));
  // A change on disk to a file no editor has open: the module fifo becomes fifo_renamed.
  context.subscriptions.push(
    vscode.commands.registerCommand('rtlensMemfs.renameFifo', () => {
      const uri = vscode.Uri.parse('rtlensmem:/sample/rtl/fifo.v');
      const text = new TextDecoder().decode(files.get(uri.path)).replace('module fifo', 'module fifo_renamed');
      provider.writeFile(uri, new TextEncoder().encode(text));
    }),
  );
  console.log(`[rtlens-memfs] ${files.size} files`);
};
