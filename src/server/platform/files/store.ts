import type { Readable, Writable } from 'node:stream';
import { notFound } from '../errors';

export type StoredFile = { key: string; size: number; sha256: string };

/**
 * Where artwork, proofs, mail attachments and report files live: a local folder or an S3-compatible bucket
 * (same interface, chosen by JOBJACKET_FILES). Keys are the same in both, so a shop can move its files.
 */
export type FileStore = {
  /** For messages and backups: the folder, or s3://bucket at the endpoint. */
  readonly location: string;
  /** Stores bytes under a new random key (`ab/<uuid>`). */
  put(content: Buffer): Promise<StoredFile>;
  /** A file's bytes; a missing file is a 404 problem ("The file was not found"). */
  get(key: string): Promise<Buffer>;
  /** Removes a file; removing one that is not there is not an error. */
  remove(key: string): Promise<void>;
  /**
   * Streams a file in under a chosen key (e.g. `report-exports/<uuid>.xlsx`), so a big file never sits in
   * memory; nothing is visible under the key until it is complete. Returns its size in bytes.
   */
  write(key: string, fill: (out: Writable) => Promise<void>): Promise<{ size: number }>;
  /** A file's bytes as a stream (for downloads); a missing file is a 404 problem. */
  open(key: string): Promise<Readable>;
  /** Every key in the store, in no particular order (for backups and moving stores; temporary files left out). */
  list(): AsyncIterable<string>;
  /** Confirms at start that the store can be used (the folder is writable, the bucket exists and answers). */
  check(): Promise<void>;
};

/** True for a key the store may hold (a backup or a folder being restored may hold other things). */
export const isKey = (key: string) => key.length <= 200 && KEY.test(key);

/** True for a key `list()` names: the mailing-list uploads waiting for their import are work in progress. */
export const isListed = (key: string) => isKey(key) && !key.startsWith('mailing-uploads/');

/** Keys are lower-case words, digits and dashes in folders, with an optional extension: never `..` or `/x`. */
const KEY = /^[a-z0-9-]+(\/[a-z0-9-]+)*(\.[a-z0-9]{1,8})?$/;

/** Refuses a key that could leave the store's folder or bucket prefix (a key always comes from our own rows). */
export function checkKey(key: string): string {
  if (!isKey(key)) throw new Error(`Bad file key ${key}`);
  return key;
}

/** A new random key, in the shape `ab/<uuid>` (two-character folders keep a local folder's listings short). */
export function newKey(id: string): string {
  return `${id.slice(0, 2)}/${id}`;
}

/** The problem answered for a file that is gone (removed after its keeping time, or never copied back). */
export const fileMissing = () => notFound('The file');
