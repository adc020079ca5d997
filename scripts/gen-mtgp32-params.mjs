#!/usr/bin/env node
// Generates src/engines/mtgp32-params.ts from cuRAND's `curand_mtgp32dc_p_11213.h`.
//
// The header's table is data: the 200 MTGP32 parameter sets for Mersenne exponent 11213 that
// Saito & Matsumoto published with MTGP (mtgp32-param-fast.c), as shipped by cuRAND. This script
// parses the header's initializer as data (no C is compiled or copied) and keeps only what the
// engine uses: pos, sh1, sh2, tbl[16], tmp_tbl[16] per set, plus the one shared mask.
//
// Usage:
//   node scripts/gen-mtgp32-params.mjs [path/to/curand_mtgp32dc_p_11213.h]   write the module
//   node scripts/gen-mtgp32-params.mjs --check [header]                       compare, exit 1 on difference
//
// Without a path, the header is looked up in $NODE_CURAND_INCLUDE_DIRS, then in the `include`
// directory beside each of $NODE_CURAND_LIB_DIRS (the layout of the nvidia-curand wheel).
// `--check` compares the table data exactly; the provenance lines (wheel version) may differ,
// since the parameter sets themselves never change between cuRAND versions.

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const HEADER_NAME = 'curand_mtgp32dc_p_11213.h';
const TABLE_NAME = 'mtgp32dc_params_fast_11213';
const COUNT_NAME = 'mtgpdc_params_11213_num';
const MEXP = 11213;
const STRIDE = 35; // pos, sh1, sh2, tbl[16], tmp_tbl[16]

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const OUTPUT_PATH = join(repoRoot, 'src/engines/mtgp32-params.ts');

/** Finds the header from an explicit path or the NODE_CURAND_* environment variables; null if absent. */
export function findHeader(explicit, env = process.env) {
  if (explicit) return existsSync(explicit) ? resolve(explicit) : null;
  const dirs = [];
  for (const d of (env.NODE_CURAND_INCLUDE_DIRS ?? '').split(delimiter)) if (d) dirs.push(d);
  for (const d of (env.NODE_CURAND_LIB_DIRS ?? '').split(delimiter)) if (d) dirs.push(join(d, '..', 'include'));
  for (const d of dirs) {
    const p = join(d, HEADER_NAME);
    if (existsSync(p)) return resolve(p);
  }
  return null;
}

/** Removes C comments (the table carries `/* No.k delta:… *\/` annotations). */
function stripComments(text) {
  return text.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/\/\/[^\n]*/g, ' ');
}

/** Parses a brace initializer starting at text[start] === '{' into nested arrays of numbers. */
function parseInitializer(text, start) {
  let i = start;
  const skipSpace = () => {
    while (i < text.length && /\s/.test(text[i])) i++;
  };
  const parseItem = () => {
    skipSpace();
    if (text[i] === '{') return parseList();
    // A scalar: an integer literal, possibly parenthesised, as the table writes `(0xaba4d62c)`.
    const m = /^\(?\s*(0[xX][0-9a-fA-F]+|\d+)[uUlL]*\s*\)?/.exec(text.slice(i, i + 40));
    if (!m) throw new Error(`unexpected text in ${TABLE_NAME} at offset ${i}: ${JSON.stringify(text.slice(i, i + 20))}`);
    i += m[0].length;
    return Number(m[1]);
  };
  const parseList = () => {
    i++; // '{'
    const items = [];
    for (;;) {
      skipSpace();
      if (text[i] === '}') {
        i++;
        return items;
      }
      items.push(parseItem());
      skipSpace();
      if (text[i] === ',') i++;
      else if (text[i] !== '}') throw new Error(`expected ',' or '}' at offset ${i}`);
    }
  };
  return parseList();
}

const isWord = (v) => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 0xffffffff;
const isWords = (v, n) => Array.isArray(v) && v.length === n && v.every(isWord);

/** Reads the parameter sets from the header text; validates the shape of every set. */
export function parseHeader(text) {
  const src = stripComments(text);
  const countMatch = new RegExp(`${COUNT_NAME}\\s*=\\s*(\\d+)`).exec(src);
  if (!countMatch) throw new Error(`${COUNT_NAME} not found`);
  const declared = Number(countMatch[1]);
  const at = src.indexOf(`${TABLE_NAME}[]`);
  if (at < 0) throw new Error(`${TABLE_NAME}[] not found`);
  const eq = src.indexOf('=', at);
  const open = src.indexOf('{', eq);
  if (eq < 0 || open < 0) throw new Error(`initializer of ${TABLE_NAME} not found`);
  const entries = parseInitializer(src, open);
  if (entries.length !== declared) throw new Error(`${entries.length} sets, but ${COUNT_NAME} = ${declared}`);
  return entries.map((e, k) => {
    // struct mtgp32_params_fast: mexp, pos, sh1, sh2, tbl[16], tmp_tbl[16], flt_tmp_tbl[16], mask, poly_sha1[21]
    const ok =
      Array.isArray(e) && e.length === 9 && e.slice(0, 4).every(isWord) &&
      isWords(e[4], 16) && isWords(e[5], 16) && isWords(e[6], 16) && isWord(e[7]) && isWords(e[8], 21);
    if (!ok) throw new Error(`set ${k} does not have the shape of mtgp32_params_fast`);
    const [mexp, pos, sh1, sh2, tbl, tmpTbl, , mask] = e;
    if (mexp !== MEXP) throw new Error(`set ${k}: mexp ${mexp} != ${MEXP}`);
    if (!(pos > 1 && pos < 351 && sh1 > 0 && sh1 < 32 && sh2 > 0 && sh2 < 32)) throw new Error(`set ${k}: pos/sh1/sh2 out of range`);
    return { pos, sh1, sh2, tbl, tmpTbl, mask };
  });
}

/** Reads CURAND_VER_* from curand.h beside the header, for the provenance line. */
function wheelVersion(headerPath) {
  const curandH = join(dirname(headerPath), 'curand.h');
  if (!existsSync(curandH)) return 'unknown version';
  const text = readFileSync(curandH, 'utf8');
  const part = (name) => new RegExp(`#define\\s+CURAND_VER_${name}\\s+(\\d+)`).exec(text)?.[1];
  const parts = ['MAJOR', 'MINOR', 'PATCH', 'BUILD'].map(part);
  return parts.every((p) => p !== undefined) ? parts.join('.') : 'unknown version';
}

const hex = (w) => w.toString(16).padStart(8, '0');

/** Everything below the provenance header: the data and its decoder. */
function renderBody(sets) {
  const mask = sets[0].mask;
  if (!sets.every((s) => s.mask === mask)) throw new Error('the sets do not share one mask');
  const lines = sets.map((s) => [s.pos, s.sh1, s.sh2, ...s.tbl, ...s.tmpTbl].map(hex).join(' '));
  return `/** Number of parameter sets (cuRAND's MTGP32 uses sets 0…191). */
export const MTGP32_PARAM_COUNT = ${sets.length};

/** Words per set in {@link MTGP32_PARAMS}: pos, sh1, sh2, tbl[16], tmp_tbl[16]. */
export const MTGP32_PARAM_STRIDE = ${STRIDE};

/** The recursion's state mask; every set has the same one (cuRAND's kernel uses set 0's for all blocks). */
export const MTGP32_MASK = 0x${hex(mask)};

/** Set k occupies words k·STRIDE … k·STRIDE+34: pos, sh1, sh2, tbl[0..15], tmp_tbl[0..15]. */
export const MTGP32_PARAMS: Uint32Array = decodeHexWords(\`
${lines.join('\n')}
\`);

function decodeHexWords(text: string): Uint32Array {
  const words = text.trim().split(/\\s+/);
  const out = new Uint32Array(words.length);
  for (let i = 0; i < words.length; i++) out[i] = Number.parseInt(words[i] as string, 16);
  return out;
}
`;
}

function renderHeader(headerPath) {
  return `// MTGP32 parameter sets for Mersenne exponent 11213: pos, sh1, sh2, tbl, tmp_tbl, mask.
// Source: ${HEADER_NAME} (${TABLE_NAME}) from the nvidia-curand wheel, cuRAND ${wheelVersion(headerPath)};
// originally the MTGP authors' published tables: M. Saito and M. Matsumoto, MTGP
// (Hiroshima University / University of Tokyo, BSD 3-clause licence; see NOTICE).
// Generated by scripts/gen-mtgp32-params.mjs — do not edit.
`;
}

export function render(headerPath) {
  const sets = parseHeader(readFileSync(headerPath, 'utf8'));
  return `${renderHeader(headerPath)}\n${renderBody(sets)}`;
}

/** The module text after its leading `//` comment block. */
const bodyOf = (text) => text.replace(/^(\/\/[^\n]*\n)*\n?/, '');

function main(argv) {
  const check = argv.includes('--check');
  const explicit = argv.find((a) => !a.startsWith('--'));
  const headerPath = findHeader(explicit);
  if (!headerPath) {
    console.error(`${HEADER_NAME} not found: pass its path, or set NODE_CURAND_INCLUDE_DIRS or NODE_CURAND_LIB_DIRS`);
    return 2;
  }
  const text = render(headerPath);
  if (!check) {
    writeFileSync(OUTPUT_PATH, text);
    console.log(`wrote ${OUTPUT_PATH} from ${headerPath}`);
    return 0;
  }
  const committed = existsSync(OUTPUT_PATH) ? readFileSync(OUTPUT_PATH, 'utf8') : '';
  if (bodyOf(committed) !== bodyOf(text)) {
    console.error(`${OUTPUT_PATH} differs from what ${headerPath} generates`);
    return 1;
  }
  if (committed !== text) console.warn('table data identical; provenance comment differs (other cuRAND version)');
  console.log(`${OUTPUT_PATH} matches ${headerPath}`);
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}
