package ma.cnss.claims.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.hl7.fhir.r4.model.Claim;
import org.junit.jupiter.api.Test;

/**
 * The Claim stored for every accepted claim is written by {@link ClaimJsonWriter}, not by HAPI's encoder: it must be
 * exactly what HAPI writes for {@link ClaimToFhirMapper}'s Claim, whatever the claim holds.
 */
class ClaimJsonWriterTest {

    private static final IParser HAPI = FhirContext.forR4Cached().newJsonParser();
    private static final ClaimToFhirMapper MAPPER = new ClaimToFhirMapper();
    private static final String[] AWKWARD = {"", "A", "REF-0001", "é à ç", "\"quoted\"", "back\\slash", "new\nline",
            "tab\there", "</script>", "ÿ€😀", "\u0001", "ع ر ب ي", "  spaced  "};
    private static final String[] AWKWARD_IDS = {"0", "000123", "99999999999999999999", "7"};
    private static final String[] RELATIONSHIPS = {"SELF", "SPOUSE", "CHILD", "OTHER"};

    @Test
    void theHandWrittenClaimIsByteForByteWhatHapiWritesForRandomClaims() {
        Random random = new Random(20261123);
        for (int i = 0; i < 5_000; i++) {
            ClaimToFhirMapper.AcceptedClaim claim = randomClaim(random, i);
            assertThat(ClaimJsonWriter.write(claim)).as("claim %d", i).isEqualTo(hapi(claim));
        }
    }

    @Test
    void theHandWrittenClaimParsesBackToTheSameClaim() {
        ClaimToFhirMapper.AcceptedClaim claim = randomClaim(new Random(7), 1);
        Claim parsed = HAPI.parseResource(Claim.class, ClaimJsonWriter.write(claim));
        assertThat(parsed.getIdPart()).isEqualTo("claim-1");
        assertThat(parsed.getItem()).hasSize(claim.lines().size());
        assertThat(HAPI.encodeResourceToString(parsed)).isEqualTo(hapi(claim));
    }

    private static String hapi(ClaimToFhirMapper.AcceptedClaim claim) {
        return HAPI.encodeResourceToString(MAPPER.map(claim).claim());
    }

    static ClaimToFhirMapper.AcceptedClaim randomClaim(Random random, long id) {
        List<ClaimToFhirMapper.AcceptedLine> lines = new ArrayList<>();
        int count = random.nextInt(6);
        String[] types = {"ACT", "MEDICINE", "DEVICE", "DAY_RATE"};
        for (int n = 1; n <= count; n++) {
            lines.add(new ClaimToFhirMapper.AcceptedLine(n, types[random.nextInt(types.length)],
                    random.nextInt(4) == 0 ? awkward(random) : "C" + random.nextInt(100), 1 + random.nextInt(30),
                    date(random), BigDecimal.valueOf(random.nextInt(10_000_000), 2)));
        }
        List<String> diagnoses = new ArrayList<>();
        for (int n = random.nextInt(4); n > 0; n--) {
            diagnoses.add(random.nextInt(5) == 0 ? awkward(random) : "E1" + random.nextInt(10) + ".9");
        }
        boolean hospital = random.nextBoolean();
        LocalDate admission = random.nextInt(4) == 0 ? null : date(random);
        return new ClaimToFhirMapper.AcceptedClaim(id, random.nextInt(10) == 0 ? awkward(random) : "711111111",
                awkward(random), random.nextInt(20) == 0 ? awkward(random) : random.nextBoolean() ? "TADAMON" : "TNS",
                random.nextInt(20) == 0 ? awkwardId(random) : "A" + random.nextInt(1_000_000),
                random.nextInt(5), RELATIONSHIPS[random.nextInt(RELATIONSHIPS.length)], date(random), date(random),
                random.nextBoolean() ? null : date(random),
                random.nextInt(20) == 0 ? awkwardId(random) : "9" + random.nextInt(100_000_000), random.nextBoolean(),
                random.nextBoolean() ? "PRIVATE" : "PUBLIC",
                hospital, admission, admission == null || random.nextBoolean() ? null : admission.plusDays(3),
                random.nextInt(3) == 0 ? null : awkward(random), diagnoses,
                random.nextBoolean() ? "PROVIDER" : "INSURED", date(random), lines);
    }

    /** Insured ids and INPE are digits by the time they are mapped (intake and the registry check them). */
    private static String awkwardId(Random random) {
        return AWKWARD_IDS[random.nextInt(AWKWARD_IDS.length)];
    }

    static String awkward(Random random) {
        return AWKWARD[random.nextInt(AWKWARD.length)];
    }

    private static LocalDate date(Random random) {
        return LocalDate.of(2020, 1, 1).plusDays(random.nextInt(3_000));
    }
}
