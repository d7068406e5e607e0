package ma.cnss.claims.support;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Builds clinic CSV claim files for tests, row by row, from a valid default claim. */
public final class ClaimCsv {

    public static final String HEADER = "claim_ref,regime,insured_id,beneficiary_rank,patient_birth_date,"
            + "provider_inpe,sector,care_setting,admission_date,discharge_date,prior_approval_ref,diagnosis_icd10,"
            + "payee,claim_total_mad,line_no,line_type,code,quantity,service_date,billed_mad";

    private final List<String> rows = new ArrayList<>();
    private String header = HEADER;

    public static ClaimCsv file() {
        return new ClaimCsv();
    }

    public ClaimCsv header(String header) {
        this.header = header;
        return this;
    }

    /**
     * A valid ambulatory GP claim, ten days old: a consultation (200.00) and a box of CRESTOR 5 mg (210.00), total
     * 410.00. Each call takes the next member of {@link TestRegistry}, so two valid claims are never the same care.
     */
    public ClaimCsv validClaim(String ref) {
        String insured = TestRegistry.nextMember();
        String date = TestRegistry.recentCareDate().toString();
        rows.add(ref + ",TADAMON," + insured + ",0," + TestRegistry.BIRTH_DATE + "," + TestRegistry.GP
                + ",PRIVATE,AMBULATORY,,,,E11.9,INSURED,410.00,1,ACT,C,1," + date + ",200.00");
        rows.add(ref + ",TADAMON," + insured + ",0," + TestRegistry.BIRTH_DATE + "," + TestRegistry.GP
                + ",PRIVATE,AMBULATORY,,,,E11.9,INSURED,410.00,2,MEDICINE," + TestRegistry.CRESTOR_5MG + ",1," + date
                + ",210.00");
        return this;
    }

    public ClaimCsv row(String row) {
        rows.add(row);
        return this;
    }

    public String text() {
        return header + "\n" + String.join("\n", rows) + "\n";
    }

    public byte[] bytes() {
        return text().getBytes(StandardCharsets.UTF_8);
    }
}
