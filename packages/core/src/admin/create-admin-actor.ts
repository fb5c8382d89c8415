import { createActor, type ActorOptions } from 'xstate';
import type { AdminPorts } from '../ports/index.js';
import { createAdminActors, createAdminEffects } from './admin.actors.js';
import { adminMachine, type AdminMachine } from './admin.machine.js';

export interface CreateAdminActorOptions {
  /** Real ports in the administrator's browser (@examroom/adapters), fakes in tests (@examroom/core/testing). */
  readonly ports: AdminPorts;
  readonly inspect?: ActorOptions<AdminMachine>['inspect'];
}

/** adminMachine wired to the console's ports, not yet started: call `.start()`. */
export function createAdminActor({ ports, inspect }: CreateAdminActorOptions) {
  return createActor(adminMachine.provide({ actors: createAdminActors(ports), actions: createAdminEffects(ports) }), inspect ? { inspect } : {});
}

export type AdminActor = ReturnType<typeof createAdminActor>;
