// Cell normalisers: pure, never throw, return Parsed<T> results. One module per concept.
export * from "./result";
export * from "./text";
export * from "./empty";
export * from "./number";
export * from "./percent";
export * from "./date";
export * from "./deadline";
export * from "./period";
export * from "./status";
export * from "./recommendation";
export * from "./lookup";
