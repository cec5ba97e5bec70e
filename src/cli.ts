import 'reflect-metadata';
import { tokenCommand } from './auth/token.command';
import { generateCommand } from './bulk-import/generate.command';
import { importCommand } from './bulk-import/import.command';
import { evaluateCommand } from './coverage/evaluate.command';
import { archiveCommand } from './push/retention/archive.command';
import { sweepCommand } from './push/sweep/sweep.command';

/** `hub <command>`: the hub's command line. */
const COMMANDS: Record<string, (argv: string[]) => Promise<number>> = { token: tokenCommand, sweep: sweepCommand, archive: archiveCommand, evaluate: evaluateCommand, import: importCommand, generate: generateCommand };

const [name, ...rest] = process.argv.slice(2);
const command = name ? COMMANDS[name] : undefined;
if (!command) {
  process.stderr.write(`usage: hub <command> [options]\ncommands: ${Object.keys(COMMANDS).join(', ')} (hub <command> --help)\n`);
  process.exit(2);
}
command(rest).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);
