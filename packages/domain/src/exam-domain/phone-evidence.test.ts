import { describe, expect, it } from 'vitest';
import { PHONE_SILENT_AFTER_MS, RECORDING_HEADER_ALLOWANCE_BYTES, normalizePairingCode, recordingByteQuota } from '@examroom/core';
import { ATTEMPT_LIMITS } from './attempts.js';
import { EVIDENCE_PROGRESS_PUSH_MS } from './recordings.js';
import { DEADLINE, ENTRY_OPENS, LOGIN_OPENS, MIN, SEC, START, codeOf, rejection, world } from '../exam-domain.test-kit.js';

const kinds = (incidents: readonly { kind: string }[]) => incidents.map((incident) => incident.kind);

describe('pairing codes (R9)', () => {
  it('pairs with the code typed in any case, with spaces or without the dash', async () => {
    for (const typed of [(code: string) => code.toLowerCase(), (code: string) => ` ${code.replace('-', ' ')} `, normalizePairingCode]) {
      const w = await world();
      w.at(LOGIN_OPENS);
      const { code } = await w.domain.createPairing(await w.candidate(0));
      expect((await w.domain.pairPhone({ code: typed(code) }, { ip: '1.1.1.1' })).role).toBe('phone');
    }
  });

  it('counts failed pairings per address: the right code waits too once the address guessed too often', async () => {
    const w = await world();
    w.at(LOGIN_OPENS);
    const { code } = await w.domain.createPairing(await w.candidate(0));
    for (let i = 0; i < ATTEMPT_LIMITS.perAddress; i++) {
      expect(await codeOf(() => w.domain.pairPhone({ code: 'ZZZZ-ZZZZ' }, { ip: '6.6.6.6' }))).toBe('PAIRING_FAILED');
    }
    const refused = await rejection(() => w.domain.pairPhone({ code }, { ip: '6.6.6.6' }));
    expect(refused).toEqual({ code: 'TOO_MANY_ATTEMPTS', details: { retryAfterSeconds: ATTEMPT_LIMITS.windowMs / 1000 } });
    // Another address is not held; the guessing address may try again once its window has passed.
    w.at(LOGIN_OPENS + ATTEMPT_LIMITS.windowMs - 1);
    expect(await codeOf(() => w.domain.pairPhone({ code }, { ip: '6.6.6.6' }))).toBe('TOO_MANY_ATTEMPTS');
    w.at(LOGIN_OPENS + 1);
    expect((await w.domain.pairPhone({ code }, { ip: '7.7.7.7' })).role).toBe('phone');
  });
});

describe('the evidence upload as the PC sees it (R10, R30)', () => {
  it('tells the bytes received over every part, and the whole once the phone stopped with what it still holds', async () => {
    const w = await world({ requireEvidence: true });
    w.at(ENTRY_OPENS);
    const me = await w.candidate(0);
    const phone = await w.phoneRecording(0);
    expect(await w.domain.getEvidenceStatus(me)).not.toHaveProperty('bytesReceived');
    const first = await w.domain.createEvidenceRecording(phone, { mimeType: 'video/webm' });
    await w.domain.recordUploadProgress(first.recordingId, 1000);
    await w.domain.abandonRecording(phone, first.recordingId);
    const second = await w.domain.createEvidenceRecording(phone, { mimeType: 'video/webm' });
    await w.domain.recordUploadProgress(second.recordingId, 500);
    expect(await w.domain.getEvidenceStatus(me)).toMatchObject({ bytesReceived: 1500 });
    expect(await w.domain.getEvidenceStatus(me)).not.toHaveProperty('bytesExpected');
    expect(await w.domain.setEvidenceStatus(phone, { state: 'stopped', bytesPending: 700 })).toMatchObject({ state: 'stopped', bytesReceived: 1500, bytesExpected: 2200 });
    // A repeated report after a reload tells what is pending anew.
    await w.domain.recordUploadProgress(second.recordingId, 900);
    expect(await w.domain.setEvidenceStatus(phone, { state: 'stopped', bytesPending: 300 })).toMatchObject({ bytesReceived: 1900, bytesExpected: 2200 });
  });

  it('takes bytesPending with `stopped` only, and no more than the open part may still hold', async () => {
    const w = await world({ requireEvidence: true });
    w.at(ENTRY_OPENS);
    const phone = await w.phoneRecording(0);
    expect(await rejection(() => w.domain.setEvidenceStatus(phone, { state: 'recording', bytesPending: 0 }))).toEqual({ code: 'VALIDATION_FAILED', details: { field: '/bytesPending' } });
    // No part yet: nothing can be pending.
    expect(await codeOf(() => w.domain.setEvidenceStatus(phone, { state: 'stopped', bytesPending: 1 }))).toBe('VALIDATION_FAILED');
    const { recordingId } = await w.domain.createEvidenceRecording(phone, { mimeType: 'video/webm' });
    await w.domain.recordUploadProgress(recordingId, 1000);
    w.at(ENTRY_OPENS + MIN);
    const room = recordingByteQuota(MIN, 10_000_000) - 1000;
    expect(room).toBe(RECORDING_HEADER_ALLOWANCE_BYTES + 75_000_000 - 1000);
    expect(await codeOf(() => w.domain.setEvidenceStatus(phone, { state: 'stopped', bytesPending: room + 1 }))).toBe('VALIDATION_FAILED');
    expect((await w.domain.getEvidenceStatus(await w.candidate(0))).state).toBe('recording');
    expect(await w.domain.setEvidenceStatus(phone, { state: 'stopped', bytesPending: room })).toMatchObject({ bytesExpected: 1000 + room });
  });

  it('pushes evidence bytes as they arrive, at most one push per interval, and always at a part’s completion', async () => {
    const w = await world({ requireEvidence: true });
    w.at(ENTRY_OPENS);
    const phone = await w.phoneRecording(0);
    const { recordingId } = await w.domain.createEvidenceRecording(phone, { mimeType: 'video/webm' });
    w.events.length = 0;
    const pushed = () => w.eventsOf('evidence.status').map(([event]) => (event.type === 'evidence.status' ? event.status.bytesReceived : null));
    await w.domain.recordUploadProgress(recordingId, 100);
    w.at(ENTRY_OPENS + EVIDENCE_PROGRESS_PUSH_MS - 1);
    await w.domain.recordUploadProgress(recordingId, 200);
    expect(pushed()).toEqual([100]);
    w.at(ENTRY_OPENS + EVIDENCE_PROGRESS_PUSH_MS);
    await w.domain.recordUploadProgress(recordingId, 300);
    // The same count again is no progress.
    w.at(ENTRY_OPENS + 3 * EVIDENCE_PROGRESS_PUSH_MS);
    await w.domain.recordUploadProgress(recordingId, 300);
    expect(pushed()).toEqual([100, 300]);
    w.at(ENTRY_OPENS + 3 * EVIDENCE_PROGRESS_PUSH_MS + 1);
    await w.domain.recordUploadProgress(recordingId, 400);
    w.at(ENTRY_OPENS + 3 * EVIDENCE_PROGRESS_PUSH_MS + 2);
    await w.domain.recordUploadProgress(recordingId, 500);
    await w.domain.completeRecording(phone, recordingId, { totalBytes: 500, sha256: 'a'.repeat(64) });
    expect(pushed()).toEqual([100, 300, 400, 500]);
    // A later part completing while the evidence is already uploaded is told too.
    const next = await w.domain.createEvidenceRecording(phone, { mimeType: 'video/webm' });
    await w.domain.recordUploadProgress(next.recordingId, 50);
    await w.domain.completeRecording(phone, next.recordingId, { totalBytes: 50, sha256: 'a'.repeat(64) });
    expect(pushed().at(-1)).toBe(550);
  });
});

describe('the phone’s incidents for the supervisor (R10)', () => {
  it('raises evidenceStopped when the phone stops during the interview, not before entry nor after the end', async () => {
    const during = await world({ requireEvidence: true });
    during.at(ENTRY_OPENS);
    const me = await during.candidate(0);
    const phone = await during.phoneRecording(0);
    await during.domain.enter(me);
    during.at(DEADLINE - 1);
    await during.domain.setEvidenceStatus(phone, { state: 'stopped' });
    // (The phone was not heard from since entry: that silence is an incident of its own.)
    const stops = async () => (await during.domain.listIncidents(await during.supervisor(), me.subjectId)).filter((incident) => incident.kind === 'evidenceStopped');
    expect(await stops()).toEqual([{ id: expect.any(String), kind: 'evidenceStopped', at: DEADLINE - 1 }]);
    // A repeated report is no new stop.
    await during.domain.setEvidenceStatus(phone, { state: 'stopped' });
    expect(await stops()).toHaveLength(1);

    const atDeadline = await world({ requireEvidence: true });
    atDeadline.at(ENTRY_OPENS);
    const other = await atDeadline.candidate(0);
    const otherPhone = await atDeadline.phoneRecording(0);
    await atDeadline.domain.enter(other);
    atDeadline.at(DEADLINE);
    await atDeadline.domain.setEvidenceStatus(otherPhone, { state: 'stopped' });
    expect(kinds(await atDeadline.domain.listIncidents(await atDeadline.supervisor(), other.subjectId))).not.toContain('evidenceStopped');

    const beforeEntry = await world({ requireEvidence: true });
    beforeEntry.at(ENTRY_OPENS);
    const early = await beforeEntry.candidate(0);
    await beforeEntry.domain.setEvidenceStatus(await beforeEntry.phoneRecording(0), { state: 'stopped' });
    expect(await beforeEntry.domain.listIncidents(await beforeEntry.supervisor(), early.subjectId)).toEqual([]);
  });

  it('raises evidenceSilent once per silence of a recording phone during the interview, by the sweep, on the server clock', async () => {
    const w = await world({ requireEvidence: true });
    w.at(ENTRY_OPENS);
    const me = await w.candidate(0);
    const { code } = await w.domain.createPairing(me);
    const phoneToken = (await w.domain.pairPhone({ code }, { ip: '1.1.1.1' })).token;
    await w.domain.setEvidenceStatus(await w.domain.authenticate(phoneToken), { state: 'recording' });
    w.at(START);
    // Heard at START: silent from START + PHONE_SILENT_AFTER_MS on.
    await w.domain.heartbeat(await w.domain.authenticate(phoneToken));
    await w.domain.enter(me);
    const incidentsOf = () => w.repo.listIncidents(me.subjectId);
    w.at(START + PHONE_SILENT_AFTER_MS - 1);
    await w.domain.sweepSilentPhones();
    expect(await incidentsOf()).toEqual([]);
    w.at(START + PHONE_SILENT_AFTER_MS);
    w.events.length = 0;
    await w.domain.sweepSilentPhones();
    expect(await incidentsOf()).toEqual([expect.objectContaining({ kind: 'evidenceSilent', at: START + PHONE_SILENT_AFTER_MS, receivedAt: START + PHONE_SILENT_AFTER_MS })]);
    // Told live to the supervisors: their candidate.status counts it.
    expect(w.eventsOf('candidate.status').map(([event]) => (event.type === 'candidate.status' ? event.status.incidents : null))).toEqual([1]);
    // One per silence: later sweeps and reads add nothing.
    w.at(START + 2 * MIN);
    await w.domain.sweepSilentPhones();
    await w.domain.getMe(me);
    expect(await incidentsOf()).toHaveLength(1);
    // Heard again: the page and the supervisors are told at once.
    w.events.length = 0;
    await w.domain.heartbeat(await w.domain.authenticate(phoneToken));
    expect(w.eventsOf('evidence.status')).toEqual([
      [{ type: 'evidence.status', candidateId: me.subjectId, status: expect.objectContaining({ state: 'recording', phoneSeenAt: START + 2 * MIN }) }, { candidateId: me.subjectId, supervisors: true }],
    ]);
    // A new silence is a new incident, found by a read of the candidate as well as by the sweep.
    w.at(START + 2 * MIN + PHONE_SILENT_AFTER_MS);
    await w.domain.getEvidenceStatus(me);
    expect(kinds(await incidentsOf())).toEqual(['evidenceSilent', 'evidenceSilent']);
    // A silence that reaches the limit only at the deadline is no incident: the interview is over.
    w.at(DEADLINE - PHONE_SILENT_AFTER_MS);
    await w.domain.heartbeat(await w.domain.authenticate(phoneToken));
    w.at(DEADLINE + 10 * MIN);
    await w.domain.sweepSilentPhones();
    expect(await incidentsOf()).toHaveLength(2);
  });

  it('raises the silence when the silent phone itself comes back before any sweep, and none for a phone that is not recording or a candidate not in the interview', async () => {
    const w = await world({ requireEvidence: true });
    w.at(ENTRY_OPENS);
    const me = await w.candidate(0);
    const { code } = await w.domain.createPairing(me);
    const phoneToken = (await w.domain.pairPhone({ code }, { ip: '1.1.1.1' })).token;
    await w.domain.setEvidenceStatus(await w.domain.authenticate(phoneToken), { state: 'recording' });
    // Silent before entering: no interview yet, no incident.
    w.at(ENTRY_OPENS + 2 * MIN);
    await w.domain.sweepSilentPhones();
    expect(await w.repo.listIncidents(me.subjectId)).toEqual([]);
    await w.domain.enter(me);
    w.at(ENTRY_OPENS + 2 * MIN + 10 * SEC);
    // Still the same silence, now in the interview: raised when the phone is next heard, dated from the entry.
    await w.domain.setEvidenceStatus(await w.domain.authenticate(phoneToken), { state: 'recording' });
    expect(await w.repo.listIncidents(me.subjectId)).toEqual([expect.objectContaining({ kind: 'evidenceSilent', at: ENTRY_OPENS + 2 * MIN })]);

    const idle = await world({ requireEvidence: true });
    idle.at(ENTRY_OPENS);
    const them = await idle.candidate(0);
    await idle.phone(0);
    idle.at(ENTRY_OPENS + 10 * MIN);
    await idle.domain.sweepSilentPhones();
    expect(await idle.repo.listIncidents(them.subjectId)).toEqual([]);
  });
});
