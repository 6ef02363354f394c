import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdParams, pageOf } from '../../../shared/common';
import { rolesFor } from '../../../shared/permissions';
import { LinkProofDecision, PublicProof, SendProof, SentProof } from '../../../shared/proofs';
import { contentDisposition } from '../../platform/http/content-disposition';
import { failureGuard } from '../../platform/http/rate-limit';
import { clockOf, serviceContext } from '../../platform/http/transaction';
import { decideByToken, proofByToken, proofFileByToken, sendProof } from './proof-links';
import { listJobProofs } from './proof-queries';
import { getJob } from './service';

const TokenParams = z
  .object({
    token: z
      .string()
      .min(20)
      .max(100)
      .regex(/^[A-Za-z0-9_-]+$/, 'Not a proof link'),
  })
  .strict();

/** Sends a proof file's bytes to be shown in the page (inline), named safely whatever the file is called. */
export const sendProofFile = (
  reply: FastifyReply,
  file: { name: string; contentType: string },
  body: Buffer,
) =>
  reply
    .header('content-type', file.contentType)
    .header('content-disposition', contentDisposition('inline', file.name))
    .header('cache-control', 'private, no-store')
    .send(body);

/**
 * Proofs: staff send a proof version and see where each stands; the client opens the e-mailed link (no
 * account), sees that version and decides once. The link's routes are public: only failures count against
 * an address (30 in ten minutes, as for sign-in), which stops guessing without troubling a real client.
 */
export const jobProofRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['proofs'];
  const clock = clockOf(app);
  const countingFailures = failureGuard({
    max: 30,
    windowMs: 10 * 60_000,
    message: 'Too many failed proof-link requests from this address; wait ten minutes',
  });

  app.get(
    '/jobs/:id/proofs',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'Proofs sent to the client for this job, newest first, with their decisions',
        params: IdParams,
        response: { 200: pageOf(SentProof) },
      },
    },
    async (request) => {
      await getJob({ db: request.db, id: request.params.id });
      return {
        items: await listJobProofs({ db: request.db, jobId: request.params.id, now: clock.now() }),
        nextCursor: null,
      };
    },
  );

  app.post(
    '/jobs/:id/proofs',
    {
      config: { access: rolesFor('job.edit'), transaction: true },
      schema: {
        tags,
        summary: 'E-mail the client a link to one proof version of an item (expires; one decision)',
        params: IdParams,
        body: SendProof,
        response: { 201: SentProof },
      },
    },
    async (request, reply) => {
      reply.status(201);
      return sendProof({
        ...serviceContext(request),
        mailer: app.ctx.mailer,
        publicUrl: app.ctx.config.publicUrl,
        linkDays: app.ctx.config.JOBJACKET_PROOF_LINK_DAYS,
        jobId: request.params.id,
        input: request.body,
      });
    },
  );

  app.get(
    '/proof-links/:token',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'The proof behind an e-mailed link: that version only, and its decision once made',
        params: TokenParams,
        response: { 200: PublicProof },
      },
    },
    async (request, reply) =>
      countingFailures(request.ip, reply, () =>
        proofByToken({ db: request.db, token: request.params.token, now: clock.now() }),
      ),
  );

  app.get(
    '/proof-links/:token/file',
    {
      config: { access: 'public' },
      schema: { tags, summary: 'The proof file of an e-mailed link', params: TokenParams },
    },
    async (request, reply) => {
      const { file, content } = await countingFailures(request.ip, reply, () =>
        proofFileByToken({
          db: request.db,
          files: app.ctx.files,
          token: request.params.token,
          now: clock.now(),
        }),
      );
      return sendProofFile(reply, file, content);
    },
  );

  app.post(
    '/proof-links/:token/decision',
    {
      config: { access: 'public', transaction: true },
      schema: {
        tags,
        summary: 'Approve the proof or ask for changes, signed with your name (once per link)',
        params: TokenParams,
        body: LinkProofDecision,
        response: { 200: PublicProof },
      },
    },
    async (request, reply) =>
      countingFailures(request.ip, reply, () =>
        decideByToken({ db: request.db, token: request.params.token, now: clock.now(), input: request.body }),
      ),
  );
};
