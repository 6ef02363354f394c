import path from 'node:path';
import { invalid } from './errors';

/** Magic numbers of the formats people upload as artwork and proofs. */
const SIGNATURES: { name: string; types: string[]; extensions: string[]; starts: number[][] }[] = [
  { name: 'PDF', types: ['application/pdf'], extensions: ['.pdf'], starts: [[0x25, 0x50, 0x44, 0x46, 0x2d]] },
  { name: 'PNG', types: ['image/png'], extensions: ['.png'], starts: [[0x89, 0x50, 0x4e, 0x47]] },
  { name: 'JPEG', types: ['image/jpeg'], extensions: ['.jpg', '.jpeg'], starts: [[0xff, 0xd8, 0xff]] },
  { name: 'GIF', types: ['image/gif'], extensions: ['.gif'], starts: [[0x47, 0x49, 0x46, 0x38]] },
  {
    name: 'TIFF',
    types: ['image/tiff'],
    extensions: ['.tif', '.tiff'],
    starts: [
      [0x49, 0x49, 0x2a, 0x00],
      [0x4d, 0x4d, 0x00, 0x2a],
    ],
  },
  {
    name: 'ZIP-based (XLSX, DOCX, ZIP)',
    types: [
      'application/zip',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    ],
    extensions: ['.zip', '.xlsx', '.docx'],
    starts: [[0x50, 0x4b, 0x03, 0x04]],
  },
];

/**
 * Refuses a file whose name or declared type claims a format its bytes are not (a "PDF" that is an
 * executable or an HTML page): what the shop prints and what clients download must be what it says.
 */
export function checkFileContent(filename: string, declaredType: string | undefined, bytes: Buffer) {
  const ext = path.extname(filename).toLowerCase();
  const type = (declaredType ?? '').split(';')[0]!.trim().toLowerCase();
  for (const sig of SIGNATURES) {
    if (!sig.extensions.includes(ext) && !sig.types.includes(type)) continue;
    const matches = sig.starts.some((start) => start.every((b, i) => bytes[i] === b));
    if (!matches)
      throw invalid(`The file is named or declared as ${sig.name}, but its content is not ${sig.name}`, [
        { path: 'contentBase64', message: `Not a ${sig.name} file` },
      ]);
  }
}
