/** `npm run cli -- <command> ...`: Cognate from the command line. */
import { embedCommand } from "@/workers/cli/embed-command";
import { evalCommand } from "@/workers/cli/eval-command";
import { ingestCommand } from "@/workers/cli/ingest-command";
import { trainCommand } from "@/workers/cli/train-command";
import { searchCommand } from "@/workers/cli/search-command";

const COMMANDS: Record<string, { run: (argv: string[]) => Promise<void>; help: string }> = {
  ingest: { run: ingestCommand, help: "ingest FILE --corpus NAME      add a file to a corpus (created if missing)" },
  train: {
    run: trainCommand,
    help: "train --corpus NAME [--base hub:ID|dir:PATH|scratch] [--pairs FILE] [--out DIR] ...   train an encoder in the foreground",
  },
  eval: {
    run: evalCommand,
    help: "eval sts --model DIR --pairs FILE.csv | eval cluster --model DIR --input FILE.csv --text-column C --label-column L [--k K]",
  },
  search: {
    run: searchCommand,
    help: 'search --corpus NAME "query" [--mode dense|lexical|hybrid] [--k K]   top passages',
  },
  embed: {
    run: embedCommand,
    help: "embed --model dir:PATH|hub:ID --input FILE.txt --output FILE.jsonl   one embedding per line",
  },
};

async function main() {
  const [name, ...argv] = process.argv.slice(2);
  const command = name ? COMMANDS[name] : undefined;
  if (!command) {
    console.error(
      `usage: npm run cli -- <command> [options]\n\ncommands:\n${Object.values(COMMANDS)
        .map((c) => `  ${c.help}`)
        .join("\n")}`,
    );
    process.exit(name && name !== "help" ? 2 : 0);
  }
  await command.run(argv);
}

main().catch((err) => {
  console.error(`error: ${err instanceof Error ? err.message : err}`);
  process.exit(1);
});
