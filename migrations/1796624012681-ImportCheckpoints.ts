import { MigrationInterface, QueryRunner } from "typeorm";

export class ImportCheckpoints1796624012681 implements MigrationInterface {
    name = 'ImportCheckpoints1796624012681'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE \`import_checkpoint\` (\`fileKey\` varchar(64) NOT NULL, \`dept\` varchar(16) NOT NULL, \`line\` int NOT NULL, \`updatedAt\` datetime(3) NOT NULL, PRIMARY KEY (\`fileKey\`)) ENGINE=InnoDB`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TABLE \`import_checkpoint\``);
    }

}
