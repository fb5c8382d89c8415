/**
 * Candidates' photos (for face login), uploaded as a zip. Each file is matched to one candidate of the exam: by the
 * roster's 照片 column (the file's name, case aside), else by a file named after the candidate's 准考证号 or 身份证号
 * (`2026000001.jpg`, `11010519491231002X.png`). Only JPEG and PNG are kept — told by their first bytes, not their
 * names —, each at most PHOTO_MAX_BYTES; a candidate's new photo replaces the old one. Folders inside the zip are
 * ignored, and so are the files a Mac adds (`__MACOSX/`, `._name`, `.DS_Store`). The answer lists every file as
 * matched or not, and why not.
 */
import { ErrorCode, PHOTO_MAX_BYTES, normalizeIdNumber } from '@examroom/core';
import type * as C from '@examroom/adapters/rest';
import type { ExamDomain } from '../exam-domain.types.js';
import type { CandidateRow } from '../repository.js';
import { asAdministrator, examOf } from './admin.js';
import { recordAudit } from './audit.js';
import { candidatesOfExam, fail, updateCandidate, type DomainServices } from './context.js';
import { startsWithZipMagic } from './roster-sheet.js';

export type AdminPhotoCalls = Pick<ExamDomain, 'adminImportPhotos'>;

const JPEG_MAGIC = [0xff, 0xd8, 0xff] as const;
const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] as const;

/** JPEG or PNG by the file's first bytes; null for anything else. */
export function imageKind(bytes: Uint8Array): 'jpg' | 'png' | null {
  if (JPEG_MAGIC.every((b, i) => bytes[i] === b)) return 'jpg';
  if (PNG_MAGIC.every((b, i) => bytes[i] === b)) return 'png';
  return null;
}

/** The file's own name, without the folders; null for what a Mac or Windows adds beside the photos. */
function photoFileName(path: string): string | null {
  if (path.startsWith('__MACOSX/')) return null;
  const name = path.split(/[/\\]/).pop() ?? '';
  return name === '' || name.startsWith('.') || name.toLowerCase() === 'thumbs.db' ? null : name;
}

export function createAdminPhotoCalls(ctx: DomainServices): AdminPhotoCalls {
  const { crypto } = ctx;
  return {
    async adminImportPhotos(principal, examId, file) {
      await asAdministrator(ctx, principal, (_, ctx) => examOf(ctx, examId));
      const readZip = ctx.options.rosterFiles?.readZip;
      const storage = ctx.options.photos;
      if (!readZip || !storage) fail(ErrorCode.FILE_TYPE_UNSUPPORTED);
      if (!startsWithZipMagic(file.bytes)) fail(ErrorCode.FILE_UNREADABLE);
      const entries = await readZip(file.bytes, PHOTO_MAX_BYTES);

      const candidates = await asAdministrator(ctx, principal, async (_, ctx) => candidatesOfExam(ctx.repo, (await examOf(ctx, examId)).id));
      const byPhotoName = new Map(candidates.filter((c) => c.rosterPhotoName !== null).map((c) => [c.rosterPhotoName!.toLowerCase(), c]));
      const byAdmission = new Map(candidates.map((c) => [c.admissionNumber, c]));
      const byIdHash = new Map(candidates.map((c) => [c.idNumberHash, c]));
      const candidateFor = (name: string): CandidateRow | undefined => {
        const stem = name.replace(/\.[^.]*$/, '');
        return byPhotoName.get(name.toLowerCase()) ?? byAdmission.get(stem) ?? byIdHash.get(crypto.idNumberHash(normalizeIdNumber(stem)));
      };

      const matched: { file: string; candidate: CandidateRow; bytes: Uint8Array; kind: 'jpg' | 'png' }[] = [];
      const unmatched: C.PhotosImportedBody['unmatched'] = [];
      const taken = new Set<string>();
      for (const entry of entries) {
        const name = photoFileName(entry.name);
        if (name === null) continue;
        if (entry.bytes === null) {
          unmatched.push({ file: entry.name, reason: 'TOO_LARGE' });
          continue;
        }
        const kind = imageKind(entry.bytes);
        if (!kind) {
          unmatched.push({ file: entry.name, reason: 'NOT_AN_IMAGE' });
          continue;
        }
        const candidate = candidateFor(name);
        if (!candidate) unmatched.push({ file: entry.name, reason: 'NO_CANDIDATE' });
        else if (taken.has(candidate.id)) unmatched.push({ file: entry.name, reason: 'DUPLICATE' });
        else {
          taken.add(candidate.id);
          matched.push({ file: entry.name, candidate, bytes: entry.bytes, kind });
        }
      }

      // The files first, then the rows that name them: a failed write leaves a row pointing at its old photo.
      const stored = await Promise.all(matched.map(async (m) => ({ ...m, photoFile: await storage.save(m.candidate.id, m.bytes, m.kind, m.candidate.photoFile) })));
      return asAdministrator(ctx, principal, async ({ actor }, ctx) => {
        for (const { candidate, photoFile } of stored) {
          const current = await ctx.repo.getCandidate(candidate.id);
          if (current) await updateCandidate(ctx, { ...current, photoFile });
          // The new photo may have the old one's file name: its face is described afresh at the next face login.
          await ctx.repo.deleteFaceDescriptor(candidate.id);
        }
        await recordAudit(ctx, actor, 'photos.import', { type: 'exam', id: examId }, { matched: stored.length, unmatched: unmatched.length });
        return { matched: stored.map((m) => ({ file: m.file, candidateId: m.candidate.id, admissionNumber: m.candidate.admissionNumber })), unmatched };
      });
    },
  };
}
