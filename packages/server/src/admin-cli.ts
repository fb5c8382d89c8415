/**
 * `examroom-server admin …`: the operator's commands on the machine that runs the server, for what no route may do —
 * making the first administrator, and giving one a new password when it is lost. They open the same SQLite file as
 * the server (EXAMROOM_DATA_DIR; the schema migrated first, so they work on a fresh directory and beside a running
 * server) and print a one-time password once: only its scrypt hash is stored, and the administrator must replace it
 * at the first login (POST /admin/password).
 *
 *   examroom-server admin create <username>          a new administrator; exit 1 when the username exists
 *   examroom-server admin reset-password <username>  a new one-time password; exit 1 when there is no such administrator
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { ErrorCode, errorCodeOf } from '@examroom/core';
import { createAdministrator, resetAdministratorPassword, type AdministratorTools } from '@examroom/domain';
import { createNodeCrypto } from './node-crypto.js';
import { idNumberKey } from './id-number-key.js';
import { openRepository } from './open-repository.js';

export const ADMIN_USAGE = `Usage:
  examroom-server admin create <username>           create an administrator with a one-time password
  examroom-server admin reset-password <username>   give an administrator a new one-time password
The database is the server's: EXAMROOM_DATA_DIR (.data/ in the working directory by default).
`;

/** The same usernames the login route accepts. */
const USERNAME = /^[A-Za-z0-9_.-]{1,64}$/;

export interface AdminCommandIo {
  readonly dataDir: string;
  /** EXAMROOM_ID_KEY, if set: the command opens (and may migrate) the same database as the server, with its key. */
  readonly idNumberKey?: string;
  /** EXAMROOM_DATABASE_URL, if set: the PostgreSQL database the servers share, instead of the SQLite file. */
  readonly databaseUrl?: string | undefined;
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

/** Runs `admin <command> <username>` (the arguments after `admin`); resolves to the process's exit code. */
export async function runAdminCommand(args: readonly string[], io: AdminCommandIo): Promise<number> {
  const [command, username, ...rest] = args;
  if ((command !== 'create' && command !== 'reset-password') || username === undefined || rest.length > 0) {
    io.err(ADMIN_USAGE);
    return 2;
  }
  if (!USERNAME.test(username)) {
    io.err(`examroom: "${username}" is not a valid username: 1 to 64 letters, digits, ".", "_" or "-".\n`);
    return 2;
  }
  mkdirSync(io.dataDir, { recursive: true });
  const crypto = createNodeCrypto({ idNumberKey: idNumberKey(io.dataDir, io.idNumberKey) });
  const repo = await openRepository({ dataDir: io.dataDir, databaseUrl: io.databaseUrl }, crypto);
  const tools: AdministratorTools = { repo, crypto, now: () => Date.now() };
  try {
    const { password } = command === 'create' ? await createAdministrator(tools, username) : await resetAdministratorPassword(tools, username);
    io.out(
      [
        command === 'create' ? `Administrator "${username}" created.` : `Administrator "${username}" has a new password; their open sessions ended.`,
        `One-time password (shown only now, never stored in clear): ${password}`,
        'Log in with it (POST /api/v1/admin/login) and set a password of your own (POST /api/v1/admin/password) before anything else.',
        '',
      ].join('\n'),
    );
    return 0;
  } catch (error) {
    const code = errorCodeOf(error);
    if (code === ErrorCode.USERNAME_TAKEN) io.err(`examroom: an administrator "${username}" already exists; nothing changed. To give them a new password: examroom-server admin reset-password ${username}\n`);
    else if (code === ErrorCode.NOT_FOUND) io.err(`examroom: there is no administrator "${username}"; nothing changed. To create one: examroom-server admin create ${username}\n`);
    else throw error;
    return 1;
  } finally {
    await repo.close();
  }
}

/** The data directory as the server finds it. */
export const dataDirOf = (env: NodeJS.ProcessEnv): string => resolve(env.EXAMROOM_DATA_DIR ?? '.data');
