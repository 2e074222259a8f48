/**
 * Random tokens for webview content policies and progress tokens, from Web Crypto: the same
 * code runs in the desktop extension host (Node) and in the browser's web worker extension host.
 */
export function randomHex(bytes: number): string {
  const values = crypto.getRandomValues(new Uint8Array(bytes));
  let out = '';
  for (const v of values) out += v.toString(16).padStart(2, '0');
  return out;
}

/** A nonce for a webview's script-src: letters and digits only. */
export function nonce(): string {
  return randomHex(16);
}
