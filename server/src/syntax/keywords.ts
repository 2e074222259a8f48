/**
 * Keyword sets of `begin_keywords (IEEE 1800-2017 22.14). Inside a region that names an older
 * set, a SystemVerilog keyword outside that set is an ordinary identifier (`wire logic;` in a
 * Verilog-2005 region). The grammar knows only the 1800-2017 keywords, so the text it parses has
 * such words renamed (same length, so every offset holds), while every reader takes names from
 * the preprocessed text, which keeps them as written.
 */

const V1995 = `always and assign begin buf bufif0 bufif1 case casex casez cmos deassign default defparam disable
edge else end endcase endfunction endmodule endprimitive endspecify endtable endtask event for force forever fork
function highz0 highz1 if ifnone initial inout input integer join large macromodule medium module nand negedge nmos
nor not notif0 notif1 or output parameter pmos posedge primitive pull0 pull1 pulldown pullup rcmos real realtime reg
release repeat rnmos rpmos rtran rtranif0 rtranif1 scalared small specify specparam strong0 strong1 supply0 supply1
table task time tran tranif0 tranif1 tri tri0 tri1 triand trior trireg vectored wait wand weak0 weak1 while wire wor
xnor xor`;
const V2001_NOCONFIG = `automatic endgenerate generate genvar localparam noshowcancelled pulsestyle_ondetect
pulsestyle_onevent showcancelled signed unsigned`;
const V2001_CONFIG = 'cell config design endconfig incdir include instance liblist library use';
const V2005 = 'uwire';
const SV2005 = `alias always_comb always_ff always_latch assert assume before bind bins binsof bit break byte chandle
class clocking const constraint context continue cover covergroup coverpoint cross dist do endclass endclocking
endgroup endinterface endpackage endprogram endproperty endsequence enum expect export extends extern final
first_match foreach forkjoin iff ignore_bins illegal_bins import inside int interface intersect join_any join_none
local logic longint matches modport new null package packed priority program property protected pure rand randc
randcase randsequence ref return sequence shortint shortreal solve static string struct super tagged this
throughout timeprecision timeunit type typedef union unique var virtual void wait_order wildcard with within`;
const SV2009 = `accept_on checker endchecker eventually global implies let nexttime reject_on restrict s_always
s_eventually s_nexttime s_until s_until_with strong sync_accept_on sync_reject_on unique0 until until_with untyped
weak`;
const SV2012 = 'implements interconnect nettype soft';

const words = (...lists: string[]) => lists.join(' ').split(/\s+/).filter((w) => w.length > 0);

/** Each version specifier's keywords beyond the ones every later set holds, cumulatively. */
const SETS: Record<string, string[]> = {
  '1364-1995': words(V1995),
  '1364-2001-noconfig': words(V1995, V2001_NOCONFIG),
  '1364-2001': words(V1995, V2001_NOCONFIG, V2001_CONFIG),
  '1364-2005': words(V1995, V2001_NOCONFIG, V2001_CONFIG, V2005),
  '1800-2005': words(V1995, V2001_NOCONFIG, V2001_CONFIG, V2005, SV2005),
  '1800-2009': words(V1995, V2001_NOCONFIG, V2001_CONFIG, V2005, SV2005, SV2009),
  '1800-2012': words(V1995, V2001_NOCONFIG, V2001_CONFIG, V2005, SV2005, SV2009, SV2012),
  '1800-2017': words(V1995, V2001_NOCONFIG, V2001_CONFIG, V2005, SV2005, SV2009, SV2012),
};
const LATEST = new Set(SETS['1800-2017']);
const hiddenCache = new Map<string, ReadonlySet<string>>();

/**
 * The 1800-2017 keywords that are identifiers under a version specifier ("1364-2005"), or
 * undefined for a specifier the standard does not list.
 */
export function keywordsNotIn(version: string): ReadonlySet<string> | undefined {
  const own = SETS[version];
  if (!own) return undefined;
  let hidden = hiddenCache.get(version);
  if (!hidden) {
    const kept = new Set(own);
    hidden = new Set([...LATEST].filter((w) => !kept.has(w)));
    hiddenCache.set(version, hidden);
  }
  return hidden;
}

/** A stretch [start, end) of the preprocessed text under one keyword set. */
export interface KeywordRegion {
  start: number;
  end: number;
  hidden: ReadonlySet<string>;
}

function isIdentStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}

function isIdentPart(c: number): boolean {
  return isIdentStart(c) || (c >= 48 && c <= 57) || c === 36;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 12;
}

/**
 * `text` with every word of a region's hidden set renamed to an identifier of the same length
 * that is no keyword (`z` repeated). Comments, strings, escaped identifiers, system and macro
 * names and based numbers are left alone. One pass over the regions: linear.
 */
export function renameKeywords(text: string, regions: readonly KeywordRegion[]): string {
  if (regions.length === 0) return text;
  const parts: string[] = [];
  let copied = 0;
  for (const region of regions) {
    const end = Math.min(region.end, text.length);
    let i = Math.max(region.start, copied);
    while (i < end) {
      const c = text.charCodeAt(i);
      if (c === 47 && text.charCodeAt(i + 1) === 47) {
        const nl = text.indexOf('\n', i);
        i = nl < 0 ? text.length : nl;
      } else if (c === 47 && text.charCodeAt(i + 1) === 42) {
        const close = text.indexOf('*/', i + 2);
        i = close < 0 ? text.length : close + 2;
      } else if (c === 34) {
        i++;
        while (i < text.length && text.charCodeAt(i) !== 34 && text.charCodeAt(i) !== 10) i += text.charCodeAt(i) === 92 ? 2 : 1;
        i++;
      } else if (c === 92 || c === 36 || c === 96 || c === 39) {
        // \escaped, $system, `macro, 'based number or cast: the word that follows is not a keyword here.
        i++;
        if (c === 92) while (i < text.length && !isSpace(text.charCodeAt(i))) i++;
        else while (i < text.length && isIdentPart(text.charCodeAt(i))) i++;
      } else if (isIdentStart(c)) {
        const from = i;
        while (i < text.length && isIdentPart(text.charCodeAt(i))) i++;
        if (i <= end && region.hidden.has(text.slice(from, i))) {
          parts.push(text.slice(copied, from), 'z'.repeat(i - from));
          copied = i;
        }
      } else if (c >= 48 && c <= 57) {
        while (i < text.length && isIdentPart(text.charCodeAt(i))) i++;
      } else i++;
    }
  }
  parts.push(text.slice(copied));
  return parts.join('');
}
