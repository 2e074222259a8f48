import * as fs from 'node:fs';
import * as path from 'node:path';
import { isFpgaFamily, libertyTarget, type PpaModel, type Target } from '../analyses/ppa';
import { genericLiberty } from './host';

/**
 * The Node side of PPA: the fitted estimator model and the built-in cell library shipped in
 * dist/data (server/data in the repository), and targets named by the user's settings or flags.
 */
export function loadPpaModel(): PpaModel {
  const candidates = [path.join(__dirname, 'data'), path.join(__dirname, '../data'), path.resolve(__dirname, '../../data'), path.resolve(__dirname, '../../../../server/data')];
  for (const dir of candidates) {
    const file = path.join(dir, 'ppa-model.json');
    if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8')) as PpaModel;
  }
  return { provenance: {}, targets: {} };
}

export class TargetError extends Error {}

/** A target from a name (generic, ice40, ecp5, xilinx, gowin) or a liberty file; the liberty file wins. */
export function resolveTarget(name: string | undefined, liberty: string | undefined): Target {
  if (liberty) {
    let text: string;
    try {
      text = fs.readFileSync(liberty, 'utf8');
    } catch {
      throw new TargetError(`cannot read the liberty file ${liberty}`);
    }
    if (!/\blibrary\s*\(/.test(text)) throw new TargetError(`${liberty} is not a liberty file (no library group)`);
    return libertyTarget(text, path.basename(liberty));
  }
  const wanted = name ?? 'generic';
  if (wanted === 'generic') {
    const lib = genericLiberty();
    return libertyTarget(lib.text, 'rtlens_generic.lib', true);
  }
  if (isFpgaFamily(wanted)) return { kind: 'fpga', name: wanted };
  throw new TargetError(`unknown target '${wanted}' (generic, ice40, ecp5, xilinx, gowin, or --liberty FILE)`);
}
