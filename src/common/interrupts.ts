/**
 * Ctrl-C (or a TERM from a supervisor) during a long command: the command stops after the unit of
 * work it is in (a batch, a chunk), so that what is written stays whole, instead of dying mid-way.
 */
export interface Interrupts {
  /** Whether a stop was asked for; the command polls it between units of work. */
  readonly requested: boolean;
  /** Gives the signals back to their default handling. */
  release(): void;
}

export function stopOnInterrupt(command: string, unit: string): Interrupts {
  let requested = false;
  const interrupt = () => {
    requested = true;
    process.stderr.write(`\n${command}: stopping after the current ${unit}\n`);
  };
  process.on('SIGINT', interrupt);
  process.on('SIGTERM', interrupt);
  return {
    get requested() {
      return requested;
    },
    release() {
      process.off('SIGINT', interrupt);
      process.off('SIGTERM', interrupt);
    },
  };
}
