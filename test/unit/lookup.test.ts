import { test } from 'node:test';
import assert from 'node:assert/strict';
import { collectSources, estimateModule, libertyTarget, moduleFeatures } from '../../server/src/analyses/ppa';
import { hierarchy, trace } from '../../server/src/graph';
import { definition, hierarchyView, hover, ppaHover, type PpaView } from '../../server/src/ide';
import { genericLiberty } from '../../server/src/workers/host';
import { loadPpaModel } from '../../server/src/workers/ppaHost';
import { fixtureWorkspace, offsetOf } from '../helpers/fixture';

/**
 * Lookups of a name several files declare (one design per configuration folder): the file
 * asking sees its own copy, then its includes', then the project's file order, then the
 * nearest folder's.
 */

const uri = (p: string) => `file://${p}`;

// Two configurations: each folder has a `top` instantiating a `core`; cfg_a's core adds, cfg_b's multiplies.
const CONFIGS = `
//- /ws/cfg_a/top.v
module top (input [7:0] a, b, output [15:0] y);
  core u_core (.a(a), .b(b), .y(y));
endmodule
//- /ws/cfg_a/core.v
module core (input [7:0] a, b, output [15:0] y);
  assign y = a + b;
endmodule
//- /ws/cfg_b/top.v
module top (input [7:0] a, b, output [15:0] y);
  core u_core (.a(a), .b(b), .y(y));
endmodule
//- /ws/cfg_b/core.v
module core (input [7:0] a, b, output [15:0] y);
  assign y = a * b;
endmodule
`;

function definitionOf(snapshot: Awaited<ReturnType<typeof fixtureWorkspace>>['snapshot'], path: string, needle: string): string {
  const result = definition(snapshot, path, offsetOf(snapshot.text(path)!, needle) + 1, uri);
  assert.equal(result.length, 1, `one definition for ${needle} in ${path}`);
  return `${result[0].uri.slice('file://'.length)}:${result[0].range.start.line}`;
}

test('definition from an instance goes to the copy in the instance\'s own folder, whichever folder asks', async () => {
  const { snapshot } = await fixtureWorkspace(CONFIGS);
  assert.equal(snapshot.units('core').length, 2);
  assert.equal(definitionOf(snapshot, '/ws/cfg_b/top.v', 'core u_core'), '/ws/cfg_b/core.v:0');
  assert.equal(definitionOf(snapshot, '/ws/cfg_a/top.v', 'core u_core'), '/ws/cfg_a/core.v:0');
  // A port connection goes to the port of that same copy.
  assert.equal(definitionOf(snapshot, '/ws/cfg_b/top.v', '.b(b)'), '/ws/cfg_b/core.v:0');
});

test('the file\'s own copy comes before every other file\'s', async () => {
  const { snapshot } = await fixtureWorkspace(`
//- /ws/a/top.v
module top; helper u (); endmodule
module helper; wire own; endmodule
//- /ws/a/helper.v
module helper; wire same_folder; endmodule
`);
  assert.equal(snapshot.unit('helper', '/ws/a/top.v')!.path, '/ws/a/top.v');
  assert.equal(snapshot.unit('helper', '/ws/a/other.v')!.path, '/ws/a/helper.v', 'from a third file: same folder, then by path');
  assert.equal(definitionOf(snapshot, '/ws/a/top.v', 'helper u'), '/ws/a/top.v:1');
});

test('included files come before the same folder, the same folder before farther ones, nearer folders before farther ones', async () => {
  const { snapshot } = await fixtureWorkspace(`
//- /ws/proj/x/top.v
\`include "../common/impl.vh"
module top; impl u (); endmodule
//- /ws/proj/common/impl.vh
module impl; endmodule
//- /ws/proj/x/impl.v
module impl; endmodule
//- /ws/far/away/deeper/leaf.v
module leaf; endmodule
//- /ws/proj/y/leaf.v
module leaf; endmodule
`);
  assert.equal(snapshot.unit('impl', '/ws/proj/x/top.v')!.path, '/ws/proj/common/impl.vh');
  assert.equal(snapshot.unit('impl', '/ws/proj/x/other.v')!.path, '/ws/proj/x/impl.v');
  assert.equal(snapshot.unit('leaf', '/ws/proj/x/top.v')!.path, '/ws/proj/y/leaf.v', '2 folder steps against 5');
  assert.deepEqual(snapshot.units('leaf', '/ws/far/away/deeper/t.v').map((r) => r.path), ['/ws/far/away/deeper/leaf.v', '/ws/proj/y/leaf.v']);
});

test('a project file order, when the workspace has one, decides after the file and its includes', async () => {
  const { workspace, snapshot } = await fixtureWorkspace(`
//- /ws/rtl/top.v
module top; cfg_core u (); endmodule
//- /ws/rtl/cfg_core.v
module cfg_core; endmodule
//- /ws/gen/b/cfg_core.v
module cfg_core; endmodule
`);
  assert.equal(snapshot.unit('cfg_core', '/ws/rtl/top.v')!.path, '/ws/rtl/cfg_core.v', 'no file order: the same folder');
  // A workspace without a project ranks every file Infinity: nothing changes.
  Object.assign(workspace, { fileRank: () => Infinity });
  assert.deepEqual(snapshot.units('cfg_core', '/ws/rtl/top.v').map((r) => r.path), ['/ws/rtl/cfg_core.v', '/ws/gen/b/cfg_core.v']);
  // A filelist naming gen/b/cfg_core.v (and not rtl/cfg_core.v), as another part of the workspace may provide.
  const listed = ['/ws/rtl/top.v', '/ws/gen/b/cfg_core.v'];
  Object.assign(workspace, { fileRank: (path: string) => (listed.includes(path) ? listed.indexOf(path) : Infinity) });
  assert.equal(snapshot.unit('cfg_core', '/ws/rtl/top.v')!.path, '/ws/gen/b/cfg_core.v');
  assert.equal(snapshot.unit('top', '/ws/rtl/top.v')!.path, '/ws/rtl/top.v');
});

test('packages: the import reads the nearest copy of a package declared in every configuration', async () => {
  const { snapshot } = await fixtureWorkspace(`
//- /ws/c2/pkg.sv
package cfg_pkg; parameter int WIDTH = 32; endpackage
//- /ws/c1/pkg.sv
package cfg_pkg; parameter int WIDTH = 8; endpackage
//- /ws/c2/m.sv
module m import cfg_pkg::*; (output [WIDTH-1:0] y); assign y = '0; endmodule
`);
  assert.equal(definitionOf(snapshot, '/ws/c2/m.sv', 'WIDTH-1'), '/ws/c2/pkg.sv:0');
  const shown = hover(snapshot, '/ws/c2/m.sv', offsetOf(snapshot.text('/ws/c2/m.sv')!, 'WIDTH-1') + 1);
  assert.match(JSON.stringify(shown?.contents), /WIDTH = 32/);
});

test('PPA estimate of a file\'s top counts that file\'s instances', async () => {
  const { snapshot } = await fixtureWorkspace(CONFIGS);
  const topA = snapshot.unit('top', '/ws/cfg_a/top.v')!;
  const topB = snapshot.unit('top', '/ws/cfg_b/top.v')!;
  assert.equal(topA.path, '/ws/cfg_a/top.v');
  assert.equal(topB.path, '/ws/cfg_b/top.v');
  const a = moduleFeatures(snapshot, topA.path, topA.unit).features;
  const b = moduleFeatures(snapshot, topB.path, topB.unit).features;
  assert.equal(a.mul, 0);
  assert.ok(a.add > 0, 'cfg_a adds');
  assert.ok(b.mul > 0, 'cfg_b multiplies');
  assert.equal(b.add, 0);
  // The same estimator on each file's own core gives each top's figures.
  const target = libertyTarget(genericLiberty().text, 'generic.lib', true);
  const ctx = { access: snapshot, target, model: loadPpaModel() };
  const coreB = snapshot.unit('core', '/ws/cfg_b/core.v')!;
  assert.equal(coreB.path, '/ws/cfg_b/core.v');
  assert.deepEqual(estimateModule(ctx, topB.path, topB.unit).estimate!.cells, estimateModule(ctx, coreB.path, coreB.unit).estimate!.cells);
  assert.notEqual(estimateModule(ctx, topA.path, topA.unit).estimate!.cells, estimateModule(ctx, topB.path, topB.unit).estimate!.cells);
  // The hover on B's header shows B's figures.
  const view: PpaView = { ctx, synthesis: () => undefined };
  const shown = ppaHover(snapshot, topB.path, offsetOf(snapshot.text(topB.path)!, 'top') + 1, view, uri);
  assert.match(JSON.stringify(shown?.contents), /instance 'u_core' \(core\)/);
});

test('synthesis sources of a file\'s top: its own copy and the copies it sees, never the other configuration\'s', async () => {
  const { snapshot } = await fixtureWorkspace(CONFIGS);
  const target = libertyTarget(genericLiberty().text, 'generic.lib', true);
  for (const cfg of ['cfg_a', 'cfg_b']) {
    const { job, missing } = collectSources(snapshot, 'top', target, {}, '/ws', `/ws/${cfg}/top.v`)!;
    assert.deepEqual(missing, []);
    assert.deepEqual([...job.read].sort(), [`${cfg}/core.v`, `${cfg}/top.v`]);
  }
});

test('hierarchy and trace from a file elaborate that file\'s copies', async () => {
  const { snapshot } = await fixtureWorkspace(CONFIGS);
  const tree = hierarchy(snapshot, 'top', undefined, '/ws/cfg_b/top.v')!;
  assert.equal(tree.modulePath, '/ws/cfg_b/top.v');
  assert.deepEqual(tree.instances.map((n) => `${n.name}:${n.path}:${n.modulePath}`), ['u_core:/ws/cfg_b/top.v:/ws/cfg_b/core.v']);
  const view = hierarchyView(snapshot, 'top', uri, '/ws/cfg_a/top.v');
  assert.equal(view.roots[0].children[0].moduleLocation?.uri, uri('/ws/cfg_a/core.v'));
  assert.deepEqual(view.tops, ['top'], 'one name, listed once');
  // Loads of B's input a: into B's core, and only B's top instantiates it from B's side.
  const loads = trace(snapshot, 'top', 'a', 'loads', 2, 100, '/ws/cfg_b/top.v');
  assert.ok(loads.length > 0);
  assert.ok(loads.every((s) => s.path.startsWith('/ws/cfg_b/')), JSON.stringify(loads.map((s) => s.path)));
  const drivers = trace(snapshot, 'core', 'a', 'drivers', 1, 100, '/ws/cfg_a/core.v');
  assert.deepEqual(drivers.map((s) => `${s.module}.${s.signal}:${s.path}`), ['top.a:/ws/cfg_a/top.v']);
});

test('a lookup from a file the workspace does not hold, or with no copy at all, answers as before', async () => {
  const { snapshot } = await fixtureWorkspace(CONFIGS);
  assert.equal(snapshot.unit('nothing', '/ws/cfg_a/top.v'), undefined);
  assert.ok(snapshot.unit('core', '/elsewhere/x.v'));
  assert.equal(snapshot.units('core', 'not/a/path').length, 2);
});
