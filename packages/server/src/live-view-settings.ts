/**
 * 实时画面's settings from the environment: EXAMROOM_ICE_SERVERS (a JSON array of RTCIceServer objects, e.g.
 * `[{"urls":"stun:stun.example.edu:3478"},{"urls":"turn:turn.example.edu","username":"u","credential":"p"}]`; none by
 * default: browsers on one host or one LAN reach each other by their own addresses), EXAMROOM_LIVE_VIEW_BITRATE_BPS
 * (the most each video track of a view sends, 500000) and EXAMROOM_LIVE_VIEWS_PER_CANDIDATE (3). A malformed value
 * stops the server at start-up with the variable's name, rather than failing each view later.
 */
import { Value } from '@sinclair/typebox/value';
import { Type } from '@sinclair/typebox';
import { IceServer } from '@examroom/adapters/rest';
import type { LiveViewSettings } from '@examroom/domain';

const IceServers = Type.Array(IceServer);

export function parseLiveViewSettings(env: Readonly<Record<string, string | undefined>>): Partial<LiveViewSettings> {
  const settings: { -readonly [K in keyof LiveViewSettings]?: LiveViewSettings[K] } = {};
  const ice = env['EXAMROOM_ICE_SERVERS']?.trim();
  if (ice) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(ice);
    } catch {
      throw new Error('EXAMROOM_ICE_SERVERS must be a JSON array of RTCIceServer objects ({ "urls": …, "username"?, "credential"? })');
    }
    if (!Value.Check(IceServers, parsed)) {
      throw new Error('EXAMROOM_ICE_SERVERS must be a JSON array of RTCIceServer objects ({ "urls": …, "username"?, "credential"? })');
    }
    settings.iceServers = parsed;
  }
  const bitrate = positiveInteger(env, 'EXAMROOM_LIVE_VIEW_BITRATE_BPS');
  if (bitrate !== undefined) settings.maxBitrateBps = bitrate;
  const views = positiveInteger(env, 'EXAMROOM_LIVE_VIEWS_PER_CANDIDATE');
  if (views !== undefined) settings.viewsPerCandidate = views;
  return settings;
}

function positiveInteger(env: Readonly<Record<string, string | undefined>>, name: string): number | undefined {
  const text = env[name]?.trim();
  if (!text) return undefined;
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 1) throw new Error(`${name} must be a whole number of at least 1, not "${text}"`);
  return value;
}
