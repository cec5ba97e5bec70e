import { Column, Entity, PrimaryColumn } from 'typeorm';
import { dateColumn, idNumberColumn } from '../common/columns';
import type { LocalDate } from '../common/local-date';

/**
 * The last evaluation of a person living away from registration, one row per item: a rule's
 * outcome with whether they are enrolled in its program, a valid enrollment, a finding, and where
 * they live. The next evaluation diffs against these rows, so only what changed is notified.
 */
@Entity('push_evaluation')
export class PushEvaluation {
  @PrimaryColumn(idNumberColumn)
  idNumber!: string;

  /** `rule:<id>`, `enrollment:<number>`, `finding:<code>:<key>` or `residence`. */
  @PrimaryColumn({ type: 'varchar', length: 128 })
  item!: string;

  /** For a rule `ELIGIBLE/enrolled`, `NOT_ELIGIBLE/not-enrolled`…; for the residence `registered>residence`. */
  @Column({ type: 'varchar', length: 64 })
  state!: string;

  @Column(dateColumn)
  asOf!: LocalDate;
}
