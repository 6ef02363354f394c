import { useQueryClient } from '@tanstack/react-query';
import type { Problem } from '../../shared/common';
import { api, ApiError } from '../app/api';
import { portalsKeys } from './portals';
import { authApi } from './users';

/**
 * Posts one file as multipart/form-data (field `file`) to /api/v1{url}, reporting upload progress (fetch has
 * none). It bypasses the `api` helper, so it sends the session's CSRF token itself.
 */
export function uploadFile<T>(opts: {
  method: 'POST' | 'PUT';
  url: string;
  file: File;
  csrfToken: string;
  onProgress?: (pct: number) => void;
}): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(opts.method, `/api/v1${opts.url}`);
    xhr.setRequestHeader('x-csrf-token', opts.csrfToken);
    xhr.upload.onprogress = (e) =>
      e.lengthComputable && opts.onProgress?.(Math.round((100 * e.loaded) / e.total));
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        /* not JSON */
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as T);
      else
        reject(
          new ApiError({
            type: 'about:blank',
            title: 'Upload refused',
            status: xhr.status,
            code: 'UPLOAD',
            detail: `The server answered ${xhr.status}`,
            ...((body ?? {}) as Partial<Problem>),
          }),
        );
    };
    xhr.onerror = () =>
      reject(
        new ApiError({
          type: 'about:blank',
          title: 'No connection',
          status: 0,
          code: 'NETWORK',
          detail: 'The upload did not reach the server. Check the network and try again.',
        }),
      );
    const form = new FormData();
    form.append('file', opts.file);
    xhr.send(form);
  });
}

/** Replaces or removes a portal's logo or a product's image (staff), refreshing the portal screens after. */
export function usePortalImage(url: string) {
  const client = useQueryClient();
  const refresh = () => client.invalidateQueries({ queryKey: portalsKeys.all });
  return {
    upload: async (file: File, onProgress: (pct: number) => void) => {
      const me = await authApi.me();
      await uploadFile({ method: 'PUT', url, file, csrfToken: me.csrfToken ?? '', onProgress });
      await refresh();
    },
    remove: async () => {
      await api.delete(url);
      await refresh();
    },
  };
}
