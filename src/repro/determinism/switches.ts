/** The on/off environment variables of the determinism and seeding layer (NODE_CURAND_DETERMINISTIC, …). */

/** Deterministic mode as seedEverything and NODE_CURAND_DETERMINISTIC express it. */
export type DeterministicMode = boolean | 'warn';

/**
 * An on/off environment variable: '1'/'true' → true, '0'/'false'/'' → false, and 'warn' where
 * `acceptWarn` (NODE_CURAND_DETERMINISTIC); undefined when unset. Anything else is a RangeError.
 */
export function parseEnvSwitch(name: string, text: string | undefined, acceptWarn = false): DeterministicMode | undefined {
  if (text === undefined) return undefined;
  const t = text.trim().toLowerCase();
  if (t === '1' || t === 'true') return true;
  if (t === '0' || t === 'false' || t === '') return false;
  if (acceptWarn && t === 'warn') return 'warn';
  throw new RangeError(`${name} must be '1', 'true', ${acceptWarn ? "'warn', " : ''}'0' or 'false', got ${JSON.stringify(text)}`);
}

/** NODE_CURAND_DETERMINISTIC, as seedEverything's `deterministic` option. */
export function parseDeterministicEnv(text: string | undefined): DeterministicMode | undefined {
  return parseEnvSwitch('NODE_CURAND_DETERMINISTIC', text, true);
}
