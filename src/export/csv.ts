/** A UTF-8 byte order mark: Excel then reads the Chinese headers and names as UTF-8. */
export const UTF8_BOM = '\ufeff';

/**
 * One CSV line (RFC 4180, CRLF). A cell starting with = + - @ (or a tab or CR) is prefixed with
 * an apostrophe so a spreadsheet never runs it as a formula.
 */
export function csvLine(cells: ReadonlyArray<string | null | undefined>): string {
  return (
    cells
      .map((cell) => {
        let text = cell ?? '';
        if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
        return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
      })
      .join(',') + '\r\n'
  );
}
