package ma.cnss.claims.generator;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import ma.cnss.claims.shared.ReasonCode;

/**
 * Seeded, reproducible synthetic data: a registry (Tadamon and TNS members with dependants and rights periods,
 * providers, ALD recognitions, prior approvals) and clinic claim files in the CSV format of the contract, with a
 * controlled share of claims that each break exactly one rejection rule (amo-rules §6.2). The same options give
 * byte-identical files. {@code expected-outcomes.csv} says what each claim is meant to become.
 */
public final class SyntheticDataGenerator {

    /** What to generate. {@code asOf} is the deposit day: care dates are drawn before it. */
    public record Options(long seed, int claims, int claimsPerFile, LocalDate asOf, Path out, double brokenShare,
            String refPrefix, String format, long claimSeed) {

        /** Claims drawn from the same seed as the registry. */
        public Options(long seed, int claims, int claimsPerFile, LocalDate asOf, Path out, double brokenShare,
                String refPrefix, String format) {
            this(seed, claims, claimsPerFile, asOf, out, brokenShare, refPrefix, format, seed);
        }

        public Options {
            if (claims < 1 || claimsPerFile < 1) {
                throw new IllegalArgumentException("claims and claims per file must be at least 1");
            }
            if (!format.equals("csv") && !format.equals("fhir")) {
                throw new IllegalArgumentException("format: csv or fhir");
            }
            if (!refPrefix.matches("^[A-Za-z0-9]{1,12}$")) {
                throw new IllegalArgumentException("claim_ref prefix: 1 to 12 letters or digits");
            }
            if (brokenShare < 0 || brokenShare > 1) {
                throw new IllegalArgumentException("broken share must be between 0 and 1");
            }
        }
    }

    public record Summary(int members, int providers, int claims, int files, int lines, int broken) {
    }

    static final String CLAIM_HEADER = "claim_ref,regime,insured_id,beneficiary_rank,patient_birth_date,provider_inpe,"
            + "sector,care_setting,admission_date,discharge_date,prior_approval_ref,diagnosis_icd10,payee,"
            + "claim_total_mad,line_no,line_type,code,quantity,service_date,billed_mad";

    /** Rules the generator knows how to break, each in its own share of claims. */
    static final List<ReasonCode> BROKEN_RULES = List.of(ReasonCode.BENEF_UNKNOWN, ReasonCode.RIGHTS_CLOSED,
            ReasonCode.DEPENDANT_INELIGIBLE, ReasonCode.LATE_FILING, ReasonCode.PROVIDER_UNKNOWN,
            ReasonCode.NOT_REIMBURSABLE, ReasonCode.NO_PRIOR_APPROVAL, ReasonCode.DUPLICATE,
            ReasonCode.TOTAL_MISMATCH);

    private static final BigDecimal TADAMON_SHARE = new BigDecimal("102000").divide(new BigDecimal("111200"), 6,
            RoundingMode.HALF_UP);

    private final Options options;
    private SplittableRandom random;
    private final ReferenceCatalog catalog;
    private final Consumer<String> progress;

    record Member(String insuredId, int rank, String regime, String relationship, LocalDate birthDate, String sex,
            LocalDate rightsFrom, LocalDate rightsTo, String rib, String aldIcd10, int aldGroup) {
    }

    record Provider(String inpe, String kind, String sector) {
    }

    record Line(String type, String code, int quantity, LocalDate date, BigDecimal billed) {
    }

    private final List<Member> eligible = new ArrayList<>();
    private final List<Member> closedRights = new ArrayList<>();
    private final List<Member> overAgeChildren = new ArrayList<>();
    private final List<Provider> providers = new ArrayList<>();
    private final List<String[]> priorApprovals = new ArrayList<>();
    private FhirClaimFileWriter fhirWriter;
    private final java.util.Set<String> usedCare = new java.util.HashSet<>();

    public SyntheticDataGenerator(Options options, Consumer<String> progress) {
        this.options = options;
        this.random = new SplittableRandom(options.seed());
        this.catalog = ReferenceCatalog.load();
        this.progress = progress;
    }

    public Summary generate() {
        try {
            Files.createDirectories(options.out().resolve("registry"));
            Files.createDirectories(options.out().resolve("claims"));
            int members = buildMembers();
            buildProviders();
            // the claims have their own seed: another set of claims can be drawn against the same registry
            random = new SplittableRandom(options.claimSeed());
            ClaimsWritten written = writeClaims();
            writeRegistry();
            return new Summary(members, providers.size(), options.claims(), written.files, written.lines,
                    written.broken);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---------------------------------------------------------------- registry

    private int buildMembers() {
        int households = Math.max(20, options.claims() / 4);
        int count = 0;
        LocalDate asOf = options.asOf();
        for (int h = 0; h < households; h++) {
            String insuredId = String.valueOf(100_000_000 + h * 7L);
            boolean tadamon = random.nextDouble() < TADAMON_SHARE.doubleValue();
            String regime = tadamon ? "TADAMON" : "TNS";
            LocalDate rightsFrom = tadamon ? LocalDate.of(2022, 12, 1) : asOf.minusDays(200 + random.nextInt(1500));
            boolean closed = h % 50 == 7; // 2 % of households lost their rights last year
            LocalDate rightsTo = closed ? asOf.minusDays(150 + random.nextInt(100)) : null;
            LocalDate birth = asOf.minusDays(365L * (25 + random.nextInt(45)) + random.nextInt(365));
            String sex = random.nextBoolean() ? "M" : "F";
            String rib = rib(h);
            List<Member> household = new ArrayList<>();
            household.add(withAld(new Member(insuredId, 0, regime, "SELF", birth, sex, rightsFrom, rightsTo, rib, null, 0)));
            int rank = 1;
            if (random.nextDouble() < 0.7) {
                household.add(withAld(new Member(insuredId, rank++, regime, "SPOUSE",
                        birth.plusDays(random.nextInt(3000) - 1500), sex.equals("M") ? "F" : "M", rightsFrom, rightsTo,
                        null, null, 0)));
            }
            int children = random.nextInt(4);
            for (int c = 0; c < children; c++) {
                boolean overAge = h % 40 == 3 && c == 0; // a child past 21 still listed on the file
                LocalDate childBirth = overAge ? asOf.minusDays(365L * 24 + random.nextInt(700))
                        : asOf.minusDays(365L * random.nextInt(19) + random.nextInt(365) + 150); // born before any care drawn
                household.add(withAld(new Member(insuredId, rank++, regime, "CHILD", childBirth,
                        random.nextBoolean() ? "M" : "F", rightsFrom, rightsTo, null, null, 0)));
            }
            for (Member member : household) {
                if (closed) {
                    closedRights.add(member);
                } else if (member.relationship().equals("CHILD") && member.birthDate().isBefore(asOf.minusYears(22))) {
                    overAgeChildren.add(member);
                } else {
                    eligible.add(member);
                }
                count++;
            }
            allMembers.addAll(household);
        }
        return count;
    }

    private final List<Member> allMembers = new ArrayList<>();

    private Member withAld(Member member) {
        if (random.nextDouble() >= 0.04 || catalog.aldGroups.isEmpty()) {
            return member;
        }
        ReferenceCatalog.AldGroup group = catalog.aldGroups.get(random.nextInt(catalog.aldGroups.size()));
        String code = group.icd10Codes().get(random.nextInt(group.icd10Codes().size()));
        return new Member(member.insuredId(), member.rank(), member.regime(), member.relationship(),
                member.birthDate(), member.sex(), member.rightsFrom(), member.rightsTo(), member.rib(), code,
                group.number());
    }

    private void buildProviders() {
        int count = Math.max(12, options.claims() / 400);
        String[] kinds = {"GP", "GP", "SPECIALIST", "PHARMACY", "PHARMACY", "LAB", "CLINIC", "CLINIC", "DENTIST",
                "PUBLIC_HOSPITAL", "IMAGING", "SPECIALIST"};
        for (int i = 0; i < count; i++) {
            String kind = kinds[i % kinds.length];
            providers.add(new Provider(String.valueOf(300_000_000 + i * 13L), kind,
                    kind.equals("PUBLIC_HOSPITAL") ? "PUBLIC" : "PRIVATE"));
        }
    }

    private void writeRegistry() throws IOException {
        Path dir = options.out().resolve("registry");
        try (Writer members = writer(dir.resolve("members.csv"));
                Writer ald = writer(dir.resolve("ald_recognitions.csv"))) {
            members.write("insured_id,beneficiary_rank,regime,relationship,birth_date,sex,rights_from,rights_to,rib\n");
            ald.write("insured_id,beneficiary_rank,ald_group,icd10,valid_from,valid_to\n");
            for (Member m : allMembers) {
                members.write(m.insuredId() + "," + m.rank() + "," + m.regime() + "," + m.relationship() + ","
                        + m.birthDate() + "," + m.sex() + "," + m.rightsFrom() + ","
                        + (m.rightsTo() == null ? "" : m.rightsTo()) + "," + (m.rib() == null ? "" : m.rib()) + "\n");
                if (m.aldIcd10() != null) {
                    ald.write(m.insuredId() + "," + m.rank() + "," + m.aldGroup() + "," + m.aldIcd10() + ","
                            + options.asOf().minusYears(1) + "," + options.asOf().plusYears(2) + "\n");
                }
            }
        }
        try (Writer out = writer(dir.resolve("providers.csv"))) {
            out.write("inpe,name,kind,sector,ice,rib\n");
            for (int i = 0; i < providers.size(); i++) {
                Provider p = providers.get(i);
                boolean establishment = p.kind().equals("CLINIC") || p.kind().equals("PUBLIC_HOSPITAL");
                out.write(p.inpe() + ",Prestataire " + (i + 1) + "," + p.kind() + "," + p.sector() + ","
                        + (establishment ? String.format("%015d", 1_000_000_000L + i) : "") + "," + rib(1_000_000 + i)
                        + "\n");
            }
        }
        try (Writer out = writer(dir.resolve("prior_approvals.csv"))) {
            out.write("reference,insured_id,beneficiary_rank,provider_inpe,valid_from,valid_to,scope\n");
            for (String[] a : priorApprovals) {
                out.write(String.join(",", a) + "\n");
            }
        }
    }

    /** A 24-digit RIB (3 bank, 3 city, 16 account, 2-digit mod-97 key), deterministic from a number. */
    static String rib(long n) {
        String body = String.format("%03d%03d%016d", 7 + n % 20, 780 + n % 50, 4_000_000_000L + n * 31);
        BigDecimal value = new BigDecimal(body + "00");
        int key = 97 - value.remainder(new BigDecimal(97)).intValue();
        return body + String.format("%02d", key);
    }

    // ---------------------------------------------------------------- claims

    private record ClaimsWritten(int files, int lines, int broken) {
    }

    private ClaimsWritten writeClaims() throws IOException {
        // files go round the providers in a seeded order, so small samples still mix clinics, pharmacies, labs...
        List<Provider> submitters = new ArrayList<>(providers);
        for (int i = submitters.size() - 1; i > 0; i--) {
            java.util.Collections.swap(submitters, i, random.nextInt(i + 1));
        }
        int files = (options.claims() + options.claimsPerFile() - 1) / options.claimsPerFile();
        int written = 0;
        int lines = 0;
        int broken = 0;
        try (Writer expected = writer(options.out().resolve("expected-outcomes.csv"))) {
            expected.write("submitter_inpe,claim_ref,expected_reason,expected_flags\n");
            for (int f = 0; f < files; f++) {
                Provider submitter = submitters.get(f % submitters.size());
                int inFile = Math.min(options.claimsPerFile(), options.claims() - written);
                Path dir = options.out().resolve("claims").resolve(submitter.inpe());
                Files.createDirectories(dir);
                boolean fhir = options.format().equals("fhir");
                List<List<String[]>> fhirClaims = new ArrayList<>();
                try (Writer out = writer(dir.resolve(String.format("claims-%05d.%s", f + 1, fhir ? "json" : "csv")))) {
                    if (!fhir) {
                        out.write(CLAIM_HEADER + "\n");
                    }
                    String[] previous = null;
                    for (int c = 0; c < inFile; c++) {
                        int sequence = written + c + 1;
                        ReasonCode rule = random.nextDouble() < options.brokenShare()
                                ? BROKEN_RULES.get(random.nextInt(BROKEN_RULES.size())) : null;
                        if (rule == ReasonCode.DUPLICATE && previous == null) {
                            rule = null;
                        }
                        if (rule == ReasonCode.NO_PRIOR_APPROVAL && !submitter.kind().equals("CLINIC")) {
                            rule = ReasonCode.LATE_FILING; // only private clinics' stays need a PEC
                        }
                        GeneratedClaim claim = rule == ReasonCode.DUPLICATE
                                ? duplicateOf(previous, sequence)
                                : claim(submitter, sequence, c, rule);
                        if (rule != null) {
                            broken++;
                        } else {
                            previous = claim.rows.get(0);
                        }
                        if (fhir) {
                            fhirClaims.add(claim.rows);
                        } else {
                            for (String[] row : claim.rows) {
                                out.write(String.join(",", row));
                                out.write('\n');
                            }
                        }
                        lines += claim.rows.size();
                        expected.write(submitter.inpe() + "," + claim.ref + "," + (rule == null ? "" : rule.name())
                                + "," + claim.flags + "\n");
                    }
                    if (fhir) {
                        if (fhirWriter == null) {
                            fhirWriter = new FhirClaimFileWriter();
                        }
                        fhirWriter.write(fhirClaims, out);
                    }
                }
                written += inFile;
                if (options.claims() >= 20_000 && (f + 1) % Math.max(1, files / 10) == 0) {
                    progress.accept(String.format("  generated %,d / %,d claims (%d files)", written,
                            options.claims(), f + 1));
                }
            }
        }
        return new ClaimsWritten(files, lines, broken);
    }

    private record GeneratedClaim(String ref, List<String[]> rows, String flags) {
    }

    /** Costly-rule scenarios; amounts chosen so that ordinary claims never meet them by chance. */
    static final BigDecimal ROLLING_12M_THRESHOLD = new BigDecimal("40000.00");
    private static final BigDecimal ORDINARY_MEMBER_CAP = new BigDecimal("15000.00");
    private static final BigDecimal OUTLIER_CONSULTATION = new BigDecimal("2000.00");
    private final java.util.Map<Member, BigDecimal> spent = new java.util.HashMap<>();

    private GeneratedClaim claim(Provider submitter, int sequence, int positionInFile, ReasonCode rule) {
        LocalDate asOf = options.asOf();
        boolean establishment = submitter.kind().equals("CLINIC") || submitter.kind().equals("PUBLIC_HOSPITAL");
        // a long intensive-care stay whose cost alone passes the beneficiary's 12-month threshold
        boolean longStay = rule == null && establishment && random.nextDouble() < 0.01;
        // a consultation billed ten times the usual, once the file has shown the usual (the median needs samples)
        boolean outlier = rule == null && !longStay && submitter.kind().equals("GP") && positionInFile >= 150
                && random.nextDouble() < 0.01;
        Member member = pick(eligible);
        // ordinary beneficiaries stay far below the 12-month threshold; a long stay goes to one who spent nothing
        for (int attempt = 0; attempt < 50 && (longStay ? spent.containsKey(member)
                : spent.getOrDefault(member, BigDecimal.ZERO).compareTo(ORDINARY_MEMBER_CAP) > 0); attempt++) {
            member = pick(eligible);
        }
        if (longStay && spent.containsKey(member)) {
            longStay = false;
        }
        if (rule == ReasonCode.RIGHTS_CLOSED && !closedRights.isEmpty()) {
            member = pick(closedRights);
        } else if (rule == ReasonCode.DEPENDANT_INELIGIBLE && !overAgeChildren.isEmpty()) {
            member = pick(overAgeChildren);
        }
        String insuredId = member.insuredId();
        LocalDate birth = member.birthDate();
        if (rule == ReasonCode.BENEF_UNKNOWN) {
            if (random.nextBoolean()) {
                insuredId = String.valueOf(900_000_000 + sequence);
            } else {
                birth = birth.plusDays(1 + random.nextInt(300)); // birth date not the registry's
            }
        }
        String providerInpe = rule == ReasonCode.PROVIDER_UNKNOWN ? String.valueOf(800_000_000 + sequence)
                : submitter.inpe();
        boolean hospital = establishment && (random.nextDouble() < 0.5 || rule == ReasonCode.NO_PRIOR_APPROVAL
                || longStay);
        int days = !hospital ? 0 : longStay ? 30 : 1 + random.nextInt(6);
        LocalDate care = asOf.minusDays(1 + random.nextInt(45));
        // a clean claim is never, by chance, the same care as another one (that is the DUPLICATE rule's job);
        // a stay's lines are dated on admission, so that is the date that must be new
        for (int attempt = 0; attempt < 20 && !usedCare.add(member.insuredId() + "|" + member.rank() + "|"
                + providerInpe + "|" + care.minusDays(days)); attempt++) {
            care = asOf.minusDays(1 + random.nextInt(45));
        }
        if (rule == ReasonCode.LATE_FILING) {
            care = asOf.minusDays(75 + random.nextInt(60));
        }
        LocalDate admission = null;
        LocalDate discharge = null;
        List<Line> lines = new ArrayList<>();
        List<String> flags = new ArrayList<>();
        if (hospital) {
            admission = care.minusDays(days);
            if (rule == ReasonCode.LATE_FILING) {
                care = admission.plusDays(days);
            }
            discharge = admission.plusDays(days);
            boolean intensive = random.nextDouble() < 0.15 || longStay;
            String ward = intensive ? "INTENSIVE_CARE" : "MEDICAL_WARD";
            BigDecimal dayRate = intensive ? new BigDecimal("1500.00") : new BigDecimal("850.00");
            lines.add(new Line("DAY_RATE", ward, days, admission, dayRate.multiply(BigDecimal.valueOf(days))));
            lines.add(new Line("ACT", "K" + (10 + random.nextInt(90)), 1, admission, amount(800, 6000)));
            lines.add(medicineLine(admission, false));
            if (intensive) {
                flags.add("COSTLY_INTENSIVE_CARE");
            }
        } else {
            switch (submitter.kind()) {
                case "PHARMACY" -> {
                    int count = 2 + random.nextInt(3);
                    for (int i = 0; i < count; i++) {
                        boolean costly = random.nextDouble() < 0.01;
                        lines.add(medicineLine(care, costly));
                        if (costly) {
                            flags.add("COSTLY_MEDICINE");
                        }
                    }
                }
                case "LAB" -> {
                    lines.add(new Line("ACT", "B" + (20 + random.nextInt(200)), 1, care, amount(60, 600)));
                    lines.add(new Line("ACT", "B" + (20 + random.nextInt(200)), 1, care, amount(60, 400)));
                }
                case "IMAGING" -> lines.add(new Line("ACT", "Z" + (10 + random.nextInt(60)), 1, care,
                        amount(200, 1500)));
                case "DENTIST" -> {
                    lines.add(new Line("ACT", "C", 1, care, amount(150, 250)));
                    lines.add(new Line("ACT", "D" + (10 + random.nextInt(40)), 1, care, amount(200, 900)));
                }
                case "SPECIALIST" -> {
                    lines.add(new Line("ACT", "CS", 1, care, amount(250, 400)));
                    lines.add(medicineLine(care, false));
                    lines.add(medicineLine(care, false));
                }
                default -> {
                    lines.add(new Line("ACT", "C", 1, care, outlier ? OUTLIER_CONSULTATION : amount(150, 250)));
                    if (outlier) {
                        flags.add("COSTLY_OUTLIER");
                    }
                    lines.add(medicineLine(care, false));
                    lines.add(medicineLine(care, false));
                }
            }
        }
        if (rule == ReasonCode.NOT_REIMBURSABLE && !catalog.excludedMedicines.isEmpty()) {
            ReferenceCatalog.Medicine excluded = catalog.excludedMedicines.get(
                    random.nextInt(catalog.excludedMedicines.size()));
            lines.add(new Line("MEDICINE", excluded.ean13(), 1, lines.get(0).date(), excluded.ppv()));
        }
        String diagnosis;
        if (member.aldIcd10() != null && random.nextDouble() < 0.7) {
            diagnosis = member.aldIcd10();
            flags.add("ALD");
        } else if (random.nextDouble() < 0.02 && !catalog.aldGroups.isEmpty()) {
            ReferenceCatalog.AldGroup group = catalog.aldGroups.get(random.nextInt(catalog.aldGroups.size()));
            diagnosis = group.icd10Codes().get(random.nextInt(group.icd10Codes().size()));
            Member patient = member;
            String code = diagnosis;
            boolean recognised = patient.aldIcd10() != null && catalog.aldGroups.stream()
                    .anyMatch(g -> g.number() == patient.aldGroup() && g.icd10Codes().contains(code));
            flags.add(recognised ? "ALD" : "POTENTIAL_ALD");
        } else {
            diagnosis = catalog.ordinaryIcd10.get(random.nextInt(catalog.ordinaryIcd10.size()));
        }
        BigDecimal total = lines.stream().map(Line::billed).reduce(BigDecimal.ZERO, BigDecimal::add)
                .setScale(2, RoundingMode.UNNECESSARY);
        if (total.compareTo(new BigDecimal("5000.00")) > 0) {
            flags.add("COSTLY_TOTAL");
        }
        // broken claims count too (some of their lines may be accepted): the cap stays on the safe side
        BigDecimal memberSpend = spent.getOrDefault(member, BigDecimal.ZERO).add(total);
        spent.put(member, memberSpend);
        if (memberSpend.compareTo(ROLLING_12M_THRESHOLD) > 0) {
            flags.add("COSTLY_ROLLING_12M");
        }
        String statedTotal = (rule == ReasonCode.TOTAL_MISMATCH ? total.add(new BigDecimal("10.00")) : total)
                .toPlainString();
        String payee = establishment ? "PROVIDER" : (submitter.kind().equals("PHARMACY") && random.nextBoolean()
                ? "PROVIDER" : "INSURED");
        String approval = "";
        if (hospital && submitter.sector().equals("PRIVATE") && payee.equals("PROVIDER")
                && rule != ReasonCode.NO_PRIOR_APPROVAL) {
            approval = "PEC-" + options.refPrefix() + sequence;
            priorApprovals.add(new String[] {approval, member.insuredId(), String.valueOf(member.rank()),
                    submitter.inpe(), admission.minusDays(2).toString(), discharge.plusDays(30).toString(),
                    "HOSPITALISATION"});
        }
        String ref = options.refPrefix() + submitter.inpe().substring(5) + "-" + sequence;
        List<String[]> rows = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Line line = lines.get(i);
            rows.add(new String[] {ref, member.regime(), insuredId, String.valueOf(member.rank()), birth.toString(),
                    providerInpe, submitter.sector(), hospital ? "HOSPITAL" : "AMBULATORY",
                    admission == null ? "" : admission.toString(), discharge == null ? "" : discharge.toString(),
                    approval, diagnosis, payee, statedTotal, String.valueOf(i + 1), line.type(), line.code(),
                    String.valueOf(line.quantity()), line.date().toString(), line.billed().toPlainString()});
        }
        return new GeneratedClaim(ref, rows, rule == null ? String.join(";", flags.stream().distinct().toList()) : "");
    }

    /** The same care as a previous claim (same beneficiary, provider, date, code), under a new claim_ref. */
    private GeneratedClaim duplicateOf(String[] previousFirstRow, int sequence) {
        String ref = previousFirstRow[0].substring(0, previousFirstRow[0].indexOf('-')) + "-" + sequence;
        String[] row = previousFirstRow.clone();
        row[0] = ref;
        row[13] = row[19]; // one line: the stated total is that line's amount
        row[14] = "1";
        return new GeneratedClaim(ref, List.<String[]>of(row), "");
    }

    private Line medicineLine(LocalDate date, boolean costly) {
        List<ReferenceCatalog.Medicine> list = costly && !catalog.costlyMedicines.isEmpty()
                ? catalog.costlyMedicines : catalog.reimbursableMedicines;
        ReferenceCatalog.Medicine medicine = list.get(random.nextInt(list.size()));
        int quantity = 1 + (random.nextDouble() < 0.2 ? 1 : 0);
        return new Line("MEDICINE", medicine.ean13(), quantity, date,
                medicine.ppv().multiply(BigDecimal.valueOf(quantity)));
    }

    private BigDecimal amount(int min, int max) {
        return BigDecimal.valueOf(min + random.nextInt(max - min + 1)).setScale(2, RoundingMode.UNNECESSARY);
    }

    private <T> T pick(List<T> list) {
        return list.get(random.nextInt(list.size()));
    }

    private static Writer writer(Path path) throws IOException {
        return new BufferedWriter(Files.newBufferedWriter(path, StandardCharsets.UTF_8), 1 << 16);
    }
}
