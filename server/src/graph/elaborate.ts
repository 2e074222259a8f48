import { evaluateExpr, type Expr } from '../base';
import type { DesignUnit } from '../model';

/**
 * Elaboration at given parameter values, as far as it can be followed without a simulator:
 * whether a condition is decided by the parameters, and which generate-if branches are built.
 */

/**
 * True or false when the parameters decide the condition (`DEBUG_SUPPORT`, `EN && x` with
 * EN = 0, `!(W > 8)`); undefined when it depends on a signal or an unknown value.
 */
export function parameterTruth(expr: Expr | undefined, values: ReadonlyMap<string, number>): boolean | undefined {
  if (!expr) return undefined;
  const value = evaluateExpr(expr, values);
  if (value !== undefined) return value !== 0;
  if (expr.kind === 'unary' && expr.op === '!') {
    const inner = parameterTruth(expr.arg, values);
    return inner === undefined ? undefined : !inner;
  }
  if (expr.kind === 'binary' && (expr.op === '&&' || expr.op === '||')) {
    const left = parameterTruth(expr.left, values);
    const right = parameterTruth(expr.right, values);
    if (expr.op === '&&') return left === false || right === false ? false : left === true && right === true ? true : undefined;
    return left === true || right === true ? true : left === false && right === false ? false : undefined;
  }
  return undefined;
}

/**
 * Whether a scope of the unit is built at these parameter values: false inside a generate-if
 * branch that the parameters rule out (the summary records each generate-if's condition and
 * branch scopes), true otherwise.
 */
export function elaboratedScopes(unit: DesignUnit, values: ReadonlyMap<string, number>): (scope: string) => boolean {
  const dead: string[] = [];
  for (const block of unit.blocks) {
    if (!block.generateIf) continue;
    const truth = parameterTruth(block.generateIf.condition, values);
    if (truth === false) dead.push(block.generateIf.then);
    else if (truth === true && block.generateIf.else !== undefined) dead.push(block.generateIf.else);
  }
  return (scope) => !dead.some((d) => scope === d || scope.startsWith(`${d}.`));
}
