/**
 * The AsyncAPI 3.0 document of the live-events WebSocket (`/api/v1/ws`), generated from the contract's TypeBox
 * schemas like the OpenAPI document of the REST routes: the auth message, every event the server pushes and who gets
 * it, the live-view (实时画面) signalling both ways, and how the socket closes. `scripts/write-openapi.mjs` writes it
 * to asyncapi.json after each build; the reference server serves it at `/api/v1/asyncapi.json`.
 */
import type { TSchema } from '@sinclair/typebox';
import * as contract from './contract.js';
import { namedSchemas, pruneComponents, SchemaConverter, type Json } from './json-schemas.js';

const { API_PREFIX, LIVE_EVENTS_PATH, LIVE_CLOSE_UNAUTHENTICATED, LiveEvent, LiveViewClientMessage, LiveViewServerMessage, WsAuthMessage } = contract;

/** Who gets each event the server pushes (domain/src/live-delivery.ts decides). */
const AUDIENCE: Readonly<Record<string, string>> = {
  'help.message': 'The candidate (never their phone) and the supervisors of their sitting.',
  'evidence.status': 'The candidate, their phone and the supervisors of their sitting.',
  'session.revoked': 'The session it ends (a candidate’s page or phone), just before the socket closes with 4401.',
  'candidate.status': 'The supervisors of the candidate’s sitting.',
  'schedule.changed': 'The candidate and the supervisors of their sitting.',
  'exam.finished': 'The candidate and the supervisors of their sitting.',
  'virtualCamera.waived': 'The candidate’s page (not the phone).',
};

type Direction = 'toServer' | 'toClient';

interface Message {
  readonly key: string;
  readonly direction: Direction;
  readonly type: string;
  readonly schema: TSchema;
}

/** The variants of a union of `{ type: Literal, … }` objects, each with its `type`. */
function variants(union: TSchema, direction: Direction): Message[] {
  return (union['anyOf'] as TSchema[]).map((schema) => {
    const type = (schema['properties'] as Record<string, TSchema>)['type']!['const'] as string;
    return { key: type, direction, type, schema };
  });
}

export interface AsyncApiOptions {
  /** Where the server is reached for the `local` server entry; `127.0.0.1:8080` (npm start) by default. */
  readonly host?: string;
}

export function createAsyncApiDocument(options: AsyncApiOptions = {}): object {
  const schemas = new SchemaConverter(namedSchemas());
  const auth: Message = { key: 'auth', direction: 'toServer', type: 'auth', schema: WsAuthMessage };
  const events = variants(LiveEvent, 'toClient');
  const viewRequests = variants(LiveViewClientMessage, 'toServer');
  const viewAnswers = variants(LiveViewServerMessage, 'toClient');
  // One type sent both ways (live.signal) gets a key per direction.
  const all = [auth, ...events, ...viewRequests, ...viewAnswers];
  for (const message of all) {
    if (all.some((other) => other !== message && other.type === message.type)) (message as { key: string }).key = `${message.type}.${message.direction}`;
  }

  const messages: Record<string, Json> = {};
  for (const message of all) {
    const description = typeof message.schema['description'] === 'string' ? (message.schema['description'] as string) : undefined;
    const audience = AUDIENCE[message.type];
    messages[message.key] = {
      name: message.type,
      title: message.type,
      summary: summaryOf(message, description),
      ...(audience || description ? { description: [description, audience ? `Sent to: ${audience}` : undefined].filter(Boolean).join('\n\n') } : {}),
      contentType: 'application/json',
      payload: schemas.convert(message.schema, true),
    };
  }
  const refs = (list: readonly Message[]) => list.map((m) => ({ $ref: `#/channels/liveEvents/messages/${m.key}` }));
  const channelMessages = Object.fromEntries(all.map((m) => [m.key, { $ref: `#/components/messages/${m.key}` }]));

  const document = {
    asyncapi: '3.0.0',
    info: {
      title: 'examroom live events',
      version: '1.0.0',
      license: { name: 'MIT', url: 'https://opensource.org/license/mit' },
      description: [
        'The live-events WebSocket of an examroom server: what it pushes to candidates’ pages, phones and supervisors’',
        'consoles, and the signalling of a supervisor’s live view (实时画面). Every message is one JSON text frame with a',
        '`type`. The REST routes are in the OpenAPI document (`/api/v1/openapi.json`). Times are server epoch milliseconds.',
      ].join('\n'),
    },
    defaultContentType: 'application/json',
    servers: {
      production: {
        host: '{host}',
        protocol: 'wss',
        pathname: `${API_PREFIX}${LIVE_EVENTS_PATH}`,
        description: 'An examroom server behind TLS.',
        variables: { host: { default: 'exam.example.edu', description: 'The server’s host (and port).' } },
        security: [{ $ref: '#/components/securitySchemes/sessionToken' }],
      },
      local: {
        host: options.host ?? '127.0.0.1:8080',
        protocol: 'ws',
        pathname: `${API_PREFIX}${LIVE_EVENTS_PATH}`,
        description: 'The reference server as `npm start` runs it.',
        security: [{ $ref: '#/components/securitySchemes/sessionToken' }],
      },
    },
    channels: {
      liveEvents: {
        address: `${API_PREFIX}${LIVE_EVENTS_PATH}`,
        title: 'Live events',
        description: [
          'One socket per page. The first message must be `auth` with the session’s token (within 5 s); from then on the',
          'server pushes the events of that session and relays live-view signalling. The server pings every 30 s and',
          'drops a socket that does not answer.',
          '',
          'Close codes:',
          `- \`${LIVE_CLOSE_UNAUTHENTICATED}\`: the token was refused or its session ended; the close reason is \`UNAUTHENTICATED\``,
          '  (no auth in time, a malformed or unknown token), `SESSION_REVOKED` (another login, a new phone, logout: at',
          '  once) or `SESSION_EXPIRED` (candidate and phone sessions at their sitting’s evidence deadline, supervisors’ 12 h',
          '  after their last use). Do not reconnect: log in again.',
          '- Any other close (the server shutting down closes without a code, `1005`; a network cut, `1006`): reconnect',
          '  with backoff and read again over REST what was missed — nothing is replayed.',
        ].join('\n'),
        messages: channelMessages,
        bindings: { ws: { method: 'GET', bindingVersion: '0.1.0' } },
      },
    },
    operations: {
      authenticate: {
        action: 'receive',
        channel: { $ref: '#/channels/liveEvents' },
        title: 'Authenticate the socket',
        summary: 'The first message of every socket: the session’s bearer token.',
        messages: refs([auth]),
      },
      pushEvents: {
        action: 'send',
        channel: { $ref: '#/channels/liveEvents' },
        title: 'Push live events',
        summary: 'What changed for the session’s candidate, or the supervisor’s sittings; each to its audience only.',
        messages: refs(events),
      },
      receiveLiveViewSignalling: {
        action: 'receive',
        channel: { $ref: '#/channels/liveEvents' },
        title: 'Live view: from the pages',
        summary: 'A candidate’s page or phone publishes; a supervisor asks to watch or stops; either end signals.',
        messages: refs(viewRequests),
      },
      sendLiveViewSignalling: {
        action: 'send',
        channel: { $ref: '#/channels/liveEvents' },
        title: 'Live view: to the pages',
        summary: 'The server accepts or refuses a view, asks the publishing ends to connect, and relays signals.',
        messages: refs(viewAnswers),
      },
    },
    components: {
      messages,
      securitySchemes: {
        sessionToken: {
          type: 'http',
          scheme: 'bearer',
          description:
            'The opaque token of a login route (SessionCreated.token) of a candidate, phone or supervisor. Browsers cannot set headers on a WebSocket: it is sent as the first message, `{ "type": "auth", "token": … }`, not as an Authorization header.',
        },
      },
      schemas: {} as Record<string, Json>,
    },
  };
  document.components.schemas = pruneComponents(schemas.components, messages);
  return JSON.parse(JSON.stringify(document)) as object;
}

function summaryOf(message: Message, description: string | undefined): string {
  if (message.type === 'auth') return 'The session’s token; must be the first message.';
  const first = description?.split(/(?<=[.:])\s/)[0];
  return first ?? `${message.direction === 'toClient' ? 'Pushed' : 'Sent'}: ${message.type}.`;
}

