// Writes the event catalogue of docs/webhooks.md from src/server/modules/webhooks/catalogue.ts
// (`--check`: fails when the page is not what it would write).
import { readFileSync, writeFileSync } from 'node:fs';
import prettier from 'prettier';
import { withCatalogue } from '../src/server/modules/webhooks/catalogue-doc';

const file = 'docs/webhooks.md';

/** The page as this script writes it: the generated catalogue, formatted as the repository formats Markdown. */
export async function generatedWebhooksDoc(): Promise<string> {
  const options = { ...(await prettier.resolveConfig(file)), filepath: file };
  return prettier.format(withCatalogue(readFileSync(file, 'utf8')), options);
}

if (process.argv[1]?.endsWith('webhooks-doc.ts')) {
  const page = await generatedWebhooksDoc();
  if (process.argv.includes('--check')) {
    if (page !== readFileSync(file, 'utf8'))
      throw new Error(`${file} is stale: run npx tsx scripts/webhooks-doc.ts`);
  } else {
    writeFileSync(file, page);
    console.log(`${file}: event catalogue written`);
  }
}
