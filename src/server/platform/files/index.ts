import type { Config } from '../config';
import { localFileStore } from './local';
import { s3FileStore } from './s3';
import type { FileStore } from './store';

export { localFileStore } from './local';
export { copyFolderToStore, copyStoreToFolder, type CopyCount } from './copy';
export { s3FileStore, type S3Options } from './s3';
export { checkKey, type FileStore, type StoredFile } from './store';

/** The store the configuration names (JOBJACKET_FILES: the local folder, or an S3-compatible bucket). */
export function configuredFileStore(config: Config): FileStore {
  if (config.JOBJACKET_FILES === 's3')
    return s3FileStore({
      bucket: config.S3_BUCKET!, // loadConfig refuses s3 without a bucket
      endpoint: config.S3_ENDPOINT,
      region: config.S3_REGION,
      forcePathStyle: config.S3_FORCE_PATH_STYLE,
      accessKeyId: config.S3_ACCESS_KEY_ID,
      secretAccessKey: config.S3_SECRET_ACCESS_KEY,
    });
  return localFileStore(config.filesDir);
}

/** Opens the configured store and checks it can be used, so a wrong bucket or endpoint stops start-up clearly. */
export async function openFileStore(config: Config): Promise<FileStore> {
  const store = configuredFileStore(config);
  await store.check();
  return store;
}
