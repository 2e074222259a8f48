/**
 * Soft assertion for bugs: log with context and let the caller fall back, instead of throwing
 * into an editor request. The logger is injected by the adapter (stderr, LSP console).
 */
export type Logger = (message: string) => void;

let sink: Logger = (message) => {
  if (typeof console !== 'undefined') console.error(message);
};

export function setBugLogger(logger: Logger): void {
  sink = logger;
}

export function never(condition: boolean, message: string): boolean {
  if (condition) sink(`[rtlens bug] ${message}`);
  return condition;
}

export function logBug(message: string, error?: unknown): void {
  const detail = error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : error === undefined ? '' : String(error);
  sink(`[rtlens bug] ${message}${detail ? `: ${detail}` : ''}`);
}
