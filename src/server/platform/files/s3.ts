import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { ConfigError } from '../config';
import { AppError } from '../errors';
import { checkKey, fileMissing, isListed, newKey, type FileStore } from './store';

export type S3Options = {
  bucket: string;
  /** Any S3-compatible endpoint (MinIO, Ceph, R2…); AWS itself when absent. */
  endpoint?: string;
  region: string;
  forcePathStyle: boolean;
  /** Both or neither: without them the SDK's own chain is used (AWS_* variables, instance or pod role). */
  accessKeyId?: string;
  secretAccessKey?: string;
};

const status = (err: unknown) => (err as S3ServiceException)?.$metadata?.httpStatusCode;
const named = (err: unknown, ...names: string[]) => names.includes((err as Error)?.name);
/** Errors of the connection itself (refused, unknown host, timed out), before S3 answered anything. */
const unreachable = (err: unknown) =>
  !(err instanceof S3ServiceException) &&
  (named(err, 'TimeoutError') ||
    /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNRESET|EHOSTUNREACH/.test(
      String((err as Error)?.message),
    ));

/**
 * Files in an S3-compatible bucket under the same keys as the local folder, so every web node and worker
 * sees every file. Streamed writes (report files) are spooled to a temporary file first, then uploaded with
 * their length: memory stays bounded and a half-written file is never visible under its key.
 */
export function s3FileStore(opts: S3Options): FileStore {
  const client = new S3Client({
    region: opts.region,
    endpoint: opts.endpoint,
    forcePathStyle: opts.forcePathStyle,
    credentials:
      opts.accessKeyId && opts.secretAccessKey
        ? { accessKeyId: opts.accessKeyId, secretAccessKey: opts.secretAccessKey }
        : undefined,
    maxAttempts: 3,
    // Checksums only where S3 requires them: the SDK's default (aws-chunked bodies with CRC trailers) is not
    // understood by every S3-compatible server, and one that stores the framing verbatim corrupts the file.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 120_000 },
  });
  const Bucket = opts.bucket;
  const location = `s3://${Bucket}${opts.endpoint ? ` at ${opts.endpoint}` : ''}`;

  /** What a user may see of a storage failure: a 404 for a missing file, a 503 when the store is down. */
  const explain = (err: unknown): unknown => {
    if (named(err, 'NoSuchKey', 'NotFound') || (status(err) === 404 && !named(err, 'NoSuchBucket')))
      return fileMissing();
    if (named(err, 'NoSuchBucket'))
      return new AppError('UNAVAILABLE', `The file store's bucket ${Bucket} does not exist`);
    if (unreachable(err))
      return new AppError('UNAVAILABLE', `The file store (${location}) cannot be reached`);
    if (status(err) === 403)
      return new AppError('UNAVAILABLE', `The file store (${location}) refused Jobjacket's credentials`);
    return err;
  };
  const send = async <T>(run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (err) {
      throw explain(err);
    }
  };
  const getObject = (key: string) =>
    send(() => client.send(new GetObjectCommand({ Bucket, Key: checkKey(key) })));

  return {
    location,
    async put(content) {
      const key = newKey(randomUUID());
      await send(() => client.send(new PutObjectCommand({ Bucket, Key: key, Body: content })));
      return { key, size: content.length, sha256: createHash('sha256').update(content).digest('hex') };
    },
    async get(key) {
      const object = await getObject(key);
      return send(async () => Buffer.from(await object.Body!.transformToByteArray()));
    },
    async remove(key) {
      await send(() => client.send(new DeleteObjectCommand({ Bucket, Key: checkKey(key) })));
    },
    async write(key, fill) {
      checkKey(key);
      const dir = await mkdtemp(path.join(tmpdir(), 'jj-s3-'));
      try {
        const spool = path.join(dir, 'file');
        const out = createWriteStream(spool);
        const closed = once(out, 'close');
        closed.catch(() => {}); // a write error is thrown by `fill` or by the await below
        try {
          await fill(out);
          if (!out.writableEnded) out.end();
        } catch (err) {
          out.destroy();
          throw err;
        }
        await closed;
        const size = (await stat(spool)).size;
        await send(() =>
          client.send(
            new PutObjectCommand({ Bucket, Key: key, Body: createReadStream(spool), ContentLength: size }),
          ),
        );
        return { size };
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
    async open(key) {
      return (await getObject(key)).Body as Readable;
    },
    async *list() {
      let ContinuationToken: string | undefined;
      do {
        const page = await send(() => client.send(new ListObjectsV2Command({ Bucket, ContinuationToken })));
        for (const object of page.Contents ?? []) if (object.Key && isListed(object.Key)) yield object.Key;
        ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (ContinuationToken);
    },
    async check() {
      try {
        await client.send(new HeadBucketCommand({ Bucket }));
      } catch (err) {
        if (unreachable(err))
          throw new ConfigError(
            `S3_ENDPOINT: cannot reach ${opts.endpoint ?? 'AWS S3'} (${(err as Error).message})`,
          );
        if (status(err) === 404 || named(err, 'NotFound', 'NoSuchBucket'))
          throw new ConfigError(`S3_BUCKET: the bucket ${Bucket} does not exist at ${location}`);
        if (status(err) === 403)
          throw new ConfigError(
            `S3_ACCESS_KEY_ID: ${location} refused the credentials (or they may not read the bucket)`,
          );
        throw new ConfigError(`The file store ${location} failed its check: ${(err as Error).message}`);
      }
    },
  };
}
