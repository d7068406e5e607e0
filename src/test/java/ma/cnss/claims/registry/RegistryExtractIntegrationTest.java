package ma.cnss.claims.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import ma.cnss.claims.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

class RegistryExtractIntegrationTest extends IntegrationTest {

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void membersAreUpsertedByKeyAndABadRowIsReportedAndSkipped() throws Exception {
        String header = "insured_id,beneficiary_rank,regime,relationship,birth_date,sex,rights_from,rights_to,rib\n";
        drop(DATA.resolve("registry-inbox"), "members-1.csv", (header
                + "500000001,0,TNS,SELF,1970-01-01,M,2024-01-01,,123456789012345678901234\n"
                + "500000001,1,TNS,CHILD,2010-01-01,F,2024-01-01,,\n").getBytes(StandardCharsets.UTF_8));
        await("first extract", Duration.ofSeconds(60), () -> hasFileEndingWith(DATA.resolve("registry-archive"), "members-1.csv"));

        drop(DATA.resolve("registry-inbox"), "members-2.csv", (header
                + "500000001,0,TNS,SELF,1970-01-01,M,2024-01-01,2026-06-30,123456789012345678901234\n"
                + "500000002,0,TADAMON,SELF,1975-13-01,F,2022-12-01,,\n").getBytes(StandardCharsets.UTF_8));
        await("second extract", Duration.ofSeconds(60), () -> hasFileEndingWith(DATA.resolve("registry-archive"), "members-2.csv.issues.txt"));

        assertThat(jdbc.queryForObject("select rights_to::text from member where insured_id = '500000001' "
                + "and beneficiary_rank = 0", String.class)).isEqualTo("2026-06-30");
        assertThat(jdbc.queryForObject("select count(*) from member where insured_id = '500000002'", Long.class))
                .isZero();
        try (Stream<Path> files = Files.list(DATA.resolve("registry-archive"))) {
            Path issues = files.filter(p -> p.toString().endsWith("members-2.csv.issues.txt")).findFirst()
                    .orElseThrow();
            assertThat(Files.readString(issues)).contains("Ligne 3, colonne birth_date");
        }
    }
}
