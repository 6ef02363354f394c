/**
 * Where the app serves a portal's uploaded file: to staff under the portal's staff route, to the portal's own
 * users under its slug (their cookie is checked against it).
 */
export function portalFileUrl(where: { portalId: string; slug?: string }, fileId: string) {
  return where.slug
    ? `/api/v1/portal/${where.slug}/files/${fileId}`
    : `/api/v1/portals/${where.portalId}/files/${fileId}`;
}

/** The portal's logo for everyone, the sign-in page included; the file id in the query busts caches on a change. */
export function portalLogoUrl(slug: string, fileId: string) {
  return `/api/v1/portal/${slug}/logo?v=${fileId.slice(0, 8)}`;
}
