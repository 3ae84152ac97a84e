/** `npm run bench -- <name>`: runs bench/<name>.ts; with no name, lists them. */
import fs from "node:fs";
import path from "node:path";

const dir = path.join(process.cwd(), "bench");
const names = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith(".ts") && f !== "run.ts")
  .map((f) => f.replace(/\.ts$/, ""));
const name = process.argv[2];

if (!name || !names.includes(name)) {
  console.error(`usage: npm run bench -- <${names.join("|")}> [options]`);
  process.exit(name ? 2 : 0);
}
process.argv.splice(2, 1);
await import(path.join(dir, `${name}.ts`));
