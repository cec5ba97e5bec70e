import { MigrationInterface, QueryRunner } from "typeorm";

export class AuditLog1795881711201 implements MigrationInterface {
    name = 'AuditLog1795881711201'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE \`audit_entry\` (\`id\` varchar(32) NOT NULL, \`at\` datetime(3) NOT NULL, \`requestId\` varchar(64) NOT NULL, \`sub\` varchar(128) NOT NULL, \`role\` varchar(16) NOT NULL, \`district\` varchar(6) NULL, \`dept\` varchar(32) NULL, \`operation\` varchar(128) NOT NULL, \`fields\` varchar(255) NOT NULL, \`purpose\` varchar(200) NULL, \`personCount\` int NOT NULL, INDEX \`IDX_9d18bd4a32fc0cd8ff82b12037\` (\`at\`), INDEX \`IDX_7519de50aa39daa8f62beba2fb\` (\`sub\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
        await queryRunner.query(`CREATE TABLE \`audit_entry_person\` (\`entryId\` varchar(32) NOT NULL, \`idNumber\` varchar(18) NOT NULL, INDEX \`IDX_197609d1b31a2b6e995f00d012\` (\`idNumber\`), PRIMARY KEY (\`entryId\`, \`idNumber\`)) ENGINE=InnoDB`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX \`IDX_197609d1b31a2b6e995f00d012\` ON \`audit_entry_person\``);
        await queryRunner.query(`DROP TABLE \`audit_entry_person\``);
        await queryRunner.query(`DROP INDEX \`IDX_7519de50aa39daa8f62beba2fb\` ON \`audit_entry\``);
        await queryRunner.query(`DROP INDEX \`IDX_9d18bd4a32fc0cd8ff82b12037\` ON \`audit_entry\``);
        await queryRunner.query(`DROP TABLE \`audit_entry\``);
    }

}
