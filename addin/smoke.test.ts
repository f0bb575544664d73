import { expect, it } from "vitest";
it("has a DOM", () => expect(document.createElement("div").tagName).toBe("DIV"));
