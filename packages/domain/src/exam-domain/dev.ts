/** The dev control's seeding (tests only, with the dev routes on): a sitting with a chosen schedule and candidates. */
import { ErrorCode } from '@examroom/core';
import type { ExamDomain } from '../exam-domain.types.js';
import { newCandidateRow, storedIdNumber, type SittingRow } from '../repository.js';
import { candidateBody, defined, sittingBody } from './bodies.js';
import { fail, type DomainServices } from './context.js';
import { createAdministrator } from '../administrators.js';

export type DevCalls = Pick<ExamDomain, 'seedSitting' | 'seedAdministrator'>;

export function createDevCalls(ctx: DomainServices): DevCalls {
  const { crypto } = ctx;
  return {
    async seedSitting(body) {
      await ctx.run(async (ctx) => {
        if (!(await ctx.repo.getExam(body.examId))) fail(ErrorCode.EXAM_NOT_FOUND);
        const seen = new Set<string>();
        for (const [i, c] of body.candidates.entries()) {
          const { idNumberHash } = storedIdNumber(crypto, c.idNumber);
          if (seen.has(idNumberHash) || (await ctx.repo.findCandidateByIdNumberHash(body.examId, idNumberHash))) fail(ErrorCode.VALIDATION_FAILED, { field: `/candidates/${i}/idNumber` });
          seen.add(idNumberHash);
        }
        if (body.supervisor && (await ctx.repo.findSupervisorByUsername(body.supervisor.username))) fail(ErrorCode.VALIDATION_FAILED, { field: '/supervisor/username' });
      });
      // Hashing is slow on purpose (scrypt): done before the transaction, not inside it, side by side.
      const hashes = await Promise.all(body.candidates.map((c) => crypto.hashPassword(c.password)));
      const supervisorHash = body.supervisor ? await crypto.hashPassword(body.supervisor.password) : null;
      return ctx.run(async (ctx) => {
        const now = ctx.clock.now();
        const sitting: SittingRow = {
          id: crypto.randomId('sit'),
          examId: body.examId,
          name: body.name,
          startsAt: body.startsAt,
          entryOpensAt: body.entryOpensAt ?? null,
          policy: defined(body.policy),
        };
        await ctx.repo.insertSitting(sitting);
        const candidates = body.candidates.map((c, i) =>
          newCandidateRow(
            {
              id: crypto.randomId('cand'),
              examId: body.examId,
              sittingId: sitting.id,
              name: c.name,
              ...storedIdNumber(crypto, c.idNumber),
              admissionNumber: c.admissionNumber,
              passwordHash: hashes[i]!,
            },
            now,
          ),
        );
        for (const row of candidates) await ctx.repo.insertCandidate(row);
        // A supervisor of this sitting only (the authorisation tests' supervisor of another sitting).
        if (body.supervisor && supervisorHash !== null) {
          await ctx.repo.insertSupervisor({ id: crypto.randomId('sup'), username: body.supervisor.username, passwordHash: supervisorHash, examIds: [], sittingIds: [sitting.id] });
        }
        return { sitting: sittingBody(sitting), candidates: candidates.map(candidateBody) };
      });
    },
    /** An administrator without the command line (the contract suites'); with mustChangePassword, as the command makes them. */
    async seedAdministrator(body) {
      const { administrator } = await ctx.run((ctx) =>
        createAdministrator({ repo: ctx.repo, crypto, now: () => ctx.clock.now() }, body.username, {
          password: body.password,
          mustChangePassword: body.mustChangePassword ?? false,
        }),
      );
      return { id: administrator.id, username: administrator.username };
    },
  };
}
