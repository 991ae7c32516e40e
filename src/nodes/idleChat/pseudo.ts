/**
 * Pseudonym rules of the acceptor: what it checks by itself before asking the main process
 * whether the name is taken, and what it answers for each kind of refusal.
 */

/** Why a pseudonym is refused (`taken` is decided by the main process). */
export type Refusal = "empty" | "too_long" | "bad_chars" | "taken";

/** Letters, digits, `_` and `-`: what fits in `[Name] text` without ambiguity. */
const ALLOWED = /^[A-Za-z0-9_-]+$/;

/** The acceptor's own checks on a typed line (already trimmed): null if it may be asked for. */
export function checkPseudo(pseudo: string, maxLength: number): Exclude<Refusal, "taken"> | null {
  if (pseudo.length === 0) return "empty";
  if (pseudo.length > maxLength) return "too_long";
  if (!ALLOWED.test(pseudo)) return "bad_chars";
  return null;
}

/** The first prompt. */
export const WELCOME = "Welcome to the chat! Choose a pseudo:";

/** The line sent back for a refusal, asking again. */
export function refusalText(r: Refusal, maxLength: number): string {
  switch (r) {
    case "empty":
      return "Pseudo cannot be empty. Choose a pseudo:";
    case "too_long":
      return `Pseudo too long (at most ${maxLength} characters). Choose a pseudo:`;
    case "bad_chars":
      return "Pseudo may only contain letters, digits, _ and -. Choose a pseudo:";
    case "taken":
      return "Pseudo already taken. Choose a pseudo:";
  }
}
