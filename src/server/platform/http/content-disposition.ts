/**
 * A Content-Disposition header for a file name as people type it ("Nguyễn → Zoë.pdf"): an ASCII fallback
 * for old clients and the exact name in RFC 5987 form. A header holding the raw name would be refused by
 * Node for anything outside Latin-1 (a 500) and could carry quotes or line breaks.
 */
export function contentDisposition(kind: 'attachment' | 'inline', filename: string): string {
  const fallback =
    filename
      .normalize('NFKD')
      .replace(/[^\x20-\x7e]/g, '')
      .replace(/["\\]/g, '_')
      .trim() || 'file';
  const exact = encodeURIComponent(filename).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${kind}; filename="${fallback}"; filename*=UTF-8''${exact}`;
}
