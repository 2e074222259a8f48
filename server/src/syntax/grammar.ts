import { Language, Parser, Query } from 'web-tree-sitter';

/**
 * Loads web-tree-sitter and the SystemVerilog grammar once per process (or worker). The
 * adapter says where the two wasm files are: a path in Node, bytes in a browser.
 */
export interface GrammarLocation {
  /** web-tree-sitter's own runtime, web-tree-sitter.wasm. */
  runtimeWasm: string;
  /** tree-sitter-systemverilog.wasm. */
  grammarWasm: string | Uint8Array;
  /** The project's queries (grammars/queries/*.scm) by name, as text. */
  queries: Record<string, string>;
}

export type QueryName = 'dataflow';

export interface Grammar {
  language: Language;
  newParser(): Parser;
  /** A compiled query of grammars/queries; every grammar ships them all. */
  query(name: QueryName): Query;
}

let loading: Promise<Grammar> | undefined;
let loadedFrom: string | undefined;

export function loadGrammar(location: GrammarLocation): Promise<Grammar> {
  const key = `${location.runtimeWasm}|${typeof location.grammarWasm === 'string' ? location.grammarWasm : 'bytes'}`;
  if (loading && loadedFrom === key) return loading;
  loadedFrom = key;
  loading = (async () => {
    await Parser.init({ locateFile: () => location.runtimeWasm });
    const language = await Language.load(location.grammarWasm);
    const compiled = new Map<string, Query>();
    return {
      language,
      newParser() {
        const parser = new Parser();
        parser.setLanguage(language);
        return parser;
      },
      query(name) {
        let query = compiled.get(name);
        if (!query) {
          const source = location.queries[name];
          if (source === undefined) throw new Error(`query ${name}.scm was not loaded`);
          query = new Query(language, source);
          compiled.set(name, query);
        }
        return query;
      },
    };
  })();
  return loading;
}
