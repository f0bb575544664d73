import type { Lang } from "../../shared/model/common";
import type { Message } from "../../shared/pipeline/types";
import { en } from "./en";
import { fr } from "./fr";

export type { Lang };
export type MessageKey = keyof typeof en;
export type Params = Record<string, string | number>;

const CATALOGUES: Record<Lang, Record<MessageKey, string>> = { en, fr };

/** The pane's language from Office's display language or the browser's ("fr-FR" → fr); English otherwise. */
export function pickLang(...candidates: (string | null | undefined)[]): Lang {
  for (const c of candidates) {
    const code = (c ?? "").trim().toLowerCase().slice(0, 2);
    if (code === "fr" || code === "en") return code;
  }
  return "en";
}

/** A catalogue message, with {name} placeholders filled. */
export function t(lang: Lang, key: MessageKey, params: Params = {}): string {
  return fill(CATALOGUES[lang][key], params);
}

/** The same message in both languages, for errors raised before the language is known. */
export function both(key: MessageKey, params: Params = {}): Message {
  return { fr: t("fr", key, params), en: t("en", key, params) };
}

function fill(text: string, params: Params): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** Numbers as the language writes them (1 234 / 1,234). */
export function formatCount(lang: Lang, n: number): string {
  return new Intl.NumberFormat(lang === "fr" ? "fr-FR" : "en-GB").format(n);
}
