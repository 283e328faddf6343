// CSV that opens in a spreadsheet as the numbers it holds, and safely. A number is written plain, so
// a negative temperature stays a number; only a text cell starting with = + - @ could run as a
// formula (CSV injection), so text alone gets a leading apostrophe. Quotes, commas and line breaks
// are quoted.
export type Cell = string | number | boolean | null | undefined;

export function csvCell(value: Cell): string {
  if (value === null || value === undefined) return "";
  // NaN or Infinity would read back as text: no number is better than a wrong one
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  if (typeof value === "boolean") return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function toCsv(rows: Cell[][]): string {
  return `${rows.map((row) => row.map(csvCell).join(",")).join("\r\n")}\r\n`;
}

const rounded = (x: number | null | undefined, places: number) =>
  x === null || x === undefined ? x : Math.round(x * 10 ** places) / 10 ** places + 0; // + 0: no "-0"

/**
 * A temperature as the records show it: the DS18B20 reads in 0.0625 °C steps (12-bit, Maxim
 * DS18B20 datasheet), so two decimals keep every step apart and show no false precision.
 */
export const csvTempC = (c: number | null | undefined) => rounded(c, 2);

/** minutes above a limit, whole: readings come a minute or more apart */
export const csvMinutes = (minutes: number | null | undefined) => rounded(minutes, 0);

/** a fraction (a bag's ice) to the percent */
export const csvFraction = (x: number | null | undefined) => rounded(x, 2);
