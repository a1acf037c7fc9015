// Stand-alone entry: `node bin/run-ts.mjs scraper-onprem/main.ts --site chotot …` (the xecu CLI calls runScrapeCommand).
import { runScrapeCommand } from './cli';

runScrapeCommand(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
