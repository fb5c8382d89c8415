/**
 * Administrators are made by the machine's operator, never by a route: `examroom-server admin create <username>`
 * and `admin reset-password <username>` call these, with the server's repository and crypto. Each answers a fresh
 * one-time password, to be printed once; only its scrypt hash is stored, and the administrator must replace it
 * (POST /admin/password) before any other administrator route answers.
 */
import { ErrorCode, ExamError } from '@examroom/core';
import type { DomainCrypto } from './exam-domain.types.js';
import type { AdministratorRow, Repository } from './repository.js';

export interface AdministratorTools {
  readonly repo: Repository;
  readonly crypto: DomainCrypto;
  readonly now: () => number;
}

/** The administrator and their one-time password; USERNAME_TAKEN when the username exists. */
export async function createAdministrator(
  tools: AdministratorTools,
  username: string,
  /** Tests only (the dev route): a chosen password, which need not be changed. */
  chosen?: { readonly password: string; readonly mustChangePassword: boolean },
): Promise<{ administrator: AdministratorRow; password: string }> {
  const password = chosen?.password ?? tools.crypto.randomToken();
  const mustChangePassword = chosen?.mustChangePassword ?? true;
  if (await tools.repo.findAdministratorByUsername(username)) throw new ExamError(ErrorCode.USERNAME_TAKEN);
  const passwordHash = await tools.crypto.hashPassword(password);
  return tools.repo.transaction(async (repo) => {
    if (await repo.findAdministratorByUsername(username)) throw new ExamError(ErrorCode.USERNAME_TAKEN);
    const administrator: AdministratorRow = { id: tools.crypto.randomId('adm'), username, passwordHash, mustChangePassword, createdAt: tools.now() };
    await repo.insertAdministrator(administrator);
    await repo.insertAudit(commandLineEntry(tools, administrator, 'administrator.create', chosen ? 'dev route' : 'command line'));
    return { administrator, password };
  });
}

/**
 * A new one-time password for an existing administrator (NOT_FOUND otherwise); their open sessions end, so that
 * whoever held the old password is logged out.
 */
export async function resetAdministratorPassword(tools: AdministratorTools, username: string): Promise<{ administrator: AdministratorRow; password: string }> {
  if (!(await tools.repo.findAdministratorByUsername(username))) throw new ExamError(ErrorCode.NOT_FOUND);
  const password = tools.crypto.randomToken();
  const passwordHash = await tools.crypto.hashPassword(password);
  return tools.repo.transaction(async (repo) => {
    const found = await repo.findAdministratorByUsername(username);
    if (!found) throw new ExamError(ErrorCode.NOT_FOUND);
    const administrator: AdministratorRow = { ...found, passwordHash, mustChangePassword: true };
    await repo.updateAdministrator(administrator);
    const now = tools.now();
    for (const session of await repo.listSessions('administrator', administrator.id)) {
      if (session.revokedAt === null) await repo.updateSession({ ...session, revokedAt: now });
    }
    await repo.insertAudit(commandLineEntry(tools, administrator, 'administrator.resetPassword', 'command line'));
    return { administrator, password };
  });
}

/** The audit entry of an operator's command: the administrator concerned is named as the actor, by the command line. */
function commandLineEntry(tools: AdministratorTools, administrator: AdministratorRow, action: string, via: string) {
  return {
    id: tools.crypto.randomId('aud'),
    at: tools.now(),
    actorRole: 'administrator' as const,
    actorId: administrator.id,
    actorName: administrator.username,
    action,
    targetType: 'administrator',
    targetId: administrator.id,
    detail: { via },
  };
}
