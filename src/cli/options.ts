import { Option, type Command } from 'commander';
import { OUTPUT_FORMATS } from '../core/general-settings.js';
import { SHAPE_OPTIONS } from './shape-options.js';

/** The CI reports every command prints (src/render/ci.ts; precheck's its own): never streamed by --watch. */
export const CI_FORMATS = ['junit', 'github'];

/** In every command's --help: the CI reports and the GitHub Actions step summary. */
export const CI_HELP = `
CI: -o junit writes a JUnit report (a testcase per task: a failed task a <failure>, one that could
not be read an <error>); -o github writes GitHub Actions annotations (::error per failed or unreadable
task, ::warning per paused or unknown one) and a line per task. Under GitHub Actions
($GITHUB_STEP_SUMMARY set) every run also appends a Markdown table of the tasks and the verdict to
the job's summary, whatever -o; SYNCSTAT_NO_STEP_SUMMARY=1 turns that off.`;

/** The options every query command takes, as data: one place to read them, one loop to add them. */
export const COMMON_OPTIONS: ReadonlyArray<{ flags: string; description: string; choices?: string[] }> = [
  { flags: '-o, --output <format>', description: 'output format: wide is the table with every cell in full, yaml the JSON envelope as YAML, junit and github are CI reports, openmetrics and prometheus metrics (default: table on a terminal, json otherwise)', choices: [...OUTPUT_FORMATS] },
  { flags: '--json', description: 'short for --output json' },
  { flags: '--raw', description: 'print the vendor responses untouched instead of normalized rows' },
  { flags: '--profile <name>', description: 'config profile to use (env SYNCSTAT_PROFILE; default "default")' },
  { flags: '--config <file>', description: 'config file to read instead of searching for .statusrc*' },
  { flags: '--endpoint <url>', description: "override the service's API endpoint (e.g. the simulator's URL)" },
  { flags: '--timeout <duration>', description: 'the whole command: a wait, or a query with its retries (default: 30m for a wait, none otherwise)' },
  { flags: '--request-timeout <duration>', description: 'one HTTP attempt, e.g. 5s (default 10s)' },
  { flags: '--retries <n>', description: 'retries on network errors, 429, 5xx and throttling (default 3)' },
  { flags: '--concurrency <n>', description: 'requests in flight at once, per service (default 8; a service may have a lower limit: SYNCSTAT_<SERVICE>_CONCURRENCY, or concurrency in its profile section)' },
  { flags: '--no-color', description: 'no colour (also NO_COLOR=1 or TERM=dumb; FORCE_COLOR=1 forces it)' },
  { flags: '--debug', description: 'log requests, status codes, timings and retries to stderr (secrets redacted)' },
  ...SHAPE_OPTIONS,
];

/** Adds the common options (`only`: just those whose flags include one of these names). */
export function addCommonOptions(cmd: Command, formats?: string[], only?: readonly string[]): Command {
  for (const spec of COMMON_OPTIONS) {
    if (only && !only.some((name) => spec.flags.includes(name))) continue;
    const opt = new Option(spec.flags, spec.description);
    const choices = spec.flags.startsWith('-o') && formats ? formats : spec.choices;
    if (choices) {
      opt.choices(choices);
      // What this command prints, for an output format from the environment or config file (chooseOutput).
      cmd.setOptionValue('outputFormats', choices);
    }
    cmd.addOption(opt);
  }
  return cmd;
}

/** Parsed common options, as commander hands them over. */
export interface CommonOptions {
  output?: string;
  json?: boolean;
  raw?: boolean;
  profile?: string;
  config?: string;
  endpoint?: string;
  timeout?: string;
  requestTimeout?: string;
  retries?: string;
  concurrency?: string;
  color?: boolean;
  debug?: boolean;
  /** Not a flag: the formats this command prints (set by addCommonOptions). */
  outputFormats?: readonly string[];
  [key: string]: unknown;
}

/** The help footer every query command shows: examples, then the exit codes. */
export function helpFooter(examples: string[], exitCodes: string): string {
  return `\nExamples:\n${examples.map((e) => `  $ ${e}`).join('\n')}\n\n${exitCodes}\n`;
}
