/**
 * The matching key of a text: lower case, accents stripped, compatibility forms made plain (º → o, ² → 2,
 * ligatures split), œ → oe and æ → ae, every punctuation mark, apostrophe, dash or symbol turned into a
 * space, spaces collapsed and trimmed.
 * "Côte d'Ivoire" → "cote d ivoire"; "Mis en Œuvre " → "mis en oeuvre"; "2021-T3" → "2021 t3".
 */
export function fold(text: string): string {
  return text
    .toLowerCase()
    .replace(/œ/g, "oe")
    .replace(/æ/g, "ae")
    .replace(/ß/g, "ss")
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/** The text of a cell as the user typed it: trimmed, with the odd spaces Excel and Word insert made plain. */
export function cellText(value: string | number | boolean | null): string {
  if (value === null) return "";
  return String(value).replace(/[\s\u00a0\u202f\u2007\u200b\ufeff]+/gu, " ").trim();
}
