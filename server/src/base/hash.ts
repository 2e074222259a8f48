/**
 * Content hashes key every cache. FNV-1a over UTF-16 code units, twice with different seeds,
 * gives 64 bits: plenty to tell file versions apart, and no dependency on Node's crypto, so
 * the core stays usable in a browser.
 */
export function contentHash(text: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    h2 ^= h2 >>> 15;
  }
  return (h1 >>> 0).toString(16).padStart(8, '0') + (h2 >>> 0).toString(16).padStart(8, '0');
}

export function combineHashes(parts: readonly string[]): string {
  return contentHash(parts.join('\u0000'));
}
