// Leave-one-repository-out fitting of the fast estimate on real modules (PPA issue, "report error
// by leaving whole repositories out"): for each repository, the linear models are fitted on the
// modules of the others and measured on its own; then the same after calibrating on 10 of its
// synthesized modules (what a user's workspace gets once RTLens has synthesized ten modules).
//
// Rows are the estimator's own: area is a sum over operator features (fit-ppa.mjs's `row`),
// delay follows the critical path's delay units by operator class (its `pathRow`).

/** The critical-path classes of scripts/fit-ppa.mjs. */
export const PATH_CLASSES = ['add', 'addConst', 'addBit', 'mul', 'macAdd', 'mulConst', 'div', 'compare', 'equal', 'logic', 'reduce', 'shift', 'mux', 'muxConst', 'memory', 'procMux', 'enable', 'selectFanout', 'decode', 'decodeFanout'];

const FIGURES = {
  areaUm2: { columns: (ppa) => ppa.FEATURES, exact: (e) => e.exact.areaUm2 },
  delayNs: { columns: () => ['pathLevels', ...PATH_CLASSES.map((c) => `path.${c}`)], exact: (e) => e.exact.delayNs },
};

function valueOf(f, column) {
  if (column === 'pathLevels' || column === 'pathUnits') return f[column];
  if (column.startsWith('path.')) return f.pathParts[column.slice(5)] ?? 0;
  return f.features[column];
}

/** Fits one figure's linear model (non-negative, relative error) on entries with features and an exact figure. */
export function fitFigure(ppa, entries, figure) {
  const spec = FIGURES[figure];
  const columns = spec.columns(ppa);
  const rows = entries.filter((e) => spec.exact(e) > 0);
  if (rows.length === 0) return undefined;
  const X = rows.map((e) => [1, ...columns.map((c) => valueOf(e.features, c))]);
  const y = rows.map((e) => spec.exact(e));
  const coef = ppa.fitNonNegative(X, y, { relative: true, absolute: true });
  const linear = { intercept: Number(coef[0].toPrecision(6)), coefficients: {} };
  columns.forEach((c, i) => {
    if (coef[i + 1] !== 0) linear.coefficients[c] = Number(coef[i + 1].toPrecision(6));
  });
  return linear;
}

const mean = (xs) => (xs.length ? Math.round((1000 * xs.reduce((a, b) => a + b, 0)) / xs.length) / 10 : undefined);

/**
 * One repository's errors with a model (and a library scale): plain, and after calibrating on
 * its first `samples` modules as the editor calibrates a workspace on its own results
 * (calibrate(), helpfulCalibration() on area; measured on the rest). Pushes the per-module errors into `all`.
 */
function measureRepo(ppa, own, model, scale, samples, all) {
  const estimateOf = (e, calibration) => ppa.estimate({ contributions: [], ...e.features }, 'measured', model, false, calibration, scale);
  const errors = (list, calibration) => ({
    areaUm2: list.filter((e) => e.exact.areaUm2 > 0).map((e) => Math.abs(estimateOf(e, calibration).areaUm2 - e.exact.areaUm2) / e.exact.areaUm2),
    delayNs: list.filter((e) => e.exact.delayNs > 0).map((e) => Math.abs(estimateOf(e, calibration).delayNs - e.exact.delayNs) / e.exact.delayNs),
  });
  const plain = errors(own);
  const first = own.slice(0, samples);
  const rest = own.slice(samples);
  const byModule = new Map(first.map((e) => [e.module, e]));
  const report = ppa.calibrate(
    first.map((e) => ({ module: e.module, areaUm2: e.exact.areaUm2, delayNs: e.exact.delayNs || undefined })),
    (m) => (byModule.has(m) ? estimateOf(byModule.get(m)) : undefined),
  );
  // What calibrating area on the workspace's own results would do (the editor does it for the
  // figures in SELF_CALIBRATED only, chosen by this measurement).
  const calibrated = rest.length > 0 ? errors(rest, ppa.helpfulCalibration(report, ['areaUm2', 'size'])) : { areaUm2: [], delayNs: [] };
  all.areaUm2.push(...plain.areaUm2);
  all.delayNs.push(...plain.delayNs);
  for (const e of own) {
    if (!(e.exact.areaUm2 > 0)) continue;
    const est = estimateOf(e);
    all.bySize.push({ size: est.areaUm2, area: Math.abs(est.areaUm2 - e.exact.areaUm2) / e.exact.areaUm2, delay: e.exact.delayNs > 0 ? Math.abs(est.delayNs - e.exact.delayNs) / e.exact.delayNs : undefined });
  }
  all.areaCal.push(...calibrated.areaUm2);
  all.delayCal.push(...calibrated.delayNs);
  if (rest.length > 0) all.areaRest.push(...errors(rest).areaUm2);
  return { modules: own.length, areaMape: mean(plain.areaUm2), delayMape: mean(plain.delayNs), calibratedOn: first.length, measuredOn: rest.length, areaMapeAfter: mean(calibrated.areaUm2), delayMapeAfter: mean(calibrated.delayNs) };
}

/** Size classes of the error bar, by the estimated area (the target's units): up to each bound. */
export const SIZE_CLASSES = [100, 1000, 10000, Infinity];

function overallOf(all) {
  const bySize = [];
  let from = -Infinity;
  for (const upTo of SIZE_CLASSES) {
    const inClass = all.bySize.filter((x) => x.size > from && x.size <= upTo);
    from = upTo;
    if (inClass.length === 0) continue;
    bySize.push({ upTo: upTo === Infinity ? null : upTo, modules: inClass.length, area: mean(inClass.map((x) => x.area)), delay: mean(inClass.map((x) => x.delay).filter((d) => d !== undefined)) });
  }
  return { modules: all.areaUm2.length, areaMape: mean(all.areaUm2), delayMape: mean(all.delayNs), areaMapeAfter: mean(all.areaCal), delayMapeAfter: mean(all.delayCal), areaMapeRestUncalibrated: mean(all.areaRest), bySize };
}

/**
 * Per repository: MAPE of models fitted without it, and after calibrating those on `samples`
 * of its own modules (the first ones in sampling order; measured on the rest).
 */
export function leaveOneRepoOut(ppa, byRepo, { samples = 10 } = {}) {
  const repos = Object.keys(byRepo).filter((r) => byRepo[r].length > 0);
  const out = { repos: {}, overall: {}, models: {} };
  const all = { areaUm2: [], delayNs: [], areaCal: [], delayCal: [], areaRest: [], bySize: [] };
  for (const repo of repos) {
    const train = repos.filter((r) => r !== repo).flatMap((r) => byRepo[r]);
    const model = { size: { intercept: 0, coefficients: {} }, logicLevels: { intercept: 0, coefficients: {} }, areaUm2: fitFigure(ppa, train, 'areaUm2'), delayNs: fitFigure(ppa, train, 'delayNs'), validation: { designs: 0, sizeMapePct: 0, levelsMapePct: 0 } };
    // One repository alone has nothing to be fitted on without it.
    if (!model.areaUm2 || !model.delayNs) continue;
    out.models[repo] = model;
    out.repos[repo] = measureRepo(ppa, byRepo[repo], model, undefined, samples, all);
  }
  out.overall = overallOf(all);
  return out;
}

/**
 * A user liberty with no samples (PPA issue, "any liberty"): each repository's modules estimated
 * with the built-in library's model fitted without that repository (`models`, from
 * leaveOneRepoOut on the built-in target), carried into the liberty's units by its
 * characterization (`scale`), against the liberty's exact figures; then after calibrating on 10
 * of the repository's modules.
 */
export function libertyLeaveOneRepoOut(ppa, byRepo, models, scale, { samples = 10 } = {}) {
  const out = { repos: {}, overall: {} };
  const all = { areaUm2: [], delayNs: [], areaCal: [], delayCal: [], areaRest: [], bySize: [] };
  for (const [repo, own] of Object.entries(byRepo)) {
    if (!models[repo] || own.length === 0) continue;
    out.repos[repo] = measureRepo(ppa, own, models[repo], scale, samples, all);
  }
  out.overall = overallOf(all);
  return out;
}
