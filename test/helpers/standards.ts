import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * The public reference data in `../shared/standards` (read at test time, never copied in).
 * JOBJACKET_STANDARDS_DIR overrides where it is looked for.
 */
export function standardsPath(...parts: string[]): string {
  const candidates = [
    process.env.JOBJACKET_STANDARDS_DIR,
    path.resolve('../shared/standards'),
    '/work/shared/standards',
  ].filter((p): p is string => Boolean(p));
  const root = candidates.find((p) => existsSync(p));
  if (!root) throw new Error(`Reference data not found; looked in ${candidates.join(', ')}`);
  return path.join(root, ...parts);
}
