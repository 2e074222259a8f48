/**
 * The language client writes every server message as `[Level - time] text`; the RTLens log
 * channel files it under that level, so VS Code's log level (Developer: Set Log Level) filters
 * it. Free of the VS Code API, so tests read it.
 */
export type LogLevel = 'error' | 'warn' | 'info' | 'debug' | 'trace';

const PREFIX = /^\[(Error|Warn|Info|Debug|Trace|LSP)\s*- [^\]]{0,40}\] ?/;

/** The level of one line the client wrote, and the line without its prefix. */
export function parseLogLine(line: string): { level: LogLevel; text: string } {
  const m = PREFIX.exec(line);
  if (!m) return { level: 'info', text: line };
  const level = m[1] === 'Error' ? 'error' : m[1] === 'Warn' ? 'warn' : m[1] === 'Debug' ? 'debug' : m[1] === 'Info' ? 'info' : 'trace';
  return { level, text: line.slice(m[0].length) };
}
