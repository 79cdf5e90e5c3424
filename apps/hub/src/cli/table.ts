/** Rows as aligned columns, a header first; empty cells print as `-`. */
export function table(header: string[], rows: Array<Array<string | null>>): string {
  const cells = [header, ...rows.map((row) => row.map((cell) => cell ?? '-'))];
  const widths = header.map((_, i) => Math.max(...cells.map((row) => row[i].length)));
  return (
    cells
      .map((row) =>
        row
          .map((cell, i) => cell.padEnd(widths[i]))
          .join('  ')
          .trimEnd(),
      )
      .join('\n') + '\n'
  );
}
