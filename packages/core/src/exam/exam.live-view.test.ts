/**
 * 实时画面 on the candidate's page: the liveView actor publishes exactly the streams the recordings actor is told to
 * record (never one of its own), publishes anew when a kind's stream changes (a new screen share), and stops at the
 * end of the recording or when the machine stops. Without the port nothing happens.
 */
import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import type { ExamPorts } from '../ports/index.js';
import { createFakeLiveViewPublisher } from '../testing/fake-live-view.js';
import { liveViewActors } from './actors/live-view.js';

const stream = (id: string) => ({ id }) as unknown as MediaStream;

function start(ports: Partial<ExamPorts>) {
  const actor = createActor(liveViewActors(ports as ExamPorts).liveView);
  actor.start();
  return actor;
}

describe('the candidate page’s live view actor', () => {
  it('publishes what is recorded, anew when a stream changes, and stops with the recording', () => {
    const publisher = createFakeLiveViewPublisher();
    const actor = start({ liveView: publisher });
    const screen = stream('screen-1');
    actor.send({ type: 'record', kind: 'screen', stream: screen });
    expect(publisher.publications.map((p) => p.media)).toEqual([{ screen }]);

    const camera = stream('camera');
    actor.send({ type: 'record', kind: 'camera', stream: camera });
    // The same stream again (a part after a gap) changes nothing.
    actor.send({ type: 'record', kind: 'camera', stream: camera });
    const reshared = stream('screen-2');
    actor.send({ type: 'record', kind: 'screen', stream: reshared });
    expect(publisher.publications.map((p) => p.media)).toEqual([{ screen }, { screen, camera }, { screen: reshared, camera }]);
    expect(publisher.publications.map((p) => p.stopped)).toEqual([true, true, false]);

    actor.send({ type: 'stopAll' });
    expect(publisher.publications.every((p) => p.stopped)).toBe(true);
    expect(publisher.publications).toHaveLength(3);
    actor.stop();
  });

  it('stops publishing when the machine stops, and does nothing without the port', () => {
    const publisher = createFakeLiveViewPublisher();
    const actor = start({ liveView: publisher });
    actor.send({ type: 'record', kind: 'camera', stream: stream('camera') });
    actor.stop();
    expect(publisher.publications.map((p) => p.stopped)).toEqual([true]);

    const without = start({});
    expect(() => without.send({ type: 'record', kind: 'camera', stream: stream('camera') })).not.toThrow();
    without.stop();
  });
});
