package ma.cnss.claims.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Claim;

/**
 * {@code java -jar amo-claims.jar fhir-check-bench [--claims 50000] [--hapi-sample 300]}: how many incoming FHIR
 * Claims per CPU-second one core checks against the amo-claim profile, with the fast checks (JSON parse included)
 * and with HAPI's generic validator, on the same claims. Prints the figures; not part of the test suite.
 */
public final class ProfileCheckBenchmark {

    private ProfileCheckBenchmark() {
    }

    public static void main(Map<String, String> options) {
        int count = Integer.parseInt(options.getOrDefault("claims", "50000"));
        int sample = Integer.parseInt(options.getOrDefault("hapi-sample", "300"));
        FhirContext fhir = FhirContext.forR4Cached();
        IParser parser = fhir.newJsonParser();
        List<String> corpus = corpus(fhir, count);
        System.out.printf("Corpus: %,d FHIR Claims as JSON (%d bytes each on average)%n", corpus.size(),
                corpus.stream().mapToInt(String::length).sum() / corpus.size());

        AmoClaimProfileCheck fast = new AmoClaimProfileCheck();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        int warm = Math.min(corpus.size(), 20_000);
        long sink = 0;
        for (int round = 0; round < 3; round++) { // JIT warm-up
            for (int i = 0; i < warm; i++) {
                sink += fast.check(parser.parseResource(Claim.class, corpus.get(i))).size();
            }
        }
        long cpu = threads.getCurrentThreadCpuTime();
        long wall = System.nanoTime();
        for (String json : corpus) {
            sink += fast.check(parser.parseResource(Claim.class, json)).size();
        }
        double fastCpu = (threads.getCurrentThreadCpuTime() - cpu) / 1e9;
        double fastWall = (System.nanoTime() - wall) / 1e9;
        double checkOnlyCpu;
        List<Claim> parsed = new ArrayList<>();
        for (String json : corpus) {
            parsed.add(parser.parseResource(Claim.class, json));
        }
        cpu = threads.getCurrentThreadCpuTime();
        for (int round = 0; round < 5; round++) {
            for (Claim claim : parsed) {
                sink += fast.check(claim).size();
            }
        }
        checkOnlyCpu = (threads.getCurrentThreadCpuTime() - cpu) / 1e9 / 5;
        System.out.printf("Fast profile checks (parse + check), 1 thread: %,.0f claims per CPU-second "
                + "(%,.0f per wall-second); the checks alone: %,.0f per CPU-second%n", corpus.size() / fastCpu,
                corpus.size() / fastWall, corpus.size() / checkOnlyCpu);

        ProfileValidator oracle = new ProfileValidator(fhir,
                AmoTerminology.load(fhir, Path.of(System.getProperty("claims.home", ".")).resolve("fhir-profiles")));
        for (int i = 0; i < Math.min(100, sample); i++) { // warm-up: loads the R4 core package and snapshots
            sink += oracle.errors(parsed.get(i), ProfileValidator.CLAIM_PROFILE).size();
        }
        cpu = threads.getCurrentThreadCpuTime();
        for (int i = 0; i < sample; i++) {
            sink += oracle.errors(parsed.get(i % parsed.size()), ProfileValidator.CLAIM_PROFILE).size();
        }
        double hapiCpu = (threads.getCurrentThreadCpuTime() - cpu) / 1e9;
        System.out.printf("HAPI FhirValidator with the same profile, 1 thread, after warm-up: %,.0f claims per "
                + "CPU-second (%.1f ms each)%n", sample / hapiCpu, hapiCpu * 1000 / sample);
        System.out.printf("Fast checks are %,.0f times cheaper per claim (errors found: %d)%n",
                (corpus.size() / fastCpu) / (sample / hapiCpu), sink);
    }

    private static List<String> corpus(FhirContext fhir, int count) {
        IParser parser = fhir.newJsonParser();
        ClaimToFhirMapper mapper = new ClaimToFhirMapper();
        List<String> corpus = new ArrayList<>(count);
        LocalDate day = LocalDate.of(2026, 11, 3);
        for (int i = 0; i < count; i++) {
            List<ClaimToFhirMapper.AcceptedLine> lines = new ArrayList<>();
            lines.add(new ClaimToFhirMapper.AcceptedLine(1, "ACT", "C", 1, day, new BigDecimal("200.00")));
            for (int l = 0; l < i % 4; l++) {
                lines.add(new ClaimToFhirMapper.AcceptedLine(l + 2, "MEDICINE", "6118010116278", 1 + l, day,
                        new BigDecimal("210.00")));
            }
            Claim claim = mapper.map(new ClaimToFhirMapper.AcceptedClaim(i, "300000000", "B-" + i,
                    i % 12 == 0 ? "TNS" : "TADAMON", String.valueOf(100_000_000 + i), i % 3, "SELF",
                    LocalDate.of(1980, 1, 1).plusDays(i % 9000), LocalDate.of(2022, 12, 1), null, "300000000", false,
                    "PRIVATE", false, null, null, null, List.of("E11.9"), "INSURED", day, lines)).claim();
            if (i % 10 == 0) {
                claim.getTotal().setCurrency("USD"); // a share of claims the checks must refuse
            }
            corpus.add(parser.encodeResourceToString(claim));
        }
        return corpus;
    }
}
