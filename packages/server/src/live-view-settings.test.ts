import { describe, expect, it } from 'vitest';
import { parseLiveViewSettings } from './live-view-settings.js';

describe('实时画面 settings from the environment', () => {
  it('takes none by default (the relay’s defaults apply)', () => {
    expect(parseLiveViewSettings({})).toEqual({});
    expect(parseLiveViewSettings({ EXAMROOM_ICE_SERVERS: ' ', EXAMROOM_LIVE_VIEW_BITRATE_BPS: '' })).toEqual({});
  });

  it('reads ICE servers as a JSON array of RTCIceServer, the bitrate and the views per candidate', () => {
    const iceServers = [{ urls: 'stun:stun.example.edu:3478' }, { urls: ['turn:turn.example.edu'], username: 'u', credential: 'p' }];
    expect(
      parseLiveViewSettings({ EXAMROOM_ICE_SERVERS: JSON.stringify(iceServers), EXAMROOM_LIVE_VIEW_BITRATE_BPS: '300000', EXAMROOM_LIVE_VIEWS_PER_CANDIDATE: '2' }),
    ).toEqual({ iceServers, maxBitrateBps: 300_000, viewsPerCandidate: 2 });
  });

  it('refuses malformed values by name, at start-up', () => {
    expect(() => parseLiveViewSettings({ EXAMROOM_ICE_SERVERS: 'stun:x' })).toThrow(/EXAMROOM_ICE_SERVERS/);
    expect(() => parseLiveViewSettings({ EXAMROOM_ICE_SERVERS: '[{"url":"stun:x"}]' })).toThrow(/EXAMROOM_ICE_SERVERS/);
    expect(() => parseLiveViewSettings({ EXAMROOM_LIVE_VIEW_BITRATE_BPS: '500k' })).toThrow(/EXAMROOM_LIVE_VIEW_BITRATE_BPS/);
    expect(() => parseLiveViewSettings({ EXAMROOM_LIVE_VIEWS_PER_CANDIDATE: '0' })).toThrow(/EXAMROOM_LIVE_VIEWS_PER_CANDIDATE/);
  });
});
