import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { utf8ByteLength } from "./utf8";

const encoded = (s: string) => new TextEncoder().encode(s).byteLength;

describe("utf8ByteLength", () => {
  it("counts what TextEncoder writes", () => {
    const texts = [
      "",
      "Recommandation PC11-R01", // ASCII
      "Réalisé, à échéance, Côte d'Ivoire, São Tomé", // 2 bytes a letter
      "世界海关组织", // CJK: 3 bytes
      "📊 rapport 🇨🇮", // emoji: surrogate pairs, 4 bytes
      "\u007f\u0080\u07ff\u0800\uffff", // the edges of 1, 2 and 3 bytes
    ];
    for (const s of texts) expect(utf8ByteLength(s)).toBe(encoded(s));
    expect(utf8ByteLength("é世📊")).toBe(2 + 3 + 4);
  });

  it("counts a lone surrogate as U+FFFD (3 bytes), as TextEncoder does", () => {
    const lone = ["\ud800", "\udc00", "a\ud83d", "\ud83db", "\ud83d\u00e9", "\ude00\ud83d", "\ud83d\ud83d\ude00"];
    for (const s of lone) expect(utf8ByteLength(s)).toBe(encoded(s));
    expect(utf8ByteLength("\ud83d")).toBe(3);
    expect(utf8ByteLength("\ud83d\u00e9")).toBe(5);
  });

  it("agrees with TextEncoder on any UTF-16 text, paired or not", () => {
    const unit = fc.oneof(
      fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
      fc.constantFrom("a", "é", "世", "📊", "\ud800", "\udfff"),
    );
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 40 }), (s) => utf8ByteLength(s) === encoded(s)),
      { numRuns: 2000 },
    );
  });
});
