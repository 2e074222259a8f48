import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type FileSystem, memoryFileSystem } from '../../server/src/base';
import {
  benderTarget,
  findProjectFiles,
  type FolderEntry,
  loadProject,
  parseYaml,
  projectCandidates,
  useFlagItems,
  workspaceProject,
  Workspace,
  Snapshot,
  YamlError,
  type ProjectConfig,
} from '../../server/src/workspace';
import { parseFixture, testGrammar } from '../helpers/fixture';

/** Files in memory; `exists` answers for files only, as Node's adapter does. */
function diskLike(files: Map<string, string>): FileSystem {
  return memoryFileSystem(files);
}

/** Folders existing as on disk: the parent of any file. */
function folders(files: Map<string, string>): (path: string) => boolean {
  const set = new Set<string>();
  for (const path of files.keys()) for (let at = path.lastIndexOf('/'); at > 0; at = path.lastIndexOf('/', at - 1)) set.add(path.slice(0, at));
  return (p) => set.has(p);
}

/** Loads the fixture's first file as the project, with /ws as the root. */
function load(source: string, options: { env?: Record<string, string>; target?: string; benderTargets?: string[]; extra?: Record<string, string> } = {}): ProjectConfig {
  const fixture = parseFixture(source);
  for (const [path, text] of Object.entries(options.extra ?? {})) fixture.files.set(path, text);
  return loadProject(diskLike(fixture.files), fixture.main, { root: '/ws', env: options.env, target: options.target, benderTargets: options.benderTargets, folderExists: folders(fixture.files) });
}

function messages(config: ProjectConfig): string[] {
  return config.problems.map((p) => `${p.path}:${p.line} ${p.message}`);
}

// ----- filelists -----

test('filelist: plain lines, comments of three kinds, quoted paths, in order', () => {
  const config = load(`//- /proj.f
// a comment line
rtl/a.sv   # a trailing hash comment
/* a block
   comment */ rtl/b.sv
"rtl/with space.sv"
rtl/c.v // trailing
//- /rtl/a.sv
module a; endmodule
//- /rtl/b.sv
module b; endmodule
//- /rtl/c.v
module c; endmodule
`, { extra: { '/ws/rtl/with space.sv': 'module s; endmodule\n' } });
  assert.equal(config.kind, 'filelist');
  assert.deepEqual(config.files, ['/ws/rtl/a.sv', '/ws/rtl/b.sv', '/ws/rtl/with space.sv', '/ws/rtl/c.v']);
  assert.deepEqual(config.problems, []);
});

test('filelist: +incdir+, -I, +define+, -D, -v, -y, +libext+ and -top', () => {
  const config = load(`//- /proj.f
+incdir+inc/a+inc/b
-I inc/c
-Iinc/d
+define+WIDTH=8+FAST
-D DEPTH=16
-DSIM
-v lib/cells.v
-y lib/dir
+libext+.v+sv
-sverilog
-timescale=1ns/1ps
-CFLAGS -O2
-Wno-fatal
-top top
top.sv
//- /top.sv
module top; endmodule
//- /lib/cells.v
module cell; endmodule
`);
  assert.deepEqual(config.includeDirs, ['/ws/inc/a', '/ws/inc/b', '/ws/inc/c', '/ws/inc/d']);
  assert.deepEqual(config.defines, { WIDTH: '8', FAST: '', DEPTH: '16', SIM: '' });
  assert.deepEqual(config.libraryFiles, ['/ws/lib/cells.v']);
  assert.deepEqual(config.libraryDirs, ['/ws/lib/dir']);
  assert.deepEqual(config.libraryExtensions, ['.v', '.sv']);
  assert.equal(config.top, 'top');
  assert.deepEqual(config.files, ['/ws/top.sv']);
  assert.deepEqual(config.problems, []);
});

test('filelist: -F paths are relative to the nested file, -f paths to the root', () => {
  const config = load(`//- /proj.f
-F sub/own.f
-f sub/cwd.f
//- /sub/own.f
x.sv
+incdir+inc
//- /sub/cwd.f
sub/y.sv
//- /sub/x.sv
module x; endmodule
//- /sub/y.sv
module y; endmodule
//- /sub/inc/h.vh
\`define H
`);
  assert.deepEqual(config.files, ['/ws/sub/x.sv', '/ws/sub/y.sv']);
  assert.deepEqual(config.includeDirs, ['/ws/sub/inc']);
  assert.deepEqual(config.sources, ['/ws/proj.f', '/ws/sub/own.f', '/ws/sub/cwd.f']);
  assert.deepEqual(config.problems, []);
});

test('filelist: a project file below the root finds paths relative to its own folder when the root has none', () => {
  const config = load(`//- /scripts/formal/top.flist
+incdir+./src
src/a.sv
//- /scripts/formal/src/a.sv
module a; endmodule
`);
  assert.deepEqual(config.files, ['/ws/scripts/formal/src/a.sv']);
  assert.deepEqual(config.includeDirs, ['/ws/scripts/formal/src']);
});

test('filelist: $VAR and ${VAR} from the environment; a missing one is reported once per file and its entries skipped', () => {
  const source = `//- /proj.f
+incdir+\${RTL}/include
\${RTL}/a.sv
$RTL/b.sv
$(RTL)/c.sv
\${OTHER}/d.sv
$OTHER/e.sv
//- /rtl/a.sv
//- /rtl/b.sv
//- /rtl/c.sv
`;
  const config = load(source, { env: { RTL: '/ws/rtl' } });
  assert.deepEqual(config.files, ['/ws/rtl/a.sv', '/ws/rtl/b.sv', '/ws/rtl/c.sv']);
  assert.deepEqual(config.includeDirs, ['/ws/rtl/include']);
  assert.deepEqual(config.unresolved, ['OTHER']);
  assert.deepEqual(messages(config), ["/ws/proj.f:5 environment variable $OTHER is not set: 2 entries using it (such as '${OTHER}/d.sv') are skipped"]);
  const none = load(source);
  assert.deepEqual(none.files, []);
  assert.deepEqual(none.unresolved, ['RTL', 'OTHER']);
  assert.equal(none.problems.length, 2);
});

test('filelist: list files (file / list / include / define keywords) are relative to the list', () => {
  const config = load(`//- /soc/soc.f
# SoC
file soc.v
list $HDL/core.f
include .
define USE_X
define DEPTH 4
//- /soc/soc.v
//- /hdl/core.f
file core.v
file arith/alu.v
include .
//- /hdl/core.v
//- /hdl/arith/alu.v
`, { env: { HDL: '/ws/hdl' } });
  assert.deepEqual(config.files, ['/ws/soc/soc.v', '/ws/hdl/core.v', '/ws/hdl/arith/alu.v']);
  // In the order met: the nested list's `include .` comes before the outer one's.
  assert.deepEqual(config.includeDirs, ['/ws/hdl', '/ws/soc']);
  assert.deepEqual(config.defines, { USE_X: '', DEPTH: '4' });
  assert.deepEqual(config.problems, []);
});

test('filelist bad input: absent files, absent nested list, a list that includes itself, an option without its value', () => {
  const config = load(`//- /proj.f
present.sv
absent.sv
absent.sv
-f missing.f
-F loop.f
-v
//- /present.sv
//- /loop.f
-F loop.f
`);
  assert.deepEqual(config.files, ['/ws/present.sv', '/ws/absent.sv']);
  assert.deepEqual(messages(config), [
    '/ws/proj.f:2 file not found: absent.sv',
    '/ws/proj.f:4 filelist not found: missing.f',
    '/ws/loop.f:1 filelist includes itself: loop.f',
    '/ws/proj.f:6 -v needs a value',
  ]);
});

test('a project file that cannot be read is one problem, not an exception', () => {
  const config = loadProject(memoryFileSystem({}), '/ws/none.f', { root: '/ws' });
  assert.deepEqual(config.files, []);
  assert.deepEqual(messages(config), ['/ws/none.f:0 cannot read the project file /ws/none.f']);
});

// ----- YAML subset -----

test('yaml: block maps and lists, compact lists, flow lists and maps, quoted and plain scalars, comments', () => {
  const value = parseYaml(`# header
name : "a: b" # comment
plain: some text with: colon-free words
list:
  - one
  - 'it''s'
  - key: v
    other: w
  - - nested
compact:
- x
- y
flow: [a, "b, c", {k: v, e: }, [d]]
map: { git: "https://example.org/x.git", version: 0.6.1 }
multi: [a,
  b]
empty:
url: http://example.org/a#b
`);
  assert.deepEqual(JSON.parse(JSON.stringify(value)), {
    name: 'a: b',
    plain: 'some text with: colon-free words',
    list: ['one', "it's", { key: 'v', other: 'w' }, ['nested']],
    compact: ['x', 'y'],
    flow: ['a', 'b, c', { k: 'v', e: null }, ['d']],
    map: { git: 'https://example.org/x.git', version: '0.6.1' },
    multi: ['a', 'b'],
    empty: null,
    url: 'http://example.org/a#b',
  });
});

test('yaml: anchors, aliases and << merges (as FuseSoC targets use them)', () => {
  const value = parseYaml(`targets:
  default: &default
    filesets: [rtl]
    toplevel: top
  sim:
    <<: *default
    toplevel: tb
  lint:
    <<: [*default]
    tools: {verilator: {mode: lint-only}}
  list:
    - &item one
    - *item
    - [*item, &two two, *two]
`) as Record<string, Record<string, unknown>>;
  assert.deepEqual(JSON.parse(JSON.stringify(value.targets)), {
    default: { filesets: ['rtl'], toplevel: 'top' },
    sim: { toplevel: 'tb', filesets: ['rtl'] },
    lint: { tools: { verilator: { mode: 'lint-only' } }, filesets: ['rtl'], toplevel: 'top' },
    list: ['one', 'one', ['one', 'two', 'two']],
  });
});

test('yaml: what it does not support fails with the line number', () => {
  const cases: [string, number, RegExp][] = [
    ['a: 1\nb: |\n  text\n', 2, /block scalars/],
    ['a: 1\nb: *nowhere\n', 2, /unknown alias \*nowhere/],
    ['a: [&, b]\n', 1, /without a name/],
    ['a:\n\t- b\n', 2, /tab/],
    ['a: [1, 2\nb: 3\n', 1, /unclosed|expected/],
    ['a: !tag x\n', 1, /tags/],
    ['a: 1\n  b: 2\n', 2, /indentation/],
    ['a: 1\n---\nb: 2\n', 2, /several YAML documents/],
    ['a: "open\n', 1, /unclosed double quote/],
  ];
  for (const [text, line, message] of cases) {
    assert.throws(() => parseYaml(text), (error: unknown) => error instanceof YamlError && error.line === line && message.test(error.message), text);
  }
});

// ----- FuseSoC -----

const CORE = `//- /ip/ip.core
CAPI=2:
name : example:ip:demo:1.0

filesets:
  rtl:
    files:
      - include/defs.svh : {is_include_file : true, include_path : include}
      - src/pkg.sv
      - src/core.sv
      - src/notes.txt : {file_type : user}
    file_type : systemVerilogSource
  headers:
    files:
      - hdr/extra.vh : {is_include_file : true}
    file_type : verilogSource
  tb:
    files: [tb/tb.sv, tb/model.cpp : {file_type : cppSource}]
    file_type : systemVerilogSource
  vivado_only: {files: [fpga/pins.sv], file_type: systemVerilogSource}

parameters:
  WIDTH:
    datatype: int
    default: 32
    paramtype: vlogdefine
  USE_FAST:
    datatype: bool
    default: true
    paramtype: vlogdefine
  DEPTH:
    datatype: int
    default: 4
    paramtype: vlogparam

targets:
  default:
    filesets : [headers, rtl, "tool_vivado ? (vivado_only)"]
    parameters : [WIDTH, USE_FAST, DEPTH]
  sim:
    default_tool : vivado
    filesets :
      - rtl
      - "tool_vivado ? (vivado_only)"
      - "!tool_vivado ? (tb)"
      - tb
    parameters: [WIDTH=64]
    toplevel : tb_top
//- /ip/include/defs.svh
//- /ip/hdr/extra.vh
//- /ip/src/pkg.sv
//- /ip/src/core.sv
//- /ip/tb/tb.sv
//- /ip/fpga/pins.sv
`;

test('fusesoc: the default target, include files, file types, vlogdefine parameters', () => {
  const config = load(CORE);
  assert.equal(config.kind, 'fusesoc');
  assert.deepEqual(config.files, ['/ws/ip/src/pkg.sv', '/ws/ip/src/core.sv']);
  assert.deepEqual(config.includeDirs, ['/ws/ip/hdr', '/ws/ip/include']);
  assert.deepEqual(config.defines, { WIDTH: '32', USE_FAST: '1' });
  assert.equal(config.top, undefined);
  assert.deepEqual(config.problems, []);
});

test('fusesoc: a named target with its tool flag, a negated flag, toplevel and a parameter override', () => {
  const config = load(CORE, { target: 'sim' });
  assert.deepEqual(config.files, ['/ws/ip/src/pkg.sv', '/ws/ip/src/core.sv', '/ws/ip/fpga/pins.sv', '/ws/ip/tb/tb.sv']);
  assert.equal(config.top, 'tb_top');
  assert.deepEqual(config.defines, { WIDTH: '64' });
});

test('fusesoc: use-flag expressions', () => {
  const flags = new Set(['tool_verilator', 'target_sim']);
  assert.deepEqual(useFlagItems('rtl', flags), ['rtl']);
  assert.deepEqual(useFlagItems('tool_verilator ? (a b)', flags), ['a', 'b']);
  assert.deepEqual(useFlagItems('tool_vivado ? (a) !tool_vivado ? (c)', flags), ['c']);
  assert.deepEqual(useFlagItems('target_sim ? (x tool_vivado ? (y) z)', flags), ['x', 'z']);
  assert.deepEqual(useFlagItems('unbalanced ? (a', flags), []);
});

test('fusesoc bad input: not CAPI2, YAML it cannot read, an undefined fileset, absent files', () => {
  assert.deepEqual(load(`//- /bom.core\n\ufeffCAPI=2:\nfilesets:\n  rtl: {files: [a.v]}\n//- /a.v\n`).files, ['/ws/a.v'], 'a byte-order mark is not part of the first line');
  assert.deepEqual(load(`//- /lead.core\n# SPDX comment\n\nCAPI=2:\nfilesets:\n  rtl: {files: [a.v]}\n//- /a.v\n`).files, ['/ws/a.v']);
  assert.deepEqual(messages(load(`//- /a.core\nname: x\n`)), ["/ws/a.core:1 not a FuseSoC CAPI2 core file (the first line must be 'CAPI=2:', found 'name: x')"]);
  const broken = load(`//- /b.core\nCAPI=2:\nfilesets:\n  rtl:\n    files: [a.sv, b.sv\n  tb: {}\n`);
  assert.equal(broken.problems.length, 1);
  assert.match(broken.problems[0].message, /^cannot read b\.core: /);
  assert.equal(broken.problems[0].line, 4);
  const missing = load(`//- /c.core\nCAPI=2:\nfilesets:\n  rtl:\n    files:\n      - gone.sv\n    file_type: verilogSource\ntargets:\n  default:\n    filesets: [rtl, nothere]\n`);
  assert.deepEqual(messages(missing), ["/ws/c.core:5 file not found: gone.sv (fileset 'rtl')", "/ws/c.core:9 fileset 'nothere' is not defined"]);
  assert.deepEqual(missing.files, ['/ws/gone.sv']);
});

// ----- Bender -----

const BENDER = `//- /Bender.yml
package:
  name: demo
  authors: ["A <a@example.org>"]

dependencies:
  common_cells: { git: "https://example.org/common_cells.git", version: 1.16.4 }

export_include_dirs:
  - include

sources:
  - src/pkg.sv
  - target: asic
    files:
      - src/latch_rf.sv
  - target: not(asic)
    include_dirs: [src/inc]
    defines:
      FF_RF: ~
      DEPTH: 8
    files:
      - src/ff_rf.sv
      - target: all(simulation, not(verilator))
        files: [tb/tb.sv]
  - target: any(fpga, asic)
    files: [src/fpga.sv]
  - src/top.sv
//- /src/pkg.sv
//- /src/latch_rf.sv
//- /src/ff_rf.sv
//- /src/top.sv
//- /src/fpga.sv
//- /tb/tb.sv
`;

test('bender: nested source groups with targets, include folders and defines', () => {
  const config = load(BENDER);
  assert.equal(config.kind, 'bender');
  assert.deepEqual(config.files, ['/ws/src/pkg.sv', '/ws/src/ff_rf.sv', '/ws/src/top.sv']);
  assert.deepEqual(config.includeDirs, ['/ws/include', '/ws/src/inc']);
  assert.deepEqual(config.defines, { FF_RF: '', DEPTH: '8' });
  assert.deepEqual(messages(config), ["/ws/Bender.yml:5 a dependency is not among the workspace's Bender manifests (run 'bender checkout'; their files are not read): common_cells"]);
  const asic = load(BENDER, { benderTargets: ['asic', 'simulation'] });
  assert.deepEqual(asic.files, ['/ws/src/pkg.sv', '/ws/src/latch_rf.sv', '/ws/src/fpga.sv', '/ws/src/top.sv']);
  const sim = load(BENDER, { benderTargets: ['simulation'] });
  assert.deepEqual(sim.files, ['/ws/src/pkg.sv', '/ws/src/ff_rf.sv', '/ws/tb/tb.sv', '/ws/src/top.sv']);
});

test('bender: dependencies are read from the workspace manifests (.bender checkouts included) by package name, first', () => {
  const fixture = parseFixture(`//- /Bender.yml
package:
  name: soc
dependencies:
  common_cells: { git: "https://example.org/common_cells.git", version: 1.0.0 }
  axi:          { path: "deps/axi" }
sources:
  - soc.sv
//- /soc.sv
//- /.bender/git/checkouts/common_cells-0123abcd/Bender.yml
package:
  name: common_cells  # the checkout
export_include_dirs: [include]
sources:
  - src/cf_math_pkg.sv
  - target: simulation
    files: [test/tb.sv]
//- /.bender/git/checkouts/common_cells-0123abcd/src/cf_math_pkg.sv
//- /deps/axi/Bender.yml
package:
  name: "axi"
dependencies:
  common_cells: { git: "https://example.org/common_cells.git", version: 1.0.0 }
sources: [src/axi_pkg.sv]
//- /deps/axi/src/axi_pkg.sv
`);
  const manifests = findProjectFiles(['/ws'], listOf(fixture.files)).filter((p) => p.endsWith('Bender.yml'));
  assert.deepEqual(manifests, ['/ws/Bender.yml', '/ws/deps/axi/Bender.yml', '/ws/.bender/git/checkouts/common_cells-0123abcd/Bender.yml']);
  const config = loadProject(diskLike(fixture.files), '/ws/Bender.yml', { root: '/ws', manifests });
  assert.deepEqual(config.files, ['/ws/.bender/git/checkouts/common_cells-0123abcd/src/cf_math_pkg.sv', '/ws/deps/axi/src/axi_pkg.sv', '/ws/soc.sv']);
  assert.deepEqual(config.includeDirs, ['/ws/.bender/git/checkouts/common_cells-0123abcd/include']);
  assert.deepEqual(config.problems, []);
});

test('bender: a single group as sources, and target expressions', () => {
  const config = load(`//- /Bender.yml\nsources:\n  include_dirs:\n    - inc\n  files:\n    - a.sv\n    - target: rtl\n      files:\n        - b.sv\n//- /a.sv\n//- /b.sv\n`, { benderTargets: ['RTL'] });
  assert.deepEqual(config.files, ['/ws/a.sv', '/ws/b.sv']);
  assert.deepEqual(config.includeDirs, ['/ws/inc']);
  const set = new Set(['a']);
  assert.equal(benderTarget('*', set), true);
  assert.equal(benderTarget('all(a, not(b))', set), true);
  assert.equal(benderTarget('any(b, c)', set), false);
  assert.throws(() => benderTarget('not(a', set));
});

test('bender bad input: unreadable YAML, a bad target expression, no sources, an absent file', () => {
  const broken = load(`//- /Bender.yml\npackage:\n  name: x\nsources: |\n  a.sv\n`);
  assert.deepEqual(messages(broken), ['/ws/Bender.yml:3 cannot read Bender.yml: block scalars (| and >) are not supported']);
  const target = load(`//- /Bender.yml\nsources:\n  - target: foo(bar)\n    files: [a.sv]\n  - b.sv\n//- /b.sv\n`);
  assert.deepEqual(target.files, ['/ws/b.sv']);
  assert.match(messages(target)[0], /^\/ws\/Bender\.yml:2 cannot read the target expression 'foo\(bar\)': .*unknown operator foo/);
  assert.deepEqual(messages(load(`//- /Bender.yml\npackage:\n  name: x\n`)), ['/ws/Bender.yml:0 Bender.yml has no sources']);
  assert.deepEqual(messages(load(`//- /Bender.yml\nsources:\n  - gone.sv\n`)), ['/ws/Bender.yml:2 file not found: gone.sv']);
});

// ----- discovery, robustness, the workspace -----

test('candidates: filelists, cores and Bender manifests, shallowest first', () => {
  const paths = ['/ws/a/b/x.f', '/ws/top.core', '/ws/rtl/a.sv', '/ws/Bender.yml', '/ws/x.vc', '/ws/s/list.flist', '/ws/bender.yml.bak', '/ws/notes.txt'];
  assert.deepEqual(projectCandidates(paths), ['/ws/Bender.yml', '/ws/top.core', '/ws/x.vc', '/ws/s/list.flist', '/ws/a/b/x.f']);
});

test('mutated project files never throw', () => {
  const sources = [CORE, BENDER, `//- /p.f\n+incdir+a -f p.f "q.sv\n\${X}/y -F\n/* open`];
  let seed = 7;
  const random = (n: number) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  const alphabet = ['\n', ' ', ':', '-', '[', ']', '{', '}', '"', "'", '#', '\t', '|', '&', '?', '(', ')', ',', '$', '+', 'a'];
  let checked = 0;
  for (const source of sources) {
    const fixture = parseFixture(source);
    const [path, text] = [...fixture.files][0];
    for (let round = 0; round < 150; round++) {
      const chars = [...text];
      for (let k = 0; k < 1 + random(6); k++) {
        const at = random(chars.length + 1);
        const op = random(3);
        if (op === 0) chars.splice(at, 1);
        else if (op === 1) chars.splice(at, 0, alphabet[random(alphabet.length)]);
        else chars.splice(at, random(20));
      }
      const files = new Map(fixture.files);
      files.set(path, chars.join(''));
      const config = loadProject(memoryFileSystem(files), path, { root: '/ws' });
      assert.ok(Array.isArray(config.files) && Array.isArray(config.problems));
      checked++;
    }
  }
  assert.equal(checked, 450);
});

test('the workspace: project include folders and macros apply, file order is fileRank', async () => {
  const fixture = parseFixture(`//- /proj.f
+incdir+cfg/b_fast
+define+MODE=2
rtl/top.sv
rtl/leaf.sv
//- /rtl/top.sv
\`include "config.vh"
module top;
\`ifdef FAST_CFG
  fast_leaf u();
\`endif
localparam M = \`MODE;
endmodule
//- /rtl/leaf.sv
module leaf; endmodule
//- /cfg/b_fast/config.vh
\`define FAST_CFG
//- /cfg/a_slow/config.vh
\`define SLOW_CFG
//- /rtl/other.sv
module other; endmodule
`);
  const fs = memoryFileSystem(fixture.files);
  const config = loadProject(fs, '/ws/proj.f', { root: '/ws' });
  const workspace = new Workspace(fs, await testGrammar(), { roots: ['/ws'], includeDirs: [], defines: {}, project: workspaceProject(config) });
  workspace.addKnownPaths(fixture.files.keys());
  for (const path of fixture.files.keys()) if (path.endsWith('.sv') || path.endsWith('.vh')) workspace.refreshFromDisk(path);
  assert.equal(workspace.resolveIncludePath('config.vh', '/ws/rtl/top.sv'), '/ws/cfg/b_fast/config.vh');
  const top = new Snapshot(workspace).summary('/ws/rtl/top.sv')!.units.find((u) => u.name === 'top')!;
  assert.deepEqual(top.instances.map((i) => i.module), ['fast_leaf']);
  assert.equal(workspace.predefinedMacro('MODE')?.body, '2');
  assert.equal(workspace.fileRank('/ws/rtl/top.sv'), 0);
  assert.equal(workspace.fileRank('/ws/rtl/leaf.sv'), 1);
  assert.equal(workspace.fileRank('/ws/rtl/other.sv'), Infinity);
  // A setting's macro wins over the project's; without a project, no ranks and no project macros.
  workspace.setOptions({ roots: ['/ws'], includeDirs: [], defines: { MODE: '3' }, project: workspaceProject(config) });
  assert.equal(workspace.predefinedMacro('MODE')?.body, '3');
  workspace.setOptions({ roots: ['/ws'], includeDirs: [], defines: {} });
  assert.equal(workspace.resolveIncludePath('config.vh', '/ws/rtl/top.sv'), '/ws/cfg/a_slow/config.vh', 'without a project, the name match decides');
  assert.equal(workspace.fileRank('/ws/rtl/top.sv'), Infinity);
  assert.equal(workspace.predefinedMacro('MODE'), undefined);
  workspace.dispose();
});

test('bounds: nesting deeper than 32 filelists stops with a problem; past 200 problems the rest are counted', () => {
  const files = new Map<string, string>();
  for (let i = 0; i < 40; i++) files.set(`/ws/l${i}.f`, `-F l${i + 1}.f\n`);
  const deep = loadProject(diskLike(files), '/ws/l0.f', { root: '/ws' });
  assert.deepEqual(messages(deep), ['/ws/l32.f:1 filelists nested deeper than 32: l33.f ignored']);
  const many = Array.from({ length: 500 }, (_, i) => `gone${i}.sv`).join('\n');
  const config = loadProject(diskLike(new Map([['/ws/many.f', many]])), '/ws/many.f', { root: '/ws' });
  assert.equal(config.files.length, 500);
  assert.equal(config.problems.length, 201);
  assert.deepEqual(messages(config).slice(199), ['/ws/many.f:200 file not found: gone199.sv', '/ws/many.f:0 300 more problems not listed']);
  const core = `CAPI=2:\nfilesets:\n  rtl:\n    files: [\n${Array.from({ length: 3000 }, (_, i) => `      gone${i}.sv,`).join('\n')}\n    ]\n    file_type: verilogSource\n`;
  const big = loadProject(diskLike(new Map([['/ws/big.core', core]])), '/ws/big.core', { root: '/ws' });
  assert.equal(big.files.length, 3000, 'a flow list over 3000 lines is read');
  assert.equal(big.problems.length, 201);
});

test('fusesoc: depend entries are read from the workspace cores by name, dependencies first, cycles and missing ones reported once', () => {
  const fixture = parseFixture(`//- /top/top.core
CAPI=2:
name: acme:soc:top:1.0
filesets:
  rtl:
    depend:
      - ">=acme:lib:fifo:1.0"
      - "::regs:2.0"
      - acme:lib:missing
      - tool_verilator ? (acme:lib:lintonly)
    files: [top.sv]
    file_type: systemVerilogSource
targets:
  default:
    filesets: [rtl]
    toplevel: top
//- /top/top.sv
//- /lib/fifo/fifo.core
CAPI=2:
name : "acme:lib:fifo:1.2"
filesets:
  rtl:
    depend: [acme:soc:top]
    files:
      - fifo_pkg.sv
      - fifo.sv
    file_type: systemVerilogSource
targets:
  default: {filesets: [rtl], toplevel: fifo}
//- /lib/fifo/fifo_pkg.sv
//- /lib/fifo/fifo.sv
//- /other/regs.core
CAPI=2:
name: other:ip:regs:2.0
filesets:
  rtl: {files: [regs.sv], file_type: verilogSource}
//- /other/regs.sv
//- /decoy/fifo.core
CAPI=2:
name: other:lib:fifo:9.9
filesets:
  rtl: {files: [wrong.sv], file_type: verilogSource}
`);
  const fs = diskLike(fixture.files);
  const cores = findProjectFiles(['/ws'], listOf(fixture.files)).filter((p) => p.endsWith('.core'));
  assert.deepEqual(cores, ['/ws/decoy/fifo.core', '/ws/other/regs.core', '/ws/top/top.core', '/ws/lib/fifo/fifo.core']);
  const config = loadProject(fs, '/ws/top/top.core', { root: '/ws', cores });
  assert.deepEqual(config.files, ['/ws/lib/fifo/fifo_pkg.sv', '/ws/lib/fifo/fifo.sv', '/ws/other/regs.sv', '/ws/top/top.sv']);
  assert.equal(config.top, 'top', 'the top comes from the project core, not a dependency');
  assert.deepEqual(config.sources, ['/ws/top/top.core', '/ws/lib/fifo/fifo.core', '/ws/other/regs.core']);
  assert.deepEqual(messages(config), ["/ws/top/top.core:5 a dependency is not among the workspace's core files (their files are not read): acme:lib:missing"]);
  const alone = loadProject(fs, '/ws/top/top.core', { root: '/ws' });
  assert.deepEqual(alone.files, ['/ws/top/top.sv']);
  assert.match(messages(alone)[0], /3 dependencies are not among the workspace's core files/);
});

/** A folder listing over fixture files, as the adapters give it. */
function listOf(files: Map<string, string>): (folder: string) => FolderEntry[] | undefined {
  return (folder) => {
    const entries = new Map<string, boolean>();
    for (const path of files.keys()) {
      if (!path.startsWith(`${folder}/`)) continue;
      const rest = path.slice(folder.length + 1);
      const slash = rest.indexOf('/');
      entries.set(slash < 0 ? rest : rest.slice(0, slash), slash >= 0);
    }
    return entries.size ? [...entries].map(([name, folder]) => ({ name, folder })) : undefined;
  };
}

test('finding project files: a bounded walk that skips hidden folders, node_modules and what the adapter excludes', () => {
  const files = new Map(['/ws/a.f', '/ws/.git/x.f', '/ws/node_modules/p/y.core', '/ws/build/z.f', '/ws/ip/Bender.yml', '/ws/ip/rtl/a.sv', '/ws/ip/deep/b.vc'].map((p) => [p, '']));
  assert.deepEqual(findProjectFiles(['/ws'], listOf(files), (p) => p.startsWith('/ws/build')), ['/ws/a.f', '/ws/ip/Bender.yml', '/ws/ip/deep/b.vc']);
  assert.deepEqual(findProjectFiles(['/nowhere'], listOf(files)), []);
});
