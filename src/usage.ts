/**
 * The command line's text around its commands: one command's part of the usage (for
 * `chatty-sim run --help`), and error messages made into one short line.
 */

/**
 * The entries of `usage` (lines indented by two spaces, with their deeper-indented
 * continuation lines) that begin with `words` (`["bench"]`: every benchmark; `["bench",
 * "sweep"]`: that one; a second word that names no entry is ignored, as for `run ms1 --help`).
 */
export function commandUsage(usage: string, words: readonly string[]): string {
  const entries: string[][] = [];
  for (const line of usage.split("\n")) {
    if (/^ {2}\S/.test(line)) entries.push([line]);
    else if (/^ {3,}\S/.test(line) && entries.length > 0) entries.at(-1)!.push(line);
    else entries.push([]); // a blank or unindented line ends the entry
  }
  const starting = (ws: readonly string[]): string[][] => entries.filter((e) => e.length > 0 && new RegExp(`^ {2}${ws.join(" ")}(\\s|,|$)`).test(e[0]!));
  const exact = starting(words);
  const found = exact.length > 0 ? exact : starting(words.slice(0, 1));
  if (found.length === 0) return usage;
  return [`usage: chatty-sim ${words.join(" ")} [options]`, "", ...found.flat()].join("\n");
}

/** Longest error line printed; longer ones have their quoted parts cut. */
const MAX_LINE = 300;
/** What is kept of a long quoted part. */
const KEEP = 40;

/**
 * `message` as one line: control characters escaped (a newline in a scenario name must not
 * start a second line), and when it is too long, every long quoted part (the user's input,
 * echoed) cut to its start, so that the reason around it survives.
 */
export function oneLine(message: string): string {
  // eslint-disable-next-line no-control-regex
  let out = message.replace(/[\u0000-\u001f\u007f]/g, (c) => (c === "\n" ? "\\n" : c === "\t" ? "\\t" : `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`));
  if (out.length <= MAX_LINE) return out;
  out = out.replace(/"([^"]*)"/g, (q, inner: string) => (inner.length <= KEEP ? q : `"${inner.slice(0, KEEP)}…" (${inner.length} characters)`));
  return out.length <= MAX_LINE ? out : `${out.slice(0, MAX_LINE - 1)}…`;
}
