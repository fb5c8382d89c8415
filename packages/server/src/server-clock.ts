/** Server time: the domain's movable clock, which the dev control (EXAMROOM_TEST_CLOCK=1) sets. */
export { createMovableClock as createServerClock, type MovableClock as ServerClock } from '@examroom/domain';
