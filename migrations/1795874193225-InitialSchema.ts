import { MigrationInterface, QueryRunner } from "typeorm";

export class InitialSchema1795874193225 implements MigrationInterface {
    name = 'InitialSchema1795874193225'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE \`ca_assistance_enrollment\` (\`enrollmentNumber\` varchar(40) NOT NULL, \`program\` varchar(24) NOT NULL, \`unit\` varchar(16) NOT NULL, \`householdNumber\` varchar(40) NULL, \`idNumber\` varchar(18) NULL, \`startDate\` date NOT NULL, \`endDate\` date NULL, \`monthlyAmount\` decimal(14,2) NOT NULL, INDEX \`IDX_f006600ff4f39dc9ebf42e190b\` (\`householdNumber\`), INDEX \`IDX_f60c3600ccf805ad10f36521c1\` (\`idNumber\`), PRIMARY KEY (\`enrollmentNumber\`)) ENGINE=InnoDB`);
        await queryRunner.query(`CREATE TABLE \`ca_economic_check\` (\`householdNumber\` varchar(40) NOT NULL, \`checkedOn\` date NOT NULL, \`moneyAssets\` decimal(14,2) NOT NULL, \`otherPropertyValue\` decimal(14,2) NOT NULL, \`vehicle\` varchar(24) NOT NULL, \`homes\` int NOT NULL, \`nonResidentialProperty\` tinyint NOT NULL, \`incomeStable\` tinyint NOT NULL, PRIMARY KEY (\`householdNumber\`, \`checkedOn\`)) ENGINE=InnoDB`);
        await queryRunner.query(`CREATE TABLE \`ca_household\` (\`householdNumber\` varchar(40) NOT NULL, \`registeredDistrict\` varchar(6) NOT NULL, \`residenceDistrict\` varchar(6) NULL, INDEX \`IDX_ce21f2b52ddee6efb7c7a161dc\` (\`registeredDistrict\`), INDEX \`IDX_4e883f85a5968a9dee45a668a7\` (\`residenceDistrict\`), PRIMARY KEY (\`householdNumber\`)) ENGINE=InnoDB`);
        await queryRunner.query(`CREATE TABLE \`ca_household_member\` (\`idNumber\` varchar(18) NOT NULL, \`householdNumber\` varchar(40) NOT NULL, \`relation\` varchar(16) NOT NULL, \`monthlyIncome\` decimal(14,2) NOT NULL, INDEX \`IDX_cd0e7e647a2b2dfac65b833ad4\` (\`householdNumber\`), PRIMARY KEY (\`idNumber\`)) ENGINE=InnoDB`);
        await queryRunner.query(`CREATE TABLE \`ca_person\` (\`idNumber\` varchar(18) NOT NULL, \`name\` varchar(64) NOT NULL, \`sex\` varchar(6) NOT NULL, \`birthDate\` date NOT NULL, \`registeredDistrict\` varchar(6) NOT NULL, \`residenceDistrict\` varchar(6) NULL, \`residencePermitValidFrom\` date NULL, \`residencePermitValidUntil\` date NULL, \`fatherIdNumber\` varchar(18) NULL, \`motherIdNumber\` varchar(18) NULL, \`supporterStatus\` varchar(8) NULL, INDEX \`IDX_d4a00f37c42bc51cc9b9e32e3e\` (\`registeredDistrict\`), INDEX \`IDX_a62c9618092eef8d332c2d70c6\` (\`residenceDistrict\`), INDEX \`IDX_8b7d90dc59e29c64aaa27ab239\` (\`fatherIdNumber\`), INDEX \`IDX_04e443977a0f2d82118c57824d\` (\`motherIdNumber\`), PRIMARY KEY (\`idNumber\`)) ENGINE=InnoDB`);
        await queryRunner.query(`CREATE TABLE \`ca_person_situation\` (\`idNumber\` varchar(18) NOT NULL, \`kind\` varchar(32) NOT NULL, \`since\` date NOT NULL, \`until\` date NULL, PRIMARY KEY (\`idNumber\`, \`kind\`, \`since\`)) ENGINE=InnoDB`);
        await queryRunner.query(`CREATE TABLE \`ca_serious_illness_certification\` (\`certificationNumber\` varchar(40) NOT NULL, \`idNumber\` varchar(18) NOT NULL, \`tier\` int NOT NULL, \`validFrom\` date NOT NULL, \`validUntil\` date NULL, INDEX \`IDX_85fd9ee8c5ad3598dd6f7292f6\` (\`idNumber\`), PRIMARY KEY (\`certificationNumber\`)) ENGINE=InnoDB`);
        await queryRunner.query(`CREATE TABLE \`ca_temporary_assistance_payment\` (\`paymentNumber\` varchar(40) NOT NULL, \`idNumber\` varchar(18) NOT NULL, \`paidOn\` date NOT NULL, \`amount\` decimal(14,2) NOT NULL, \`kind\` varchar(16) NOT NULL, INDEX \`IDX_3f60123093d314e880ba39903d\` (\`idNumber\`), PRIMARY KEY (\`paymentNumber\`)) ENGINE=InnoDB`);
        await queryRunner.query(`CREATE TABLE \`dis_certificate\` (\`certificateNumber\` varchar(20) NOT NULL, \`idNumber\` varchar(18) NOT NULL, \`name\` varchar(64) NOT NULL, \`category\` int NOT NULL, \`grade\` int NOT NULL, \`issuedOn\` date NOT NULL, \`validUntil\` date NULL, \`revokedOn\` date NULL, INDEX \`IDX_74a8b701bf93510229737dbc6d\` (\`idNumber\`), INDEX \`IDX_bb2e7f7e8a2da1407172d4407c\` (\`grade\`), PRIMARY KEY (\`certificateNumber\`)) ENGINE=InnoDB`);
        await queryRunner.query(`CREATE TABLE \`hr_income_month\` (\`idNumber\` varchar(18) NOT NULL, \`month\` varchar(7) NOT NULL, \`amount\` decimal(14,2) NOT NULL, PRIMARY KEY (\`idNumber\`, \`month\`)) ENGINE=InnoDB`);
        await queryRunner.query(`CREATE TABLE \`hr_insurance_enrollment\` (\`idNumber\` varchar(18) NOT NULL, \`startDate\` date NOT NULL, \`name\` varchar(64) NOT NULL, \`endDate\` date NULL, \`drawingBenefit\` tinyint NOT NULL, PRIMARY KEY (\`idNumber\`, \`startDate\`)) ENGINE=InnoDB`);
        await queryRunner.query(`CREATE TABLE \`hr_unemployment_registration\` (\`registrationNumber\` varchar(40) NOT NULL, \`idNumber\` varchar(18) NOT NULL, \`name\` varchar(64) NOT NULL, \`district\` varchar(6) NOT NULL, \`startDate\` date NOT NULL, \`endDate\` date NULL, INDEX \`IDX_33194b90a8b2abd9c7b3a1ffc6\` (\`idNumber\`), PRIMARY KEY (\`registrationNumber\`)) ENGINE=InnoDB`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX \`IDX_33194b90a8b2abd9c7b3a1ffc6\` ON \`hr_unemployment_registration\``);
        await queryRunner.query(`DROP TABLE \`hr_unemployment_registration\``);
        await queryRunner.query(`DROP TABLE \`hr_insurance_enrollment\``);
        await queryRunner.query(`DROP TABLE \`hr_income_month\``);
        await queryRunner.query(`DROP INDEX \`IDX_bb2e7f7e8a2da1407172d4407c\` ON \`dis_certificate\``);
        await queryRunner.query(`DROP INDEX \`IDX_74a8b701bf93510229737dbc6d\` ON \`dis_certificate\``);
        await queryRunner.query(`DROP TABLE \`dis_certificate\``);
        await queryRunner.query(`DROP INDEX \`IDX_3f60123093d314e880ba39903d\` ON \`ca_temporary_assistance_payment\``);
        await queryRunner.query(`DROP TABLE \`ca_temporary_assistance_payment\``);
        await queryRunner.query(`DROP INDEX \`IDX_85fd9ee8c5ad3598dd6f7292f6\` ON \`ca_serious_illness_certification\``);
        await queryRunner.query(`DROP TABLE \`ca_serious_illness_certification\``);
        await queryRunner.query(`DROP TABLE \`ca_person_situation\``);
        await queryRunner.query(`DROP INDEX \`IDX_04e443977a0f2d82118c57824d\` ON \`ca_person\``);
        await queryRunner.query(`DROP INDEX \`IDX_8b7d90dc59e29c64aaa27ab239\` ON \`ca_person\``);
        await queryRunner.query(`DROP INDEX \`IDX_a62c9618092eef8d332c2d70c6\` ON \`ca_person\``);
        await queryRunner.query(`DROP INDEX \`IDX_d4a00f37c42bc51cc9b9e32e3e\` ON \`ca_person\``);
        await queryRunner.query(`DROP TABLE \`ca_person\``);
        await queryRunner.query(`DROP INDEX \`IDX_cd0e7e647a2b2dfac65b833ad4\` ON \`ca_household_member\``);
        await queryRunner.query(`DROP TABLE \`ca_household_member\``);
        await queryRunner.query(`DROP INDEX \`IDX_4e883f85a5968a9dee45a668a7\` ON \`ca_household\``);
        await queryRunner.query(`DROP INDEX \`IDX_ce21f2b52ddee6efb7c7a161dc\` ON \`ca_household\``);
        await queryRunner.query(`DROP TABLE \`ca_household\``);
        await queryRunner.query(`DROP TABLE \`ca_economic_check\``);
        await queryRunner.query(`DROP INDEX \`IDX_f60c3600ccf805ad10f36521c1\` ON \`ca_assistance_enrollment\``);
        await queryRunner.query(`DROP INDEX \`IDX_f006600ff4f39dc9ebf42e190b\` ON \`ca_assistance_enrollment\``);
        await queryRunner.query(`DROP TABLE \`ca_assistance_enrollment\``);
    }

}
