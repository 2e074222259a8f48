/**
 * Words for search: identifiers split into words (wrPtrGray_q -> wr ptr gray q), hardware
 * abbreviations expanded (wr -> write, ptr -> pointer), words reduced to a stem (synchronizes,
 * synchronizer -> synchron). Documents and queries go through the same functions, so an
 * abbreviation in the code meets the full word in a question and the other way round.
 */

/** Abbreviation -> the words it stands for. Both sides of a match are expanded. */
const ABBREVIATION_LIST: Record<string, string[]> = {
  clk: ['clock'],
  ck: ['clock'],
  rst: ['reset'],
  rstn: ['reset'],
  resetn: ['reset'],
  arst: ['async', 'reset'],
  async: ['asynchronous'],
  srst: ['sync', 'reset'],
  wr: ['write'],
  we: ['write', 'enable'],
  wen: ['write', 'enable'],
  rd: ['read'],
  re: ['read', 'enable'],
  ren: ['read', 'enable'],
  addr: ['address'],
  adr: ['address'],
  ptr: ['pointer'],
  cnt: ['count', 'counter'],
  ctr: ['counter'],
  count: ['counter'],
  en: ['enable'],
  ena: ['enable'],
  req: ['request'],
  ack: ['acknowledge'],
  vld: ['valid'],
  val: ['valid', 'value'],
  rdy: ['ready'],
  gnt: ['grant'],
  arb: ['arbiter', 'arbitration'],
  sync: ['synchronizer', 'synchronize', 'synchronous'],
  synch: ['synchronizer', 'synchronize'],
  meta: ['metastability'],
  tx: ['transmit', 'transmitter'],
  rx: ['receive', 'receiver'],
  xmit: ['transmit'],
  irq: ['interrupt', 'request'],
  intr: ['interrupt'],
  int: ['interrupt'],
  isr: ['interrupt'],
  pc: ['program', 'counter'],
  instr: ['instruction'],
  inst: ['instruction', 'instance'],
  insn: ['instruction'],
  ir: ['instruction'],
  opc: ['opcode'],
  op: ['operation', 'opcode', 'operand'],
  dec: ['decode', 'decoder'],
  alu: ['arithmetic'],
  reg: ['register'],
  regs: ['register'],
  rf: ['register', 'file'],
  regfile: ['register', 'file'],
  mem: ['memory'],
  ram: ['memory'],
  rom: ['memory'],
  cfg: ['configuration'],
  config: ['configuration'],
  conf: ['configuration'],
  ctrl: ['control'],
  ctl: ['control'],
  stat: ['status'],
  sts: ['status'],
  sel: ['select'],
  dat: ['data'],
  din: ['data', 'input'],
  dout: ['data', 'output'],
  di: ['data', 'input'],
  do: ['data', 'output'],
  src: ['source'],
  dst: ['destination'],
  dest: ['destination'],
  idx: ['index'],
  num: ['number'],
  buf: ['buffer'],
  prio: ['priority'],
  pri: ['priority'],
  rr: ['round', 'robin'],
  crc: ['cyclic', 'redundancy', 'check', 'checksum'],
  lfsr: ['feedback', 'shift', 'random'],
  prng: ['random'],
  csr: ['control', 'status'],
  imm: ['immediate'],
  br: ['branch'],
  jmp: ['jump'],
  ld: ['load'],
  st: ['store', 'state'],
  fwd: ['forward', 'forwarding'],
  wb: ['writeback'],
  ex: ['execute'],
  exe: ['execute'],
  mul: ['multiply', 'multiplier'],
  mult: ['multiply', 'multiplier'],
  acc: ['accumulate', 'accumulator'],
  mac: ['multiply', 'accumulate'],
  pe: ['processing', 'element'],
  dma: ['direct', 'memory', 'access'],
  desc: ['descriptor'],
  tmr: ['timer'],
  presc: ['prescaler'],
  prescale: ['prescaler'],
  div: ['divide', 'divider'],
  cmp: ['compare', 'comparator'],
  comp: ['compare', 'comparator'],
  gpio: ['general', 'purpose'],
  spi: ['serial', 'peripheral', 'interface'],
  sclk: ['serial', 'clock'],
  sck: ['serial', 'clock'],
  cs: ['chip', 'select'],
  csn: ['chip', 'select'],
  ss: ['slave', 'select'],
  uart: ['serial'],
  nxt: ['next'],
  cur: ['current'],
  curr: ['current'],
  prev: ['previous'],
  fsm: ['state', 'machine'],
  sm: ['state', 'machine'],
  ns: ['next', 'state'],
  cs_q: ['current', 'state'],
  err: ['error'],
  ovf: ['overflow'],
  udf: ['underflow'],
  bcnt: ['bit', 'counter'],
  tick: ['strobe'],
  stb: ['strobe'],
  strb: ['strobe'],
  pkt: ['packet'],
  hdr: ['header'],
  len: ['length'],
  sz: ['size'],
  ts: ['timestamp'],
  tmp: ['temporary'],
  inc: ['increment'],
  incr: ['increment'],
  init: ['initial', 'initialize'],
  cpu: ['processor'],
  cache: ['cache'],
  axi: ['axi', 'bus'],
  apb: ['apb', 'bus'],
  ahb: ['ahb', 'bus'],
  wdata: ['write', 'data'],
  rdata: ['read', 'data'],
  waddr: ['write', 'address'],
  raddr: ['read', 'address'],
  wptr: ['write', 'pointer'],
  rptr: ['read', 'pointer'],
  sp: ['stack', 'pointer'],
  lsu: ['load', 'store'],
  mux: ['multiplexer', 'select'],
  demux: ['demultiplexer'],
  ff: ['flip', 'flop', 'register'],
  dff: ['flip', 'flop', 'register'],
  psc: ['prescaler'],
  lut: ['lookup', 'table'],
  bram: ['block', 'memory'],
  dsp: ['multiply', 'accumulate'],
  shamt: ['shift', 'amount'],
  mosi: ['serial', 'data', 'output', 'master'],
  miso: ['serial', 'data', 'input', 'master'],
  sdo: ['serial', 'data', 'output'],
  sdi: ['serial', 'data', 'input'],
  txd: ['transmit', 'data', 'serial', 'output'],
  rxd: ['receive', 'data', 'serial', 'input'],
  fb: ['feedback'],
  dcache: ['data', 'cache'],
  icache: ['instruction', 'cache'],
  btn: ['button'],
  ovs: ['oversample'],
  rng: ['random', 'number', 'generator'],
  rnd: ['random'],
  byp: ['bypass'],
  sh: ['shift'],
  shreg: ['shift', 'register'],
  pend: ['pending'],
  trig: ['trigger'],
  lim: ['limit'],
  thr: ['threshold'],
  thresh: ['threshold'],
  par: ['parity'],
  sof: ['start', 'frame'],
  eof: ['end', 'frame'],
  exc: ['exception'],
  epc: ['exception', 'program', 'counter'],
  be: ['byte', 'enable'],
  wstrb: ['write', 'strobe', 'byte', 'enable'],
  bresp: ['write', 'response'],
  rresp: ['read', 'response'],
  resp: ['response'],
  aw: ['address', 'write'],
  ar: ['address', 'read'],
  rs: ['register', 'source'],
  rs1: ['register', 'source'],
  rs2: ['register', 'source'],
  wen_n: ['write', 'enable'],
  oe: ['output', 'enable'],
  ie: ['interrupt', 'enable'],
  ip: ['interrupt', 'pending'],
  lvl: ['level'],
  edg: ['edge'],
  pos: ['positive'],
  neg: ['negative'],
  fin: ['finish', 'done'],
  done: ['finish', 'complete'],
  vld_q: ['valid'],
  sum: ['add'],
  prod: ['product', 'multiply'],
  dly: ['delay'],
  del: ['delay'],
  skew: ['delay'],
  pipe: ['pipeline'],
  stg: ['stage'],
  wr_en: ['write', 'enable'],
  rd_en: ['read', 'enable'],
  q: [],
};

const ABBREVIATIONS = new Map(Object.entries(ABBREVIATION_LIST));

/** Words that carry no meaning in a question about a design. */
const STOP = new Set(
  'a an the of in on to for is are was be been being that which where what who whom how does do did it its this these those with from by and or as at into onto find show me give list any some all there here i we you can could would should my our your tell get gets has have had when whenever then than not no yes module modules block blocks signal signals code one ones part parts piece like such etc via using also just only each every both either other another same very much many more most'.split(
    ' ',
  ),
);

/** Memo of the words of one token: a workspace has few distinct identifiers and many uses. */
const tokenWords = new Map<string, string[]>();
const tokenTerms = new Map<string, string[]>();

function wordsOfToken(raw: string): string[] {
  let words = tokenWords.get(raw);
  if (!words) {
    // wrPtrGray -> wr Ptr Gray; FIFODepth -> FIFO Depth; data2 -> data 2
    words = raw
      .replace(/(?<![A-Z])([A-Z]{2,})s\b/g, '$1') // CSRs, FIFOs: an acronym's plural is the acronym
      .replace(/([a-z])([A-Z])/g, '$1 $2')
      .replace(/(?<![A-Z])([A-Z]+)([A-Z][a-z])/g, '$1 $2')
      .replace(/([A-Za-z])([0-9])/g, '$1 $2')
      .replace(/([0-9])([A-Za-z])/g, '$1 $2')
      .split(' ')
      .filter(Boolean)
      .map((p) => p.toLowerCase());
    if (tokenWords.size > 200_000) tokenWords.clear();
    tokenWords.set(raw, words);
  }
  return words;
}

/** Words that run together in lower-case names (nbits, wrptr, bitcnt, rxdata): what a name is split into. */
const PIECES = new Set(
  'bit bits byte bytes cnt count ptr addr data valid vld ready rdy en sel state next cur tick div rst clk wr rd req ack err full empty done busy tx rx in out reg mem buf fifo sync idx num len size start stop shift sh mask mode irq int pend stat ctrl cfg hit miss tag line word beat head tail top bot low high hi lo max min sum acc prod op opa opb res val old new prev last first wait hold stall flush fire go run'.split(' '),
);

/** nbits -> n bits, wrptr -> wr ptr, bitcnt -> bit cnt: a lower-case name made of known pieces (and at most one stray letter). */
function segment(word: string): string[] | undefined {
  if (word.length < 5 || PIECES.has(word) || ABBREVIATIONS.has(word)) return undefined;
  const known = (w: string) => PIECES.has(w) || (ABBREVIATIONS.has(w) && w.length >= 2);
  // Known pieces first (wrptr: wr ptr, not w rptr); a stray leading letter (nbits: n bits) last.
  for (const strayAllowed of [false, true]) {
    for (let i = 1; i < word.length - 1; i++) {
      const a = word.slice(0, i);
      const b = word.slice(i);
      if (!(known(a) && a.length >= 2) && !(strayAllowed && a.length === 1)) continue;
      if (known(b) && b.length >= 3) return [a, b];
      if (strayAllowed) continue;
      for (let j = 3; j < b.length - 2; j++) if (known(b.slice(0, j)) && known(b.slice(j))) return [a, b.slice(0, j), b.slice(j)];
    }
  }
  return undefined;
}

/** Splits an identifier or a phrase into lower-case words: camelCase, snake_case, digits apart. */
export function splitWords(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.split(/[^A-Za-z0-9]+/)) if (raw) for (const w of wordsOfToken(raw)) out.push(w);
  return out;
}

/** A light stemmer (Porter's first steps and common derivations), enough to meet plural, verb and -er forms. */
export function stem(word: string): string {
  let w = word;
  if (w.length <= 3) return w;
  // Synchronous (one clock) is not synchronizer (a clock crossing): they keep apart.
  if (/^a?synchronous/.test(w)) return w.startsWith('a') ? 'asynchronous' : 'synchronous';
  if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (w.endsWith('ies') && w.length > 4) w = w.slice(0, -3) + 'y';
  else if (w.endsWith('ss') || w.endsWith('us') || w.endsWith('is')) {
    // address, bus, axis: keep
  } else if (w.endsWith('s')) w = w.slice(0, -1);
  // Latin derivations that a suffix list misses: comparison/compare, decision/decide,
  // conversion/convert, transmission/transmit.
  const irregular: [string, string][] = [['issions', 'it'], ['ission', 'it'], ['isions', 'id'], ['ision', 'id'], ['isons', ''], ['ison', ''], ['rsions', 'rt'], ['rsion', 'rt']];
  for (const [from, to] of irregular) {
    if (w.endsWith(from) && w.length - from.length >= 3) {
      w = w.slice(0, -from.length) + to;
      break;
    }
  }
  for (const suffix of ['izations', 'ization', 'ations', 'ation', 'ators', 'ator', 'ates', 'ated', 'ating', 'ate', 'tions', 'tion', 'izers', 'izer', 'izes', 'ized', 'izing', 'ize', 'ously', 'ous', 'ingly', 'ing', 'edly', 'ed', 'ers', 'er', 'ors', 'or', 'ment', 'ness', 'ity', 'al']) {
    if (w.endsWith(suffix) && w.length - suffix.length >= 4) {
      w = w.slice(0, -suffix.length) + (suffix.startsWith('tion') ? 't' : '');
      break;
    }
  }
  // double consonant after stripping (stall-ed -> stall, shifted -> shift, stopped -> stopp -> stop)
  if (/([^aeiouls])\1$/.test(w) && w.length > 4) w = w.slice(0, -1);
  if (w.endsWith('e') && w.length > 4) w = w.slice(0, -1);
  // multiply, multiplier, multiplies -> multipli (Porter's y -> i after a consonant)
  if (/[^aeiou]y$/.test(w) && w.length > 3) w = w.slice(0, -1) + 'i';
  return w;
}

/** Terms of a text for the index and for queries: words, their expansions, stemmed; stop words and lone digits dropped. */
export function terms(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.split(/[^A-Za-z0-9]+/)) {
    if (!raw) continue;
    let list = tokenTerms.get(raw);
    if (!list) {
      list = [];
      // Letters and digits together are a name of their own (8N1, x16, rs1); 16x and x16 are the same.
      if (/[A-Za-z]/.test(raw) && /[0-9]/.test(raw) && raw.length <= 12) list.push(raw.toLowerCase().replace(/^(\d+)x$/, 'x$1'));
      for (const word of wordsOfToken(raw)) {
        if (/^[0-9]+$/.test(word) || STOP.has(word)) continue;
        if (word.length > 1) list.push(stem(word));
        const more = ABBREVIATIONS.get(word);
        if (more) for (const m of more) list.push(stem(m));
      }
      if (tokenTerms.size > 200_000) tokenTerms.clear();
      tokenTerms.set(raw, list);
    }
    for (const t of list) out.push(t);
  }
  return out;
}

export function isStopWord(word: string): boolean {
  return STOP.has(word.toLowerCase());
}

/** Human words for an identifier, with abbreviations spelled out: wr_ptr_gray -> "write pointer gray". */
export function readable(identifier: string): string {
  // Only names are segmented (nbits: n bits); prose is not (invalid is not "in valid").
  return splitWords(identifier)
    .flatMap((w) => segment(w) ?? [w])
    .map((w) => (ABBREVIATIONS.get(w)?.length ? ABBREVIATIONS.get(w)!.join(' ') : w))
    .join(' ');
}

/**
 * Words an engineer uses for the same thing in a question (query side only, weighted less than
 * the words written): "stall" meets code that says hold or freeze, "bypass" meets forward.
 */
const SYNONYM_GROUPS = [
  'stall freeze hold bubble',
  'forward bypass',
  'error bad fault invalid',
  'busy active running',
  'remaining left',
  'copy transfer move',
  'claim take',
  'detect sense',
  'edge rise fall transition',
  'send transmit',
  'flag indicator',
  'first lowest least',
  'last highest',
  'pick select choose',
  'start begin go kick launch',
  'done finish complete',
  'compute calculate generate produce',
  'hit match',
  'wrap overflow rollover',
  'operand argument',
  'previous old last',
  'current present',
  'rotate circular',
  'grant winner',
  'debounce filter clean stable',
  'button key switch push',
  'oversample sample',
  'increment advance bump',
  'decrement down',
  'accumulate accumulator sum',
  'convert conversion translate',
  'drop discard flush',
  'pending waiting outstanding',
];

const SYNONYMS = new Map<string, string[]>();
for (const group of SYNONYM_GROUPS) {
  const stems = group.split(' ').map(stem);
  for (const s of stems) SYNONYMS.set(s, [...new Set([...(SYNONYMS.get(s) ?? []), ...stems.filter((x) => x !== s)])]);
}

/** Other stems for the same idea as a stem (empty when none). */
export function synonymsOf(term: string): string[] {
  return SYNONYMS.get(term) ?? [];
}
