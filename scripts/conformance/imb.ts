/**
 * IMb encoder conformance: runs every row of the USPS "Intelligent Mail barcode Encoder Test Case
 * Reference Set" and the USPS-B-3200 Appendix B examples. Usage: npx tsx scripts/conformance/imb.ts
 */
import { readFileSync } from 'node:fs';
import { encodeImb, ImbError } from '../../src/server/modules/mailing/imb';
import { standardsPath } from '../../test/helpers/standards';

const lines = readFileSync(standardsPath('usps-imb', 'uspsIMbEncoderTestCases.csv'), 'utf8')
  .split(/\r*\n/)
  .filter(Boolean);

let encodings = 0;
let encodingsPassed = 0;
let rejections = 0;
let rejectionsPassed = 0;
const failures: string[] = [];

for (const line of lines) {
  const [index, tracking = '', routing = '', bars = '', code = ''] = line.split(',');
  let got: string;
  try {
    got = encodeImb(tracking, routing);
  } catch (err) {
    if (!(err instanceof ImbError)) throw err;
    got = `error ${err.code}`;
  }
  if (code === '00') {
    encodings++;
    if (got === bars) encodingsPassed++;
    else failures.push(`row ${index}: expected ${bars}, got ${got}`);
  } else {
    rejections++;
    if (got === `error ${code}`) rejectionsPassed++;
    else failures.push(`row ${index}: expected error ${code}, got ${got}`);
  }
}

type Vector = { id: number; tracking: string; routing: string; bars: string };
const { vectors } = JSON.parse(
  readFileSync(standardsPath('usps-imb', 'imb_spec_appendix_b_vectors.json'), 'utf8'),
) as { vectors: Vector[] };
const vectorsPassed = vectors.filter((v) => {
  const ok = encodeImb(v.tracking, v.routing) === v.bars;
  if (!ok) failures.push(`Appendix B example ${v.id} differs`);
  return ok;
}).length;

for (const f of failures.slice(0, 20)) console.log(f);
if (failures.length > 20) console.log(`… and ${failures.length - 20} more`);
console.log(
  `encodings: ${encodingsPassed}/${encodings} passed, rejections: ${rejectionsPassed}/${rejections} passed, ` +
    `Appendix B: ${vectorsPassed}/${vectors.length} passed`,
);
process.exitCode = failures.length === 0 && lines.length === 10_000 ? 0 : 1;
