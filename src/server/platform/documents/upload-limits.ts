import { open } from 'node:fs/promises';
import { AppError } from '../errors';

/**
 * Bounds on a file a user uploads for import (mailing lists, account lists). A parser that meets more than
 * this refuses the file with a 4xx naming the limit, before the work grows with it: a header of two million
 * columns, a cell of a hundred megabytes or a workbook that inflates to gigabytes would otherwise hold the
 * event loop or the memory of the whole server.
 */
export type UploadLimits = {
  /** Bytes of one uploaded list file. */
  maxUploadBytes: number;
  /** Columns in a row (Excel's own limit is 16,384; no mailing list has more than a few dozen). */
  maxColumns: number;
  /** Characters in one row of a CSV (csv-parse's max_record_size). */
  maxRowChars: number;
  /** Bytes a workbook's parts may inflate to, together. */
  maxInflatedBytes: number;
};

/** The limits in force: set once at start-up from the configuration (`configureUploadLimits`). */
export const uploadLimits: UploadLimits = {
  maxUploadBytes: 160 * 1024 * 1024,
  maxColumns: 500,
  maxRowChars: 1_000_000,
  maxInflatedBytes: 1024 * 1024 * 1024,
};

/** Applies the JOBJACKET_IMPORT_MAX_… settings. */
export function configureUploadLimits(config: {
  maxMb: number;
  maxRowChars: number;
  maxColumns: number;
  maxInflatedMb: number;
}) {
  uploadLimits.maxUploadBytes = config.maxMb * 1024 * 1024;
  uploadLimits.maxRowChars = config.maxRowChars;
  uploadLimits.maxColumns = config.maxColumns;
  uploadLimits.maxInflatedBytes = config.maxInflatedMb * 1024 * 1024;
}

export const tooManyColumns = (found: number, limits: UploadLimits = uploadLimits) =>
  new AppError(
    'VALIDATION',
    `The file has ${found > limits.maxColumns ? `${found.toLocaleString('en-US')}` : 'more than'} columns; ` +
      `at most ${limits.maxColumns} can be imported — remove the empty or unneeded ones`,
  );

/**
 * Reads a ZIP's central directory (an .xlsx is a ZIP) and refuses it when its parts would inflate beyond the
 * limit. Only the directory at the end of the file is read, never the compressed data.
 */
export async function checkZipInflation(file: string, limits: UploadLimits = uploadLimits): Promise<void> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    const tailLength = Math.min(size, 65_557); // end record (22 bytes) + the longest comment
    const tail = Buffer.alloc(tailLength);
    await handle.read(tail, 0, tailLength, size - tailLength);
    const end = tail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    if (end < 0) throw damaged();
    const entries = tail.readUInt16LE(end + 10);
    const directorySize = tail.readUInt32LE(end + 12);
    const directoryOffset = tail.readUInt32LE(end + 16);
    if (directoryOffset === 0xffffffff || directoryOffset + directorySize > size) throw damaged();
    const directory = Buffer.alloc(directorySize);
    await handle.read(directory, 0, directorySize, directoryOffset);
    let inflated = 0;
    let at = 0;
    for (let i = 0; i < entries; i++) {
      if (directory.readUInt32LE(at) !== 0x02014b50) throw damaged();
      const uncompressed = directory.readUInt32LE(at + 24);
      inflated += uncompressed === 0xffffffff ? Infinity : uncompressed;
      at +=
        46 +
        directory.readUInt16LE(at + 28) +
        directory.readUInt16LE(at + 30) +
        directory.readUInt16LE(at + 32);
    }
    if (inflated > limits.maxInflatedBytes) {
      throw new AppError(
        'PAYLOAD_TOO_LARGE',
        `The workbook would unpack to more than ${Math.round(limits.maxInflatedBytes / 1024 / 1024)} MB; ` +
          'save the sheet as CSV or split it',
      );
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw damaged();
  } finally {
    await handle.close();
  }
}

const damaged = () =>
  new AppError(
    'VALIDATION',
    'The .xlsx file is damaged and cannot be read; save it again from Excel or send a CSV',
  );
