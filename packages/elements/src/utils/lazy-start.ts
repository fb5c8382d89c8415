/** How the three elements that run a machine (<exam-room>, the phone's recorder, the console) load it lazily. */
import { errorCodeOf, ErrorCode } from '@examroom/core';

/** Ports that hold sockets and timers, let go of when the element stops. */
export interface Disposable {
  dispose(): void;
}

/**
 * Loads an element's ports and its machine side by side (neither is part of the first load). Answers both; or null
 * when the element was reconfigured meanwhile (`isCurrent` false: the ports just loaded are let go), or when either
 * failed (the ports let go, `failed` told why — a network error when the error has no code of ours).
 */
export async function loadPortsAndMachine<P extends Disposable, M>(
  loadPorts: () => Promise<P>,
  loadMachine: () => Promise<M>,
  isCurrent: () => boolean,
  failed: (code: ErrorCode) => void,
): Promise<{ readonly ports: P; readonly machine: M } | null> {
  const [ports, machine] = await Promise.allSettled([loadPorts(), loadMachine()]);
  if (ports.status === 'fulfilled' && machine.status === 'fulfilled' && isCurrent()) return { ports: ports.value, machine: machine.value };
  if (ports.status === 'fulfilled') ports.value.dispose();
  const rejected = ports.status === 'rejected' ? ports : machine.status === 'rejected' ? machine : null;
  if (rejected && isCurrent()) failed(errorCodeOf(rejected.reason) ?? ErrorCode.NETWORK_ERROR);
  return null;
}
