/** Reads the whitespace-separated 8-digit hex words that generated data modules embed. */
export function decodeHexWords(text: string): Uint32Array {
  const words = text.trim().split(/\s+/);
  const out = new Uint32Array(words.length);
  for (let i = 0; i < words.length; i++) out[i] = Number.parseInt(words[i] as string, 16);
  return out;
}
