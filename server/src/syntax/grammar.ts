import { Language, Parser } from 'web-tree-sitter';

/**
 * Loads web-tree-sitter and the SystemVerilog grammar once per process (or worker). The
 * adapter says where the two wasm files are: a path in Node, bytes in a browser.
 */
export interface GrammarLocation {
  /** web-tree-sitter's own runtime, web-tree-sitter.wasm. */
  runtimeWasm: string;
  /** Its bytes, where no URL can be fetched (a blob worker of a web extension). */
  runtimeWasmBinary?: Uint8Array;
  /** tree-sitter-systemverilog.wasm. */
  grammarWasm: string | Uint8Array;
}

export interface Grammar {
  language: Language;
  newParser(): Parser;
}

let loading: Promise<Grammar> | undefined;
let loadedFrom: string | undefined;

export function loadGrammar(location: GrammarLocation): Promise<Grammar> {
  const key = `${location.runtimeWasm}|${typeof location.grammarWasm === 'string' ? location.grammarWasm : 'bytes'}`;
  if (loading && loadedFrom === key) return loading;
  loadedFrom = key;
  loading = (async () => {
    await Parser.init(location.runtimeWasmBinary ? ({ wasmBinary: location.runtimeWasmBinary, locateFile: () => location.runtimeWasm } as object) : { locateFile: () => location.runtimeWasm });
    const language = await Language.load(location.grammarWasm);
    return {
      language,
      newParser() {
        const parser = new Parser();
        parser.setLanguage(language);
        return parser;
      },
    };
  })();
  return loading;
}
