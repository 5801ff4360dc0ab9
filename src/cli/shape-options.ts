/**
 * The shaping options every command that prints results takes (src/cli/shaping.ts reads them, and
 * loads only when one is given), and one example of each for every command's --help.
 */
export const SHAPE_OPTIONS: ReadonlyArray<{ flags: string; description: string }> = [
  { flags: '--query <jmespath>', description: 'JMESPath applied to the JSON envelope {schemaVersion, results, errors} before output: json/yaml/ndjson print the result, tsv/table its rows (the exit code still judges every row)' },
  { flags: '--columns <list>', description: 'table/TSV columns in this order, comma separated: provider, kind, id, name, service, phase, status, stage, progress, lag, lagMs, message, observedAt, details, details.<path>' },
  { flags: '--sort-by <column>', description: 'order of the rows, in every format: phase by severity (the worst first), lag the most behind first, any other column ascending; empty values last' },
  { flags: '--no-headers', description: 'table and TSV without the header line' },
];

/** Flag names (and negations) that make a run shape its output: any of them loads src/cli/shaping.ts. */
export interface ShapeFlags {
  query?: string;
  columns?: string;
  sortBy?: string;
  /** false with --no-headers. */
  headers?: boolean;
  /** `status --wide`: short for -o wide. */
  wide?: unknown;
}

export function wantsShaping(opts: ShapeFlags, output: string): boolean {
  return opts.query !== undefined || opts.columns !== undefined || opts.sortBy !== undefined || opts.headers === false || Boolean(opts.wide) || output === 'yaml';
}

/** One example per shaping flag, for a command whose plainest run is `base`. */
export function shapeExamples(base: string): string[] {
  return [
    `${base} --query "results[?phase!='syncing'].id" -o tsv   # ids not syncing (JMESPath)`,
    `${base} --columns id,phase,lag,message -o tsv   # these columns, in this order`,
    `${base} --sort-by phase -o wide   # the worst first, every cell in full`,
    `${base} -o yaml`,
    `${base} -o tsv --no-headers   # rows only, for a shell loop`,
  ];
}
