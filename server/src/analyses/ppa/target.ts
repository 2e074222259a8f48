/**
 * What a design is synthesized for. The built-in generic library (server/data/rtlens_generic.lib)
 * is used when the user sets nothing; a user liberty file gives real area and delay; an FPGA
 * family reports LUTs, flip-flops, block RAM, DSP and logic levels (no delay model).
 */
export type FpgaFamily = 'ice40' | 'ecp5' | 'xilinx' | 'gowin';

export const FPGA_FAMILIES: readonly FpgaFamily[] = ['ice40', 'ecp5', 'xilinx', 'gowin'];

export type Target =
  | { kind: 'asic'; name: string; /** Liberty text; the file name is for messages. */ liberty: string; libertyFile: string; builtIn: boolean }
  | { kind: 'fpga'; name: FpgaFamily };

export function isFpgaFamily(name: string): name is FpgaFamily {
  return (FPGA_FAMILIES as readonly string[]).includes(name);
}

/** A short stable description of a target, part of every cache key. */
export function targetKey(target: Target): string {
  return target.kind === 'fpga' ? `fpga:${target.name}` : `asic:${target.name}:${target.liberty.length}`;
}

/** A cell-library target from liberty text. */
export function libertyTarget(liberty: string, file: string, builtIn = false): Target {
  const name = builtIn ? 'generic' : (/\blibrary\s*\(\s*"?([A-Za-z0-9_.-]+)/.exec(liberty)?.[1] ?? file);
  return { kind: 'asic', name, liberty, libertyFile: file, builtIn };
}
