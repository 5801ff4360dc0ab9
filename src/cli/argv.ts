import { COMMON_OPTIONS } from './options.js';
import { isCommandName } from './command-names.js';

/** Every spelling of the common options, and whether it takes a value: `-o`, `--output`, `--json` … */
function commonSpellings(): Map<string, boolean> {
  const spellings = new Map<string, boolean>();
  for (const { flags } of COMMON_OPTIONS) {
    const takesValue = /[<[]/.test(flags);
    for (const name of flags.split(/[ ,]+/).filter((w) => w.startsWith('-'))) spellings.set(name, takesValue);
  }
  return spellings;
}

/**
 * `syncstat --json status X` means `syncstat status X --json`, as with gh and kubectl: the common
 * options given before the command are moved after it. Anything else before the command (an unknown
 * flag, --help, --version) stays where it is, for commander to judge.
 */
export function hoistCommonOptions(argv: readonly string[]): string[] {
  const spellings = commonSpellings();
  const moved: string[] = [];
  let i = 0;
  for (; i < argv.length; i++) {
    const arg = argv[i];
    const [name, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), true] : [arg, false];
    const takesValue = spellings.get(name);
    if (takesValue === undefined) break;
    moved.push(arg);
    if (takesValue && !inline && i + 1 < argv.length) moved.push(argv[++i]);
  }
  if (!moved.length || !isCommandName(argv[i])) return [...argv];
  return [argv[i], ...moved, ...argv.slice(i + 1)];
}
