import { MigrationInterface, QueryRunner } from "typeorm";

export class CoverageRuns1796171957717 implements MigrationInterface {
    name = 'CoverageRuns1796171957717'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE \`coverage_run\` (\`id\` varchar(32) NOT NULL, \`asOf\` date NOT NULL, \`status\` varchar(8) NOT NULL, \`startedAt\` datetime(3) NOT NULL, \`finishedAt\` datetime(3) NULL, \`persons\` int NOT NULL, \`ruleIds\` varchar(1000) NOT NULL, \`civilAffairsReceivedAt\` datetime(3) NULL, \`humanResourcesReceivedAt\` datetime(3) NULL, \`disabilityReceivedAt\` datetime(3) NULL, \`overrides\` text NULL, INDEX \`IDX_coverage_run_asof\` (\`asOf\`, \`status\`, \`finishedAt\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
        await queryRunner.query(`CREATE TABLE \`coverage_person_rule\` (\`runId\` varchar(32) NOT NULL, \`ruleId\` varchar(64) NOT NULL, \`idNumber\` varchar(18) NOT NULL, \`gap\` varchar(24) NOT NULL, \`program\` varchar(24) NOT NULL, \`outcome\` varchar(16) NOT NULL, \`registeredDistrict\` varchar(6) NOT NULL, \`residenceDistrict\` varchar(6) NULL, \`householdNumber\` varchar(40) NULL, INDEX \`IDX_coverage_person_rule_household\` (\`runId\`, \`householdNumber\`), INDEX \`IDX_coverage_person_rule_residence\` (\`runId\`, \`ruleId\`, \`gap\`, \`residenceDistrict\`, \`idNumber\`), INDEX \`IDX_coverage_person_rule_registered\` (\`runId\`, \`ruleId\`, \`gap\`, \`registeredDistrict\`, \`idNumber\`), INDEX \`IDX_coverage_person_rule_list\` (\`runId\`, \`ruleId\`, \`gap\`, \`idNumber\`), PRIMARY KEY (\`runId\`, \`ruleId\`, \`idNumber\`)) ENGINE=InnoDB`);
        await queryRunner.query(`CREATE TABLE \`coverage_finding\` (\`runId\` varchar(32) NOT NULL, \`idNumber\` varchar(18) NOT NULL, \`code\` varchar(48) NOT NULL, \`recordKey\` varchar(96) NOT NULL, \`registeredDistrict\` varchar(6) NOT NULL, \`residenceDistrict\` varchar(6) NULL, INDEX \`IDX_coverage_finding_code\` (\`runId\`, \`code\`, \`idNumber\`), PRIMARY KEY (\`runId\`, \`idNumber\`, \`code\`, \`recordKey\`)) ENGINE=InnoDB`);
        await queryRunner.query(`CREATE TABLE \`coverage_review\` (\`runId\` varchar(32) NOT NULL, \`kind\` varchar(16) NOT NULL, \`subjectKey\` varchar(40) NOT NULL, \`registeredDistrict\` varchar(6) NOT NULL, \`residenceDistrict\` varchar(6) NULL, \`dueOn\` date NOT NULL, PRIMARY KEY (\`runId\`, \`kind\`, \`subjectKey\`)) ENGINE=InnoDB`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TABLE \`coverage_review\``);
        await queryRunner.query(`DROP INDEX \`IDX_coverage_finding_code\` ON \`coverage_finding\``);
        await queryRunner.query(`DROP TABLE \`coverage_finding\``);
        await queryRunner.query(`DROP INDEX \`IDX_coverage_person_rule_list\` ON \`coverage_person_rule\``);
        await queryRunner.query(`DROP INDEX \`IDX_coverage_person_rule_registered\` ON \`coverage_person_rule\``);
        await queryRunner.query(`DROP INDEX \`IDX_coverage_person_rule_residence\` ON \`coverage_person_rule\``);
        await queryRunner.query(`DROP INDEX \`IDX_coverage_person_rule_household\` ON \`coverage_person_rule\``);
        await queryRunner.query(`DROP TABLE \`coverage_person_rule\``);
        await queryRunner.query(`DROP INDEX \`IDX_coverage_run_asof\` ON \`coverage_run\``);
        await queryRunner.query(`DROP TABLE \`coverage_run\``);
    }

}
