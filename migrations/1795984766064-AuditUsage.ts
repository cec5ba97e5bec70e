import { MigrationInterface, QueryRunner } from "typeorm";

export class AuditUsage1795984766064 implements MigrationInterface {
    name = 'AuditUsage1795984766064'

    public async up(queryRunner: QueryRunner): Promise<void> {
        // Entries written before this column recorded only persons whose records were answered.
        await queryRunner.query(`ALTER TABLE \`audit_entry_person\` ADD \`usage\` varchar(8) NOT NULL DEFAULT 'read'`);
        await queryRunner.query(`ALTER TABLE \`audit_entry_person\` ALTER \`usage\` DROP DEFAULT`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE \`audit_entry_person\` DROP COLUMN \`usage\``);
    }

}
