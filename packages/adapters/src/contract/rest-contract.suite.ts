/**
 * The REST contract suite: the same requests against any implementation (the MSW handlers, the reference server,
 * core's in-memory backend, a university's own backend) must give the same statuses, error codes and body shapes —
 * including every rule at its time boundary, moved there with the dev clock control. The suite comes in parts, by
 * who calls the routes; a target names the parts it implements (all of them by default).
 */
import { afterAll, beforeAll, describe } from 'vitest';
import { contractClient, type ContractClient } from './contract-client.js';
import type { ContractTarget } from './http.js';
import { describeAdminContract } from './rest-contract.admin.js';
import { describeExportsContract } from './rest-contract.exports.js';
import { describeCandidateContract } from './rest-contract.candidate.js';
import { describePhoneContract } from './rest-contract.phone.js';
import { describeRecordingsContract } from './rest-contract.recordings.js';
import { describeSessionEndsContract } from './rest-contract.sessions.js';
import { describeSupervisorContract } from './rest-contract.supervisor.js';
import { describeUploadHealthContract } from './rest-contract.upload-health.js';
import { describeRosterContract } from './rest-contract.roster.js';
import { describeFaceContract } from './rest-contract.face.js';
import { describeVirtualCameraContract } from './rest-contract.virtual-camera.js';
import { describeFaceCheckContract } from './rest-contract.face-check.js';

export { contractClient, DEMO_EXAM, DEMO_SUPERVISOR, type ContractClient, type SeededCandidate } from './contract-client.js';

/**
 * The parts of the contract: the candidate's routes (with the public ones and the dev control), the phone's, the
 * supervisor's, the recordings' uploads (tus) and completion, the administrator's, the roster import (CSV; the
 * server's XLSX and zips of photos have its own tests), and `exportFiles`, the administrator's exports that need the
 * server's files and libraries (XLSX, a candidate's archive, a recording's file). A test that needs two parts runs
 * where both are.
 */
export type ContractPart = 'candidate' | 'phone' | 'supervisor' | 'recordings' | 'admin' | 'exportFiles' | 'roster';
export const CONTRACT_PARTS: readonly ContractPart[] = ['candidate', 'phone', 'supervisor', 'recordings', 'admin', 'exportFiles', 'roster'];

export interface RestContractOptions {
  /** The parts the target implements; every part by default. The candidate part is always run. */
  readonly parts?: readonly ContractPart[];
}

/** What a part's tests reach: the client over the target, the target itself, and a start time of their own. */
export interface ContractRun {
  readonly c: ContractClient;
  /** The target, once beforeAll has made it. */
  target(): ContractTarget;
  /** A start on a day of its own, so that sittings of different tests never overlap. */
  nextStart(): number;
  /** Whether the target implements a part. */
  implements(part: ContractPart): boolean;
}

const MIN = 60_000;
/** A fixed instant far from today, so that no demo sitting interferes. */
const BASE = Date.UTC(2030, 0, 7, 2, 0);

export function describeRestContract(name: string, makeTarget: () => Promise<ContractTarget & { close(): Promise<void> }>, options: RestContractOptions = {}) {
  const parts = new Set<ContractPart>(['candidate', ...(options.parts ?? CONTRACT_PARTS)]);
  describe(`REST contract: ${name}`, () => {
    let target: (ContractTarget & { close(): Promise<void> }) | undefined;
    let day = 0;
    const run: ContractRun = {
      c: contractClient(() => target ?? failNoTarget()),
      target: () => target ?? failNoTarget(),
      nextStart: () => BASE + ++day * 24 * 60 * MIN,
      implements: (part) => parts.has(part),
    };

    beforeAll(async () => {
      target = await makeTarget();
    }, 60_000);
    afterAll(async () => target?.close(), 60_000);

    describeCandidateContract(run);
    if (parts.has('phone')) describePhoneContract(run);
    if (parts.has('supervisor')) describeSupervisorContract(run);
    if (parts.has('recordings')) describeRecordingsContract(run);
    if (parts.has('admin')) describeAdminContract(run);
    describeSessionEndsContract(run);
    if (parts.has('supervisor') && parts.has('recordings')) describeUploadHealthContract(run);
    if (parts.has('admin') && parts.has('supervisor') && parts.has('recordings')) describeExportsContract(run);
    if (parts.has('admin') && parts.has('roster')) describeRosterContract(run);
    if (parts.has('admin')) describeFaceContract(run);
    describeVirtualCameraContract(run);
    if (parts.has('supervisor')) describeFaceCheckContract(run);
  });
}

function failNoTarget(): never {
  throw new Error('the contract target is made in beforeAll');
}
