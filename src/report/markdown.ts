/** Small Markdown builders for the report: tables, fenced blocks, escaping. */

/** Escapes text for a table cell or a line of prose. */
export function md(s: string): string {
  return s.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/\n/g, " ").replace(/([*_`[\]<>])/g, "\\$1");
}

/** A table: header row, alignment row, body rows (cells are already Markdown). */
export function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]): string => `| ${cells.join(" | ")} |`;
  return [line(head), line(head.map(() => "---")), ...rows.map(line)].join("\n");
}

/** A fenced block; the fence grows past any backticks inside. */
export function fence(text: string, lang = "text"): string {
  let f = "```";
  while (text.includes(f)) f += "`";
  return `${f}${lang}\n${text.replace(/\n$/, "")}\n${f}`;
}

/** Inline code, with a fence long enough for the text. */
export function code(s: string): string {
  const f = s.includes("`") ? "``" : "`";
  return `${f}${f === "``" ? " " : ""}${s}${f === "``" ? " " : ""}${f}`;
}
