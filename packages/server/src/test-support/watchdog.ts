/**
 * Cleans up after a test's server processes even when the test process itself dies without its `finally` or
 * `afterAll` (a crash, a timeout's kill, a test runner's worker ended by a signal, where no 'exit' handler runs):
 * a small shell, not a child that dies with us, waits for this process to end and then runs the clean-up.
 */
import { spawn } from 'node:child_process';

/** Quotes one word for sh. */
export function shellQuote(word: string): string {
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

/**
 * Runs `cleanUp` (a sh command line) once this process has ended; answers what cancels it (the test cleaned up
 * itself). The shell looks every second, which is soon enough for leftovers.
 */
export function cleanUpAfterThisProcess(cleanUp: string): () => void {
  const watchdog = spawn('sh', ['-c', `while kill -0 ${process.pid} 2>/dev/null; do sleep 1; done; ${cleanUp}`], { detached: true, stdio: 'ignore' });
  watchdog.unref();
  return () => {
    if (watchdog.exitCode === null && watchdog.signalCode === null) watchdog.kill('SIGKILL');
  };
}
