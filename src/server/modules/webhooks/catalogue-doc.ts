import { WEBHOOK_EVENT_TYPES } from '../../../shared/webhooks';
import { catalogue, example } from './catalogue';

/** The heading docs/webhooks.md's generated part starts at; everything below it is this file's output. */
export const CATALOGUE_HEADING = '## The event catalogue';

/**
 * The event catalogue as Markdown, generated from the catalogue (`npx tsx scripts/webhooks-doc.ts` writes it
 * into docs/webhooks.md; a test fails when the page is stale), so the documented bodies are the served ones.
 */
export function catalogueMarkdown(): string {
  const sections = WEBHOOK_EVENT_TYPES.map(
    (type) =>
      `### \`${type}\`\n\n${catalogue[type].description}\n\n\`\`\`json\n${JSON.stringify(example(type), null, 2)}\n\`\`\`\n`,
  );
  return [
    CATALOGUE_HEADING,
    '',
    'Each example is the whole body an endpoint receives (`GET /api/v1/event-types` serves the same, from',
    '`src/server/modules/webhooks/catalogue.ts`; this part of the page is generated from it by',
    '`npx tsx scripts/webhooks-doc.ts`, and a test fails when it is stale). Where `data` holds a resource',
    '(`job`, `order`, `proof`…), the example shows only its id and number; a real body has all of it.',
    '',
    ...sections,
  ].join('\n');
}

/** docs/webhooks.md with its catalogue part replaced by the generated one. */
export function withCatalogue(doc: string): string {
  const at = doc.indexOf(CATALOGUE_HEADING);
  return (at < 0 ? `${doc.trimEnd()}\n\n` : doc.slice(0, at)) + catalogueMarkdown();
}
