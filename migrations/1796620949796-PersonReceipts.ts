import { MigrationInterface, QueryRunner } from "typeorm";

export class PersonReceipts1796620949796 implements MigrationInterface {
    name = 'PersonReceipts1796620949796'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE \`person_receipt\` (\`idNumber\` varchar(18) NOT NULL, \`department\` varchar(16) NOT NULL, \`receivedAt\` datetime(3) NOT NULL, INDEX \`IDX_person_receipt_department\` (\`department\`, \`receivedAt\`), PRIMARY KEY (\`idNumber\`, \`department\`)) ENGINE=InnoDB`);
        // Until now the audit log was the only record of who sent what: each person's newest
        // ingestion entry per department becomes their receipt.
        for (const [department, field] of [['civil-affairs', 'ingestCivilAffairs'], ['human-resources', 'ingestHumanResources'], ['disability', 'ingestDisability']]) {
            await queryRunner.query(
                `INSERT INTO \`person_receipt\` (\`idNumber\`, \`department\`, \`receivedAt\`)
                 SELECT p.\`idNumber\`, ?, MAX(e.\`at\`) FROM \`audit_entry_person\` p JOIN \`audit_entry\` e ON e.\`id\` = p.\`entryId\`
                 WHERE p.\`usage\` = 'read' AND e.\`fields\` LIKE ? GROUP BY p.\`idNumber\``,
                [department, `%${field}%`],
            );
        }
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX \`IDX_person_receipt_department\` ON \`person_receipt\``);
        await queryRunner.query(`DROP TABLE \`person_receipt\``);
    }

}
