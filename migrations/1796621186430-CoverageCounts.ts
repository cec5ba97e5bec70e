import { MigrationInterface, QueryRunner } from "typeorm";

export class CoverageCounts1796621186430 implements MigrationInterface {
    name = 'CoverageCounts1796621186430'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE \`coverage_count\` (\`runId\` varchar(32) NOT NULL, \`position\` int NOT NULL, \`measure\` varchar(20) NOT NULL, \`registeredDistrict\` varchar(6) NULL, \`residenceDistrict\` varchar(6) NULL, \`countKey\` varchar(120) NOT NULL, \`count\` int NOT NULL, PRIMARY KEY (\`runId\`, \`position\`)) ENGINE=InnoDB`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TABLE \`coverage_count\``);
    }

}
