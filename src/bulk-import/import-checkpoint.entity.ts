import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * How far an import of one file got: the last line whose chunk committed. Written after each
 * chunk's own transaction, so a crash in between replays one chunk, which the upserts by natural
 * key make harmless.
 */
@Entity('import_checkpoint')
export class ImportCheckpoint {
  /** SHA-256 (hex) of the department, the file's resolved path, its size and its first 64 KiB. */
  @PrimaryColumn({ type: 'varchar', length: 64 })
  fileKey!: string;

  @Column({ type: 'varchar', length: 16 })
  dept!: string;

  @Column({ type: 'int' })
  line!: number;

  @Column({ type: 'datetime', precision: 3 })
  updatedAt!: Date;
}
