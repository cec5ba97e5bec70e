import { loadSettings } from '../../config';
import { parseOptions, printLines, runOperatorCommand, wholeNumber, type Parsed } from '../sweep/command-support';
import { archiveCutoff, DEFAULT_ARCHIVE_CHUNK, RetentionService } from './retention.service';

const USAGE = `hub archive — moves the notifications their district acted on (VISITED, ASSISTANCE_STARTED,
NOT_NEEDED) more than N days ago to push_notification_archive, whole. Open and acknowledged ones
stay, and so does any whose webhook delivery is pending or dead.

Usage: npm run hub -- archive [--after-days N] [--chunk N]

  --after-days N   days since the district acted (default: HUB_ARCHIVE_AFTER_DAYS; needed when it is unset)
  --chunk N        notifications per transaction, 1 to 5000 (default: ${DEFAULT_ARCHIVE_CHUNK})
  -h, --help       this text

The database is DATABASE_URL. The daily sweep (HUB_SWEEP_AT) archives the same way when
HUB_ARCHIVE_AFTER_DAYS is set (docs/push-operations.md).
Exit status: 0 done; 1 failed; 2 bad arguments or settings.
`;

export interface ArchiveArguments {
  afterDays: number;
  chunkSize: number;
}

export function parseArchiveArguments(argv: string[], defaults: { afterDays: number | undefined }): Parsed<ArchiveArguments> {
  const parsed = parseOptions(argv, { 'after-days': { type: 'string' }, chunk: { type: 'string' }, help: { type: 'boolean', short: 'h' } });
  if ('error' in parsed) return { kind: 'error', message: parsed.error };
  const { values } = parsed;
  if (values.help) return { kind: 'help' };
  if (values['after-days'] === undefined && defaults.afterDays === undefined) {
    return { kind: 'error', message: 'retention is off (HUB_ARCHIVE_AFTER_DAYS is not set): pass --after-days N to archive once' };
  }
  const afterDays = wholeNumber('after-days', values['after-days'], defaults.afterDays ?? 0, 1, 36_500);
  const chunkSize = wholeNumber('chunk', values.chunk, DEFAULT_ARCHIVE_CHUNK, 1, 5000);
  for (const value of [afterDays, chunkSize]) if (typeof value === 'string') return { kind: 'error', message: value };
  return { kind: 'run', args: { afterDays: afterDays as number, chunkSize: chunkSize as number } };
}

/** `hub archive`: exit status as in USAGE. */
export async function archiveCommand(argv: string[]): Promise<number> {
  const settings = loadSettings();
  const parsed = parseArchiveArguments(argv, { afterDays: settings.HUB_ARCHIVE_AFTER_DAYS });
  return runOperatorCommand('archive', USAGE, settings, parsed, async (dataSource, { afterDays, chunkSize }) => {
    const actedBefore = archiveCutoff(afterDays);
    const started = Date.now();
    const retention = new RetentionService(dataSource);
    const due = await retention.countArchivable(actedBefore);
    process.stderr.write(`archive: ${due} notifications acted on before ${actedBefore.toISOString()}\n`);
    const result = await retention.archive({ actedBefore, chunkSize });
    printLines([
      ['actedBefore', actedBefore.toISOString()],
      ['archived', result.archived],
      ['chunks', result.chunks],
      ['seconds', ((Date.now() - started) / 1000).toFixed(1)],
    ]);
    return 0;
  });
}
