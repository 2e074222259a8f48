import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { characterize, estimateModule, libertyTarget, REFERENCE_CIRCUITS, synthesizeModule } from '../../server/src/analyses/ppa';
import { genericLiberty } from '../../server/src/workers/host';
import { loadPpaModel } from '../../server/src/workers/ppaHost';
import { YosysPool } from '../../server/src/workers/synthesis';
import { fixtureWorkspace } from '../helpers/fixture';

/**
 * A user liberty without samples: the reference circuits synthesized on it and on the built-in
 * library carry the estimate into its units. Debian's OSU 0.18 um library (fetched by
 * scripts/fetch-real-code.sh; GPL data, never shipped) is far larger and slower than the built-in
 * 45 nm-class one, so both factors are well above 1; on a design that is none of the references,
 * the characterized estimate is nearer the library's own figures than the built-in one.
 */
const OSU = path.resolve(__dirname, '../../../test/real/.cache/liberty/osu018_stdcells.lib');
const pool = new YosysPool(2);
test.after(() => pool.dispose());

test('characterizing a user liberty carries the estimate into its units', { timeout: 300000, skip: fs.existsSync(OSU) ? false : 'no OSU liberty (scripts/fetch-real-code.sh)' }, async () => {
  const generic = libertyTarget(genericLiberty().text, 'rtlens_generic.lib', true);
  const osu = libertyTarget(fs.readFileSync(OSU, 'utf8'), 'osu018_stdcells.lib');
  const scale = await characterize(osu, generic, pool);
  assert.equal(scale.circuits, Object.keys(REFERENCE_CIRCUITS).length);
  assert.ok(scale.area > 5 && scale.delay > 1.2, JSON.stringify(scale));

  const { snapshot } = await fixtureWorkspace(`//- /alu.v
module alu (input clk, input [1:0] op, input [15:0] a, b, output reg [15:0] y, output reg zero);
  always @(posedge clk) begin
    case (op)
      2'd0: y <= a + b;
      2'd1: y <= a - b;
      2'd2: y <= a & b;
      default: y <= a ^ b;
    endcase
    zero <= a == b;
  end
endmodule
`);
  const ref = snapshot.unit('alu')!;
  const model = loadPpaModel();
  const plain = estimateModule({ access: snapshot, target: osu, model }, ref.path, ref.unit).estimate!;
  const scaled = estimateModule({ access: snapshot, target: osu, model, library: scale }, ref.path, ref.unit).estimate!;
  assert.ok(Math.abs(scaled.areaUm2! - plain.areaUm2! * scale.area) < 0.1 * scale.area + 0.5, `${scaled.areaUm2} vs ${plain.areaUm2} x ${scale.area}`);
  // Against Yosys + ABC on the OSU library itself: within a loose bound (one module, not a benchmark).
  const exact = await synthesizeModule({ access: snapshot, target: osu, model, root: '/' }, 'alu', pool);
  const areaError = Math.abs(scaled.areaUm2! - exact.figures.areaUm2!) / exact.figures.areaUm2!;
  const plainError = Math.abs(plain.areaUm2! - exact.figures.areaUm2!) / exact.figures.areaUm2!;
  assert.ok(areaError < 0.5 && areaError < plainError, `area ${scaled.areaUm2} (unscaled ${plain.areaUm2}) vs exact ${exact.figures.areaUm2}`);
  // Delay: the characterized estimate is nearer the library's own figure than the built-in one.
  const delayError = Math.abs(scaled.delayNs! - exact.figures.delayNs!) / exact.figures.delayNs!;
  const plainDelayError = Math.abs(plain.delayNs! - exact.figures.delayNs!) / exact.figures.delayNs!;
  assert.ok(delayError < plainDelayError, `delay ${scaled.delayNs} (unscaled ${plain.delayNs}) vs exact ${exact.figures.delayNs}`);
});
