#!/usr/bin/env node
/**
 * Writes src/draws/ziggurat-data.ts: the 256-layer ziggurat tables of NumPy's standard normal
 * (ki_double, wi_double, fi_double) and standard exponential (ke_double, we_double, fe_double), from
 * NumPy's numpy/random/src/distributions/ziggurat_constants.h (BSD-3-Clause, Copyright (c) 2005-2025
 * NumPy Developers; tables by Kevin Sheppard's randomgen, after Marsaglia & Tsang, "The Ziggurat
 * Method for Generating Random Variables", J. Stat. Softw. 5(8), 2000).
 *
 * The tables are carried as data, not regenerated: rebuilding them from Marsaglia & Tsang's
 * construction (r = 3.6541528853610088 for the normal, x_{i-1} = f^-1(f(x_i) + v/x_i)) in 60-digit
 * arithmetic gives values that differ from NumPy's in the last bits of most entries (NumPy's v and
 * the precision its tables were computed in are not documented), so NumPy's own values are the
 * definition. They are read here from the compiled header as NumPy ships it: the static library
 * numpy/random/lib/libnpyrandom.a of the installed NumPy, whose distributions.c object holds them as
 * the local symbols of the same names; that is, exactly the doubles NumPy's Generator computes with.
 *
 * It also writes src/numpy/ziggurat-float-data.ts: the float tables of NumPy's float32 ziggurat
 * (ki_float, wi_float, fi_float, ke_float, we_float, fe_float), read from the same object.
 *
 * Usage: node scripts/gen-ziggurat-tables.mjs          writes the modules (needs python3 with numpy)
 *        node scripts/gen-ziggurat-tables.mjs --check  exits 1 if a module differs from what it would write
 */

import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const OUTPUT = fileURLToPath(new URL('../src/draws/ziggurat-data.ts', import.meta.url));
export const TABLES = ['ki_double', 'wi_double', 'fi_double', 'ke_double', 'we_double', 'fe_double'];
const UINT64_TABLES = new Set(['ki_double', 'ke_double']);
export const FLOAT_OUTPUT = fileURLToPath(new URL('../src/numpy/ziggurat-float-data.ts', import.meta.url));
export const FLOAT_TABLES = ['ki_float', 'wi_float', 'fi_float', 'ke_float', 'we_float', 'fe_float'];
const UINT32_TABLES = new Set(['ki_float', 'ke_float']);

/** The installed NumPy's libnpyrandom.a (python3, or NODE_CURAND_PYTHON). */
export function numpyRandomLibrary() {
  const python = process.env.NODE_CURAND_PYTHON ?? 'python3';
  const dir = execFileSync(python, ['-c', 'import numpy, os; print(os.path.dirname(numpy.__file__))'], { encoding: 'utf8' }).trim();
  return join(dir, 'random', 'lib', 'libnpyrandom.a');
}

/** The members of a Unix ar archive: [{ name, data }]. */
function arMembers(buf) {
  if (buf.toString('latin1', 0, 8) !== '!<arch>\n') throw new Error('not an ar archive');
  const members = [];
  let longNames = '';
  for (let at = 8; at + 60 <= buf.length; ) {
    let name = buf.toString('latin1', at, at + 16).trim();
    const size = Number(buf.toString('latin1', at + 48, at + 58).trim());
    const data = buf.subarray(at + 60, at + 60 + size);
    if (name === '//') longNames = data.toString('latin1');
    else if (/^\/\d+$/.test(name)) name = longNames.slice(Number(name.slice(1))).split('/\n')[0];
    members.push({ name: name.replace(/\/$/, ''), data });
    at += 60 + size + (size & 1);
  }
  return members;
}

/** The bytes of each named local data symbol of a little-endian ELF64 object, or null if it has none of them. */
function elfSymbols(obj, wanted) {
  if (obj.readUInt32BE(0) !== 0x7f454c46 || obj[4] !== 2 || obj[5] !== 1) return null; // ELF64, little-endian
  const shoff = Number(obj.readBigUInt64LE(0x28));
  const shentsize = obj.readUInt16LE(0x3a);
  const shnum = obj.readUInt16LE(0x3c);
  const section = (i) => {
    const at = shoff + i * shentsize;
    return { type: obj.readUInt32LE(at + 4), offset: Number(obj.readBigUInt64LE(at + 0x18)), size: Number(obj.readBigUInt64LE(at + 0x20)), link: obj.readUInt32LE(at + 0x28) };
  };
  const found = {};
  for (let s = 0; s < shnum; s++) {
    const symtab = section(s);
    if (symtab.type !== 2) continue; // SHT_SYMTAB
    const strtab = section(symtab.link);
    for (let at = symtab.offset; at < symtab.offset + symtab.size; at += 24) {
      const nameAt = strtab.offset + obj.readUInt32LE(at);
      const name = obj.toString('latin1', nameAt, obj.indexOf(0, nameAt));
      if (!wanted.includes(name)) continue;
      const home = section(obj.readUInt16LE(at + 6));
      const value = Number(obj.readBigUInt64LE(at + 8));
      const size = Number(obj.readBigUInt64LE(at + 16));
      found[name] = obj.subarray(home.offset + value, home.offset + value + size);
    }
  }
  return Object.keys(found).length === 0 ? null : found;
}

/** NumPy's six tables (`names`: the double ones, or FLOAT_TABLES) as arrays of numbers (the uint64 ones are below 2^53, so exact). */
export function numpyTables(library = numpyRandomLibrary(), names = TABLES) {
  for (const { data } of arMembers(readFileSync(library))) {
    const symbols = elfSymbols(data, names);
    if (symbols === null) continue;
    const tables = {};
    for (const name of names) {
      const bytes = symbols[name];
      const float = names === FLOAT_TABLES;
      if (bytes === undefined || bytes.length !== 256 * (float ? 4 : 8)) throw new Error(`${name}: not 256 ${float ? 'floats' : 'doubles'} in ${library}`);
      tables[name] = Array.from({ length: 256 }, (_, i) => {
        if (float) return UINT32_TABLES.has(name) ? bytes.readUInt32LE(4 * i) : bytes.readFloatLE(4 * i);
        if (!UINT64_TABLES.has(name)) return bytes.readDoubleLE(8 * i);
        const v = bytes.readBigUInt64LE(8 * i);
        if (v >= 1n << 53n) throw new Error(`${name}[${i}] does not fit a double exactly`);
        return Number(v);
      });
    }
    return tables;
  }
  throw new Error(`no ziggurat tables in ${library}`);
}

const f64 = new Float64Array(1);
const u64 = new BigUint64Array(f64.buffer);
const hex64 = (x) => ((f64[0] = x), u64[0].toString(16).padStart(16, '0'));

function doubles(name, values, doc) {
  const rows = [];
  for (let i = 0; i < values.length; i += 2) {
    const pair = values.slice(i, i + 2);
    for (const v of pair) if (Number(String(v)) !== v) throw new Error(`${v} does not round-trip`);
    rows.push(`  ${pair.map(String).join(', ')}, // ${pair.map((v) => '0x' + hex64(v)).join(' ')}`);
  }
  return `/** ${doc} */\nexport const ${name} = new Float64Array([\n${rows.join('\n')}\n]);\n`;
}

function integers(name, values, doc) {
  const rows = [];
  for (let i = 0; i < values.length; i += 4) rows.push(`  ${values.slice(i, i + 4).map((v) => '0x' + v.toString(16).padStart(14, '0')).join(', ')},`);
  return `/** ${doc} */\nexport const ${name} = new Float64Array([\n${rows.join('\n')}\n]);\n`;
}

export function moduleText(t) {
  return [
    '// Generated by scripts/gen-ziggurat-tables.mjs; do not edit.\n',
    "// NumPy's ziggurat tables (numpy/random/src/distributions/ziggurat_constants.h, BSD-3-Clause,\n",
    '// Copyright (c) 2005-2025, NumPy Developers), read from the installed NumPy\'s libnpyrandom.a: the\n',
    '// doubles its Generator computes with. Carried as data (the script says why they are not regenerated).\n\n',
    integers('KI_NORMAL', t.ki_double, "ki_double: layer i accepts at once when the 52-bit magnitude is below this (x_{i-1}/x_i scaled by 2^52; [0] is the base strip's, [1] = 0)."),
    doubles('WI_NORMAL', t.wi_double, 'wi_double: x_i·2^-52, the factor from a 52-bit magnitude to x ([255] = r·2^-52, [0] = v/f(r)·2^-52).'),
    doubles('FI_NORMAL', t.fi_double, 'fi_double: f(x_i) = exp(−x_i²/2) ([0] = 1).'),
    integers('KE_EXPONENTIAL', t.ke_double, 'ke_double: the same acceptance bounds for the exponential, scaled by 2^53.'),
    doubles('WE_EXPONENTIAL', t.we_double, 'we_double: x_i·2^-53 for the exponential.'),
    doubles('FE_EXPONENTIAL', t.fe_double, 'fe_double: f(x_i) = exp(−x_i) ([0] = 1).'),
  ].join('');
}

function floats(name, Type, values, doc) {
  const rows = [];
  for (let i = 0; i < values.length; i += 4) rows.push(`  ${values.slice(i, i + 4).map((v) => (Type === 'Uint32Array' ? '0x' + v.toString(16).padStart(8, '0') : String(v))).join(', ')},`);
  for (const v of values) if (Type === 'Float32Array' && Math.fround(Number(String(v))) !== v) throw new Error(`${v} does not round-trip`);
  return `/** ${doc} */\nexport const ${name} = new ${Type}([\n${rows.join('\n')}\n]);\n`;
}

export function floatModuleText(t) {
  return [
    '// Generated by scripts/gen-ziggurat-tables.mjs; do not edit.\n',
    "// NumPy's float ziggurat tables (numpy/random/src/distributions/ziggurat_constants.h, BSD-3-Clause,\n",
    "// Copyright (c) 2005-2025, NumPy Developers), read from the installed NumPy's libnpyrandom.a: the\n",
    "// floats its Generator's float32 standard_normal and standard_exponential compute with.\n\n",
    floats('KI_NORMAL_FLOAT', 'Uint32Array', t.ki_float, "ki_float: layer i accepts at once when the 23-bit magnitude is below this ([1] = 0)."),
    floats('WI_NORMAL_FLOAT', 'Float32Array', t.wi_float, 'wi_float: x_i·2^-23, the factor from a 23-bit magnitude to x.'),
    floats('FI_NORMAL_FLOAT', 'Float32Array', t.fi_float, 'fi_float: f(x_i) = exp(−x_i²/2) ([0] = 1).'),
    floats('KE_EXPONENTIAL_FLOAT', 'Uint32Array', t.ke_float, 'ke_float: the acceptance bounds for the exponential (23-bit magnitudes).'),
    floats('WE_EXPONENTIAL_FLOAT', 'Float32Array', t.we_float, 'we_float: x_i·2^-23 for the exponential.'),
    floats('FE_EXPONENTIAL_FLOAT', 'Float32Array', t.fe_float, 'fe_float: f(x_i) = exp(−x_i) ([0] = 1).'),
  ].join('');
}

function main() {
  const outputs = [
    [OUTPUT, moduleText(numpyTables())],
    [FLOAT_OUTPUT, floatModuleText(numpyTables(numpyRandomLibrary(), FLOAT_TABLES))],
  ];
  if (process.argv.includes('--check')) {
    for (const [file, text] of outputs) {
      if (readFileSync(file, 'utf8') !== text) {
        console.error(`out of date: ${file}; run node scripts/gen-ziggurat-tables.mjs`);
        process.exit(1);
      }
    }
    console.log('ziggurat tables are NumPy\'s');
    return;
  }
  for (const [file, text] of outputs) {
    writeFileSync(file, text);
    console.log(`wrote ${file}`);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
