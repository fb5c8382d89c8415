/**
 * The candidate's page tells the server, in the heartbeat it sends anyway, how many bytes it recorded of each part it
 * still uploads (upload health): the server cannot know what it has not received.
 */
import { describe, expect, it } from 'vitest';
import type { UploadReport } from '../rules/upload-health.js';
import { HEARTBEAT_MS } from './actors/session.js';
import { reachAnswering, startExam } from './exam.test-kit.js';

const bytes = (...values: number[]) => new Uint8Array(values);

describe('the heartbeat’s upload report', () => {
  it('reports the bytes recorded of every part not yet done, whatever the server acknowledged', async () => {
    const reports: (UploadReport | undefined)[] = [];
    const h = await startExam({
      prepare: (fakes) => {
        const api = fakes.ports.api;
        const heartbeat = api.heartbeat.bind(api);
        Object.assign(api, { heartbeat: (report?: UploadReport) => (reports.push(report), heartbeat(report)) });
      },
    });
    await reachAnswering(h);
    const firstReports = reports.length;
    expect(firstReports).toBeGreaterThan(0);
    // Offline: the bytes stay recorded and unacknowledged, as on a stalled uplink.
    h.transport.setOnline(false);
    h.recorder.started[1]!.emit(bytes(1, 2, 3, 4, 5));
    await h.stored('camera', 5);
    await h.advance(HEARTBEAT_MS);
    const report = reports.at(-1);
    const camera = h.actor.getSnapshot().context.recordings.filter((r) => r.kind === 'camera').at(-1)!;
    const screen = h.actor.getSnapshot().context.recordings.filter((r) => r.kind === 'screen').at(-1)!;
    expect(report?.recordings).toEqual(
      expect.arrayContaining([
        { id: camera.recordingId, bytesRecorded: 5 },
        { id: screen.recordingId, bytesRecorded: screen.bytesRecorded },
      ]),
    );
    expect(report?.recordings).toHaveLength(2);
  });
});
