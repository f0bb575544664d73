import { mkdirSync, writeFileSync } from "node:fs";
mkdirSync("dist/addin", { recursive: true });
writeFileSync("dist/addin/index.html", "<!doctype html><title>placeholder</title>");
