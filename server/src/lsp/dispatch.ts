import type { Connection } from 'vscode-languageserver/node';

/**
 * Every request goes through guard: an exception is logged and the client gets the empty
 * answer, so one bad file never takes the server down.
 */
export function guard<P, R>(connection: Connection, name: string, empty: R, handler: (params: P) => R | Promise<R>): (params: P) => Promise<R> {
  return async (params: P) => {
    try {
      return await handler(params);
    } catch (error) {
      connection.console.error(`[rtlens] ${name} failed: ${error instanceof Error ? `${error.message}\n${error.stack}` : String(error)}`);
      return empty;
    }
  };
}
