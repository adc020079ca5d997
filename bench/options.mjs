// @ts-check
// The command-line pieces the benchmark's commands share (main.mjs, python.mjs): the usage error
// that makes them print their usage and exit with status 2, the checks of numeric options, and
// --help.

export class UsageError extends Error {}

/** @param {string | undefined} text @param {string} name @param {number} min */
export function integer(text, name, min) {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < min) throw new UsageError(`${name} must be an integer >= ${min}, got '${text}'`);
  return value;
}

/** @param {string} text */
export function list(text) {
  return text.split(',').map((s) => s.trim()).filter((s) => s !== '');
}

/**
 * The options `parse` reads, or the exit status where there is nothing to measure: 0 after printing
 * `usage` for --help, 2 after printing a usage error (parseArgs' TypeError included) and `usage`.
 * @template {{ help: boolean }} T
 * @param {() => T} parse
 * @param {string} usage
 * @returns {T | number}
 */
export function optionsOrStatus(parse, usage) {
  let options;
  try {
    options = parse();
  } catch (error) {
    if (!(error instanceof UsageError) && !(error instanceof TypeError)) throw error;
    process.stderr.write(`${error.message}\n\n${usage}\n`);
    return 2;
  }
  if (options.help) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  return options;
}
