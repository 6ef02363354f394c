import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { PortalProof, PortalProofDecision } from '../../../shared/proofs';
import { clockOf } from '../../platform/http/transaction';
import { decideInPortal, listAccountProofs, portalProofFile, sendProofFile } from '../jobs';
import { portalScope, requirePortalRole, Slug, SlugId } from './portal-request';
import { portalActor, requirePortalUser } from './users';

/**
 * The account's proofs in the portal: those waiting and those decided lately, each file, and the decision.
 * Buyers, approvers and client admins decide; viewers look. Every handler runs in the account's scope, so a
 * proof of another organisation is not found (row-level security, besides the account filter).
 */
export const portalProofRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['portal'];
  const clock = clockOf(app);
  const scoped = portalScope(app.ctx.db);

  app.get(
    '/portal/:slug/proofs',
    {
      config: { access: 'portal' },
      schema: {
        tags,
        summary: 'Our proofs: waiting for a decision first, then those decided in the last 90 days',
        params: Slug,
        response: { 200: z.object({ items: z.array(PortalProof) }) },
      },
    },
    async (request) => {
      const who = requirePortalUser(request);
      return scoped(who, async (tx) => ({
        items: await listAccountProofs({ db: tx, accountId: who.portal.accountId, now: clock.now() }),
      }));
    },
  );

  app.get(
    '/portal/:slug/proofs/:id/file',
    {
      config: { access: 'portal' },
      schema: { tags, summary: 'The file of one of our proofs', params: SlugId },
    },
    async (request, reply) => {
      const who = requirePortalUser(request);
      const { file, content } = await scoped(who, (tx) =>
        portalProofFile({
          db: tx,
          files: app.ctx.files,
          accountId: who.portal.accountId,
          proofId: request.params.id,
        }),
      );
      return sendProofFile(reply, file, content);
    },
  );

  app.post(
    '/portal/:slug/proofs/:id/decision',
    {
      config: { access: 'portal' },
      schema: {
        tags,
        summary: 'Approve a proof or ask for changes (once; bound to the version shown)',
        params: SlugId,
        body: PortalProofDecision,
        response: { 200: PortalProof },
      },
    },
    async (request) => {
      const who = requirePortalUser(request);
      requirePortalRole(who, ['buyer', 'approver', 'client_admin']);
      return scoped(who, (tx) =>
        decideInPortal({
          db: tx,
          actor: portalActor(who.user),
          decidedBy: who.user.name,
          accountId: who.portal.accountId,
          proofId: request.params.id,
          now: clock.now(),
          input: request.body,
        }),
      );
    },
  );
};
