package ma.cnss.claims.fhir;

import ca.uhn.fhir.context.FhirContext;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.ClaimResponse;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ExplanationOfBenefit;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Money;
import org.hl7.fhir.r4.model.Reference;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * The adjudication of a decided claim as FHIR: a ClaimResponse for the submitter and an ExplanationOfBenefit for the
 * member, built from the priced lines ({@code settlement_line}) and the refusals ({@code claim_issue}). Per item:
 * {@code submitted} (billed), {@code eligible} (the base: TNR, PRIX_BR, forfait, or the amount review allowed),
 * {@code eligpercent} (the rate) and {@code benefit} (paid), with the reasons of every cut. A claim is adjudicated
 * once every line is decided: refused by validation, or priced at settlement.
 */
@Service
public class AdjudicationResources {

    public static final String ADJUDICATION_SYSTEM = "http://terminology.hl7.org/CodeSystem/adjudication";
    public static final String CUT_REASON_SYSTEM = AmoTerminology.CANONICAL_BASE + "/CodeSystem/amo-adjudication-note";
    private static final String CLAIM_TYPE_SYSTEM = "http://terminology.hl7.org/CodeSystem/claim-type";

    private final JdbcTemplate jdbc;
    private final FhirContext fhir;
    private final AmoTerminology terminology;

    public AdjudicationResources(JdbcTemplate jdbc, FhirContext fhir, AmoTerminology terminology) {
        this.jdbc = jdbc;
        this.fhir = fhir;
        this.terminology = terminology;
    }

    private record Head(long id, String claimRef, String status, String insuredId, int rank, String providerInpe,
            String submitterInpe, String careSetting, Date decidedAt, Date paidOn) {
    }

    private record Item(int lineNo, String lineType, String code, java.sql.Date serviceDate, BigDecimal billed,
            BigDecimal base, BigDecimal ratePct, BigDecimal paid, List<String[]> reasons) {
    }

    /** The ClaimResponse of a decided claim the submitter may see, as JSON. */
    public Optional<String> claimResponse(long claimId, String submitterInpe) {
        return head(claimId, submitterInpe).map(head -> fhir.newJsonParser().encodeResourceToString(
                claimResponse(head, items(head))));
    }

    /** The ExplanationOfBenefit of a decided claim the submitter may see, as JSON. */
    public Optional<String> explanationOfBenefit(long claimId, String submitterInpe) {
        return head(claimId, submitterInpe).map(head -> fhir.newJsonParser().encodeResourceToString(
                explanationOfBenefit(head, items(head))));
    }

    /** Every adjudicated claim of a patient among the submitter's claims, newest first. */
    public List<ExplanationOfBenefit> explanationsOfBenefit(String patientId, String submitterInpe, int count) {
        List<Long> ids = jdbc.queryForList("""
                select claim_id from fhir_resource where resource_type = 'Claim' and patient_id = ? and submitter_inpe = ?
                order by last_updated desc limit ?""", Long.class, patientId, submitterInpe, count);
        List<ExplanationOfBenefit> result = new ArrayList<>();
        for (long id : ids) {
            head(id, submitterInpe).ifPresent(head -> result.add(explanationOfBenefit(head, items(head))));
        }
        return result;
    }

    private Optional<Head> head(long claimId, String submitterInpe) {
        return jdbc.query("""
                select c.id, c.claim_ref, c.status, c.insured_id, c.beneficiary_rank, c.provider_inpe, c.submitter_inpe,
                       c.care_setting, coalesce(c.priced_at, c.validated_at),
                       (select min(b.settlement_date) from payment_line pl join payment_transaction t on t.id = pl.transaction_id
                        join payment_batch b on b.id = t.batch_id where pl.claim_id = c.id and not pl.returned)
                from claim c
                where c.id = ? and c.submitter_inpe = ? and (c.status = 'REJECTED' or c.priced_at is not null)""",
                (rs, i) -> new Head(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5),
                        rs.getString(6), rs.getString(7), rs.getString(8),
                        rs.getTimestamp(9) == null ? new Date(0) : new Date(rs.getTimestamp(9).getTime()),
                        rs.getDate(10)), claimId, submitterInpe).stream().findFirst();
    }

    private List<Item> items(Head head) {
        Map<Integer, List<String[]>> reasons = new HashMap<>();
        jdbc.query("select line_no, reason_code, message_fr from claim_issue where claim_id = ? and line_no is not null "
                + "order by id", rs -> {
                    reasons.computeIfAbsent(rs.getInt(1), k -> new ArrayList<>()).add(new String[] {
                            AmoTerminology.REJECTION_REASON_SYSTEM, rs.getString(2), rs.getString(3)});
                }, head.id());
        jdbc.query("select claim_id, line_no, reason_code, justification from review_line_adjustment a "
                + "join claim c on c.id = a.claim_id and c.review_decision_id = a.decision_id where a.claim_id = ?",
                rs -> {
                    reasons.computeIfAbsent(rs.getInt(2), k -> new ArrayList<>()).add(new String[] {
                            CUT_REASON_SYSTEM, "REVIEW_" + rs.getString(3), rs.getString(4)});
                }, head.id());
        return jdbc.query("""
                select l.line_no, l.line_type, l.code, l.service_date, l.billed, s.base, s.rate_pct, s.paid,
                       s.base_rule, s.note, s.penalty_pct
                from claim_line l left join settlement_line s on s.claim_id = l.claim_id and s.line_no = l.line_no
                where l.claim_id = ? order by l.line_no""", (rs, i) -> {
                    List<String[]> why = new ArrayList<>(reasons.getOrDefault(rs.getInt(1), List.of()));
                    BigDecimal billed = rs.getBigDecimal(5);
                    BigDecimal base = rs.getBigDecimal(6);
                    if (base != null && base.compareTo(billed) < 0 && !"REVIEW_REJECTED".equals(rs.getString(9))) {
                        why.add(new String[] {CUT_REASON_SYSTEM, "ABOVE_REFERENCE",
                                "Part facturée au-delà de la base de remboursement (" + rs.getString(9) + ")."});
                    }
                    if (rs.getString(10) != null) {
                        why.add(new String[] {CUT_REASON_SYSTEM, "NO_REFERENCE", rs.getString(10)});
                    }
                    if (rs.getBigDecimal(11) != null && rs.getBigDecimal(11).signum() > 0) {
                        why.add(new String[] {CUT_REASON_SYSTEM, "LATE_FILING_PENALTY", "Pénalité de dépôt tardif "
                                + rs.getBigDecimal(11).stripTrailingZeros().toPlainString() + " %."});
                    }
                    return new Item(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getDate(4), billed, base,
                            rs.getBigDecimal(7), rs.getBigDecimal(8) == null ? BigDecimal.ZERO.setScale(2)
                                    : rs.getBigDecimal(8), why);
                }, head.id());
    }

    private ClaimResponse claimResponse(Head head, List<Item> items) {
        ClaimResponse response = new ClaimResponse();
        response.setId("cr-" + head.id());
        response.setStatus(ClaimResponse.ClaimResponseStatus.ACTIVE);
        response.setType(claimType(head));
        response.setUse(ClaimResponse.Use.CLAIM);
        response.setPatient(new Reference("Patient/" + ClaimToFhirMapper.patientId(head.insuredId(), head.rank())));
        response.setCreated(head.decidedAt());
        response.setInsurer(new Reference().setDisplay("CNSS"));
        response.setRequestor(new Reference().setIdentifier(new Identifier().setSystem(AmoFhir.INPE_SYSTEM)
                .setValue(head.submitterInpe())));
        response.setRequest(new Reference("Claim/claim-" + head.id()).setIdentifier(new Identifier()
                .setValue(head.claimRef())));
        response.setOutcome(outcome(items));
        response.setDisposition(disposition(items));
        for (Item item : items) {
            ClaimResponse.ItemComponent component = response.addItem().setItemSequence(item.lineNo());
            adjudications(item).forEach(a -> component.addAdjudication(a));
        }
        BigDecimal submitted = items.stream().map(Item::billed).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal benefit = items.stream().map(Item::paid).reduce(BigDecimal.ZERO, BigDecimal::add);
        response.addTotal().setCategory(category("submitted")).setAmount(mad(submitted));
        response.addTotal().setCategory(category("benefit")).setAmount(mad(benefit));
        if (head.paidOn() != null) {
            response.getPayment().setType(new CodeableConcept(new Coding(
                    "http://terminology.hl7.org/CodeSystem/ex-paymenttype", "complete", "Complete")))
                    .setDate(head.paidOn()).setAmount(mad(benefit));
        }
        return response;
    }

    private ExplanationOfBenefit explanationOfBenefit(Head head, List<Item> items) {
        ExplanationOfBenefit eob = new ExplanationOfBenefit();
        eob.setId("eob-" + head.id());
        eob.setStatus(ExplanationOfBenefit.ExplanationOfBenefitStatus.ACTIVE);
        eob.setType(claimType(head));
        eob.setUse(ExplanationOfBenefit.Use.CLAIM);
        String patientId = ClaimToFhirMapper.patientId(head.insuredId(), head.rank());
        eob.setPatient(new Reference("Patient/" + patientId));
        eob.setCreated(head.decidedAt());
        eob.setInsurer(new Reference().setDisplay("CNSS"));
        eob.setProvider(new Reference().setIdentifier(new Identifier().setSystem(AmoFhir.INPE_SYSTEM)
                .setValue(head.providerInpe())));
        eob.setOutcome(ExplanationOfBenefit.RemittanceOutcome.fromCode(outcome(items).toCode()));
        eob.setDisposition(disposition(items));
        eob.setClaim(new Reference("Claim/claim-" + head.id()));
        eob.setClaimResponse(new Reference("ClaimResponse/cr-" + head.id()));
        eob.addInsurance().setFocal(true).setCoverage(new Reference("Coverage/cov-" + head.insuredId() + "-"
                + head.rank()));
        for (Item item : items) {
            ExplanationOfBenefit.ItemComponent component = eob.addItem().setSequence(item.lineNo());
            component.setProductOrService(new CodeableConcept(new Coding(AmoFhir.LINE_TYPE_SYSTEM, item.lineType(),
                    null)).setText(item.code()));
            if (item.serviceDate() != null) {
                component.setServiced(new org.hl7.fhir.r4.model.DateType(item.serviceDate()));
            }
            component.setNet(mad(item.billed()));
            for (ClaimResponse.AdjudicationComponent a : adjudications(item)) {
                component.addAdjudication().setCategory(a.getCategory()).setReason(a.getReason())
                        .setAmount(a.getAmount()).setValueElement(a.getValueElement());
            }
        }
        BigDecimal submitted = items.stream().map(Item::billed).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal benefit = items.stream().map(Item::paid).reduce(BigDecimal.ZERO, BigDecimal::add);
        eob.addTotal().setCategory(category("submitted")).setAmount(mad(submitted));
        eob.addTotal().setCategory(category("benefit")).setAmount(mad(benefit));
        if (head.paidOn() != null) {
            eob.getPayment().setDate(head.paidOn()).setAmount(mad(benefit));
        }
        return eob;
    }

    private List<ClaimResponse.AdjudicationComponent> adjudications(Item item) {
        List<ClaimResponse.AdjudicationComponent> list = new ArrayList<>();
        list.add(new ClaimResponse.AdjudicationComponent(category("submitted")).setAmount(mad(item.billed())));
        if (item.base() != null) {
            list.add(new ClaimResponse.AdjudicationComponent(category("eligible")).setAmount(mad(item.base())));
        }
        if (item.ratePct() != null) {
            list.add(new ClaimResponse.AdjudicationComponent(category("eligpercent")).setValue(item.ratePct()));
        }
        ClaimResponse.AdjudicationComponent benefit = new ClaimResponse.AdjudicationComponent(category("benefit"))
                .setAmount(mad(item.paid()));
        if (!item.reasons().isEmpty()) {
            CodeableConcept reason = new CodeableConcept();
            for (String[] why : item.reasons()) {
                reason.addCoding(new Coding(why[0], why[1], terminology.display(why[0], why[1])));
            }
            reason.setText(String.join(" ", item.reasons().stream().map(w -> w[2]).toList()));
            benefit.setReason(reason);
        }
        list.add(benefit);
        return list;
    }

    private static ClaimResponse.RemittanceOutcome outcome(List<Item> items) {
        boolean anyPaid = items.stream().anyMatch(i -> i.paid().signum() > 0);
        boolean anyCut = items.stream().anyMatch(i -> i.paid().compareTo(i.billed()) < 0);
        return !anyPaid ? ClaimResponse.RemittanceOutcome.ERROR
                : anyCut ? ClaimResponse.RemittanceOutcome.PARTIAL : ClaimResponse.RemittanceOutcome.COMPLETE;
    }

    private static String disposition(List<Item> items) {
        BigDecimal benefit = items.stream().map(Item::paid).reduce(BigDecimal.ZERO, BigDecimal::add);
        return "Montant remboursé : " + benefit.toPlainString() + " MAD.";
    }

    private static CodeableConcept claimType(Head head) {
        return new CodeableConcept(new Coding(CLAIM_TYPE_SYSTEM,
                "HOSPITAL".equals(head.careSetting()) ? "institutional" : "professional", null));
    }

    private static CodeableConcept category(String code) {
        return new CodeableConcept(new Coding(ADJUDICATION_SYSTEM, code, null));
    }

    private static Money mad(BigDecimal amount) {
        return new Money().setValue(amount).setCurrency("MAD");
    }
}
