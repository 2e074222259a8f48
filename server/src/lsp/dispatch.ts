import { type Connection, LSPErrorCodes, ResponseError } from 'vscode-languageserver';

/**
 * Every request goes through guard: an exception is logged and the client gets the empty
 * answer, so one bad file never takes the server down. A refusal (a ResponseError with
 * RequestFailed, such as a rename refused with its reason) is an answer, not a failure: it
 * reaches the client as it is. Arguments after the params (the request's cancellation token) are passed through.
 */
export function guard<P, R, A extends unknown[] = []>(connection: Connection, name: string, empty: R, handler: (params: P, ...rest: A) => R | Promise<R>): (params: P, ...rest: A) => Promise<R> {
  return async (params: P, ...rest: A) => {
    try {
      return await handler(params, ...rest);
    } catch (error) {
      if (error instanceof ResponseError && error.code === LSPErrorCodes.RequestFailed) throw error;
      connection.console.error(`[rtlens] ${name} failed: ${error instanceof Error ? `${error.message}\n${error.stack}` : String(error)}`);
      return empty;
    }
  };
}
