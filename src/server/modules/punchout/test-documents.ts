import { readFileSync } from 'node:fs';
import path from 'node:path';

/** The shared secret of docs/punchout.md's examples. */
export const SECRET = 'correct-horse-battery-staple';

const docs = readFileSync(path.join(import.meta.dirname, '../../../../docs/punchout.md'), 'utf8');

/**
 * A cXML example of docs/punchout.md, by the name in its `<!-- example: … -->` marker: the tests post the
 * documents the docs show, so the docs cannot drift from what the endpoint accepts.
 */
export function example(name: string): string {
  const match = new RegExp(`<!-- example: ${name} -->\\n+\`\`\`xml\\n([\\s\\S]*?)\`\`\``).exec(docs);
  if (!match) throw new Error(`docs/punchout.md has no example "${name}"`);
  return match[1]!;
}
