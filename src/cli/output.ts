/** What every command prints: aligned text for people, or JSON only with `--json`. */
export interface OutputOptions {
  json?: boolean;
}

export interface Column<T> {
  header: string;
  cell(row: T): string;
}

const GAP = '  ';

/** Prints JSON when asked for, the human text otherwise. */
export function emit(options: OutputOptions, json: unknown, human: () => string): void {
  print(options.json === true ? JSON.stringify(json, null, 2) : human());
}

export function print(text: string): void {
  process.stdout.write(`${text}\n`);
}

/** Rows under upper-case headers, each column as wide as its widest cell. */
export function table<T>(rows: readonly T[], columns: readonly Column<T>[]): string {
  const cells = [
    columns.map((c) => c.header.toUpperCase()),
    ...rows.map((r) => columns.map((c) => c.cell(r))),
  ];
  return aligned(cells);
}

/** "label  value" lines with the values aligned. */
export function pairs(entries: readonly (readonly [string, string])[]): string {
  return aligned(entries.map(([label, value]) => [label, value]));
}

/** Indents every line of a block. */
export const indent = (text: string, by = GAP): string =>
  text
    .split('\n')
    .map((line) => (line === '' ? line : `${by}${line}`))
    .join('\n');

function aligned(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, index) => {
      widths[index] = Math.max(widths[index] ?? 0, cell.length);
    });
  }
  return rows
    .map((row) =>
      row
        .map((cell, index) => cell.padEnd(widths[index] ?? 0))
        .join(GAP)
        .trimEnd(),
    )
    .join('\n');
}

/** A dash for what is absent, so that columns stay readable. */
export const orDash = (value: string | null | undefined): string =>
  value === null || value === undefined || value === '' ? '-' : value;

export const listOrDash = (values: readonly string[]): string => orDash(values.join(' '));
