import { MigrationInterface, QueryRunner } from "typeorm";

export class PushToBothDistricts1796167642283 implements MigrationInterface {
    name = 'PushToBothDistricts1796167642283'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE \`push_evaluation\` (\`idNumber\` varchar(18) NOT NULL, \`item\` varchar(128) NOT NULL, \`state\` varchar(64) NOT NULL, \`asOf\` date NOT NULL, PRIMARY KEY (\`idNumber\`, \`item\`)) ENGINE=InnoDB`);
        await queryRunner.query(`CREATE TABLE \`push_notification\` (\`sequence\` bigint NOT NULL, \`districtCode\` varchar(6) NOT NULL, \`registeredDistrict\` varchar(6) NOT NULL, \`residenceDistrict\` varchar(6) NOT NULL, \`idNumber\` varchar(18) NOT NULL, \`kind\` varchar(24) NOT NULL, \`trigger\` varchar(24) NOT NULL, \`ruleId\` varchar(64) NULL, \`program\` varchar(24) NULL, \`recordKey\` varchar(96) NULL, \`previousOutcome\` varchar(16) NULL, \`newOutcome\` varchar(16) NULL, \`amount\` decimal(14,2) NULL, \`asOf\` date NOT NULL, \`changeKey\` varchar(64) NOT NULL, \`detail\` text NOT NULL, \`createdAt\` datetime(3) NOT NULL, \`status\` varchar(24) NOT NULL, \`acknowledgedAt\` datetime(3) NULL, \`acknowledgedBy\` varchar(128) NULL, \`actedAt\` datetime(3) NULL, \`actedBy\` varchar(128) NULL, \`outcomeReason\` varchar(500) NULL, INDEX \`IDX_push_notification_change\` (\`changeKey\`), INDEX \`IDX_push_notification_person\` (\`idNumber\`, \`sequence\`), INDEX \`IDX_push_notification_district\` (\`districtCode\`, \`sequence\`), INDEX \`IDX_push_notification_inbox\` (\`districtCode\`, \`status\`, \`sequence\`), UNIQUE INDEX \`UQ_push_notification_change\` (\`districtCode\`, \`changeKey\`), PRIMARY KEY (\`sequence\`)) ENGINE=InnoDB`);
        await queryRunner.query(`CREATE TABLE \`push_sequence\` (\`name\` varchar(32) NOT NULL, \`value\` bigint NOT NULL, PRIMARY KEY (\`name\`)) ENGINE=InnoDB`);
        // The outbox lock's row: every transaction writing notifications locks it (src/push/outbox.ts).
        await queryRunner.query(`INSERT INTO \`push_sequence\` (\`name\`, \`value\`) VALUES ('notification', 0)`);
        await queryRunner.query(`CREATE TABLE \`push_notification_archive\` (\`sequence\` bigint NOT NULL, \`districtCode\` varchar(6) NOT NULL, \`idNumber\` varchar(18) NOT NULL, \`changeKey\` varchar(64) NOT NULL, \`createdAt\` datetime(3) NOT NULL, \`actedAt\` datetime(3) NOT NULL, \`archivedAt\` datetime(3) NOT NULL, \`row\` text NOT NULL, INDEX \`IDX_push_notification_archive_change\` (\`changeKey\`), INDEX \`IDX_push_notification_archive_person\` (\`idNumber\`, \`sequence\`), INDEX \`IDX_push_notification_archive_district\` (\`districtCode\`, \`sequence\`), PRIMARY KEY (\`sequence\`)) ENGINE=InnoDB`);
        await queryRunner.query(`CREATE TABLE \`push_delivery\` (\`sequence\` bigint NOT NULL, \`districtCode\` varchar(6) NOT NULL, \`idNumber\` varchar(18) NOT NULL, \`status\` varchar(16) NOT NULL, \`attempts\` int NOT NULL, \`nextAttemptAt\` datetime(3) NOT NULL, \`claimedBy\` varchar(64) NULL, \`claimedUntil\` datetime(3) NULL, \`lastError\` varchar(255) NULL, \`deliveredAt\` datetime(3) NULL, INDEX \`IDX_push_delivery_person\` (\`districtCode\`, \`idNumber\`, \`sequence\`), INDEX \`IDX_push_delivery_due\` (\`status\`, \`nextAttemptAt\`), PRIMARY KEY (\`sequence\`)) ENGINE=InnoDB`);
        await queryRunner.query(`CREATE TABLE \`push_webhook\` (\`districtCode\` varchar(6) NOT NULL, \`url\` varchar(2048) NOT NULL, \`secret\` varchar(255) NOT NULL, \`registeredAt\` datetime(3) NOT NULL, \`registeredBy\` varchar(128) NULL, PRIMARY KEY (\`districtCode\`)) ENGINE=InnoDB`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TABLE \`push_webhook\``);
        await queryRunner.query(`DROP INDEX \`IDX_push_delivery_due\` ON \`push_delivery\``);
        await queryRunner.query(`DROP INDEX \`IDX_push_delivery_person\` ON \`push_delivery\``);
        await queryRunner.query(`DROP TABLE \`push_delivery\``);
        await queryRunner.query(`DROP INDEX \`IDX_push_notification_archive_district\` ON \`push_notification_archive\``);
        await queryRunner.query(`DROP INDEX \`IDX_push_notification_archive_person\` ON \`push_notification_archive\``);
        await queryRunner.query(`DROP INDEX \`IDX_push_notification_archive_change\` ON \`push_notification_archive\``);
        await queryRunner.query(`DROP TABLE \`push_notification_archive\``);
        await queryRunner.query(`DROP TABLE \`push_sequence\``);
        await queryRunner.query(`DROP INDEX \`UQ_push_notification_change\` ON \`push_notification\``);
        await queryRunner.query(`DROP INDEX \`IDX_push_notification_inbox\` ON \`push_notification\``);
        await queryRunner.query(`DROP INDEX \`IDX_push_notification_district\` ON \`push_notification\``);
        await queryRunner.query(`DROP INDEX \`IDX_push_notification_person\` ON \`push_notification\``);
        await queryRunner.query(`DROP INDEX \`IDX_push_notification_change\` ON \`push_notification\``);
        await queryRunner.query(`DROP TABLE \`push_notification\``);
        await queryRunner.query(`DROP TABLE \`push_evaluation\``);
    }

}
