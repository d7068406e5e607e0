package ma.cnss.claims.settlement;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Prices one claim line as amo-rules §4.8 says, in exact decimals:
 * <pre>
 * base    = act:      min(billed, letter value x coefficient x quantity)   (TNR at the date of care, by sector)
 *           medicine: min(billed, PRIX_BR x quantity)                       (never the PPV)
 *           device:   min(billed, forfait)
 *           day rate: min(billed, day TNR x days)
 * rate    = the rate table's row for (regime, sector, line type, ALD link, generic) at the date of care
 * amount  = round(base x rate, 2)          (half-up by default: configurable, the official mode is unpublished)
 * paid    = round(amount x (1 - late-filing penalty), 2)
 * patient = billed - paid                 (ticket modérateur, amount above the TNR, penalty)
 * </pre>
 * "billed" is the amount the adjuster allowed when a reviewer lowered the line; a line the reviewer rejected pays 0.
 * Base is capped at what was billed, so that 0 <= paid <= billed always holds.
 */
public final class LinePricer {

    public static final String RULE_ID = "AMO-PRICING-4.8";
    public static final int RULE_VERSION = 1;
    private static final Pattern ACT = Pattern.compile("^([A-Z]{1,3}?)([0-9]+(\\.[0-9]+)?)?$");
    private static final BigDecimal HUNDRED = new BigDecimal("100");

    /** The tariffs and prices at a date: what the reference data answers. */
    public interface Tariffs {
        Optional<Tariff> tariff(String code, String sector, LocalDate date);

        Optional<Medicine> medicine(String ean13, LocalDate date);
    }

    public record Tariff(String code, String sector, LocalDate validFrom, BigDecimal valueMad) {
        String key() {
            return code + "/" + sector + "/" + validFrom;
        }
    }

    public record Medicine(String ean13, LocalDate validFrom, BigDecimal prixBr, boolean generic) {
    }

    /** One line to price, with what review decided about it. */
    public record Line(String regime, String sector, String lineType, String code, int quantity, LocalDate careDate,
            BigDecimal billed, BigDecimal reviewAllowed, boolean reviewRejected, boolean aldLinked, Integer aldGroup,
            BigDecimal latePenaltyPct) {
    }

    /** A priced line and how it was priced: rule, inputs, every intermediate amount. */
    public record Priced(BigDecimal billed, BigDecimal considered, BigDecimal base, String baseRule, String tariffRef,
            BigDecimal referenceValue, String rateRef, BigDecimal ratePct, BigDecimal amount, BigDecimal penaltyPct,
            BigDecimal paid, BigDecimal patientShare, Integer aldGroup, String note) {
    }

    private final RateTable rates;
    private final Tariffs tariffs;
    private final String rateSet;
    private final RoundingMode rounding;

    public LinePricer(RateTable rates, Tariffs tariffs, String rateSet, RoundingMode rounding) {
        this.rates = rates;
        this.tariffs = tariffs;
        this.rateSet = rateSet;
        this.rounding = rounding;
    }

    public Priced price(Line line) {
        BigDecimal billed = line.billed();
        if (line.reviewRejected()) {
            return new Priced(billed, BigDecimal.ZERO.setScale(2), zero(), "REVIEW_REJECTED", null, null, null, null,
                    zero(), null, zero(), billed, null, "Ligne rejetée en revue.");
        }
        BigDecimal considered = line.reviewAllowed() != null ? line.reviewAllowed().min(billed) : billed;
        BigDecimal reference;
        String rule;
        String tariffRef = null;
        boolean generic = false;
        switch (line.lineType()) {
            case "ACT" -> {
                Matcher matcher = ACT.matcher(line.code());
                String letter = matcher.matches() ? matcher.group(1) : line.code();
                BigDecimal coefficient = matcher.matches() && matcher.group(2) != null ? new BigDecimal(matcher.group(2))
                        : BigDecimal.ONE;
                Tariff tariff = tariffs.tariff(letter, line.sector(), line.careDate()).orElse(null);
                if (tariff == null) {
                    return unpriceable(line, considered, "Pas de tarif pour la lettre " + letter + ".");
                }
                reference = tariff.valueMad().multiply(coefficient).multiply(BigDecimal.valueOf(line.quantity()));
                rule = "ACT_TNR";
                tariffRef = tariff.key();
            }
            case "DAY_RATE" -> {
                Tariff tariff = tariffs.tariff(line.code(), line.sector(), line.careDate()).orElse(null);
                if (tariff == null) {
                    return unpriceable(line, considered, "Pas de tarif journalier " + line.code() + ".");
                }
                reference = tariff.valueMad().multiply(BigDecimal.valueOf(line.quantity()));
                rule = "DAY_RATE_TNR";
                tariffRef = tariff.key();
            }
            case "MEDICINE" -> {
                Medicine medicine = tariffs.medicine(line.code(), line.careDate()).orElse(null);
                if (medicine == null || medicine.prixBr() == null) {
                    return unpriceable(line, considered, "Médicament hors liste à la date des soins.");
                }
                reference = medicine.prixBr().multiply(BigDecimal.valueOf(line.quantity()));
                rule = "MEDICINE_PRIX_BR";
                tariffRef = "PRIX_BR/" + medicine.ean13() + "/" + medicine.validFrom();
                generic = medicine.generic();
            }
            case "DEVICE" -> {
                Tariff forfait = tariffs.tariff(line.code(), line.sector(), line.careDate()).orElse(null);
                if (forfait == null) {
                    return unpriceable(line, considered, "Forfait du dispositif " + line.code() + " inconnu.");
                }
                reference = forfait.valueMad().multiply(BigDecimal.valueOf(line.quantity()));
                rule = "DEVICE_FORFAIT";
                tariffRef = forfait.key();
            }
            default -> throw new IllegalArgumentException("line type " + line.lineType());
        }
        BigDecimal base = considered.min(reference).setScale(2, rounding);
        boolean ald = line.aldLinked();
        RateTable.Rate rate = rates.find(rateSet, line.regime(), line.sector(), line.lineType(), ald, generic,
                line.careDate())
                .or(() -> rates.find(rateSet, line.regime(), line.sector(), line.lineType(), ald, false,
                        line.careDate()))
                .orElseThrow(() -> new IllegalStateException("no rate in set " + rateSet + " for " + line.regime() + "/"
                        + line.sector() + "/" + line.lineType() + "/ald=" + ald + " at " + line.careDate()));
        BigDecimal amount = base.multiply(rate.ratePct()).divide(HUNDRED, 2, rounding);
        BigDecimal penalty = line.latePenaltyPct() == null ? BigDecimal.ZERO : line.latePenaltyPct();
        BigDecimal paid = amount.multiply(HUNDRED.subtract(penalty)).divide(HUNDRED, 2, rounding);
        return new Priced(billed, considered, base, rule, tariffRef, reference.setScale(2, rounding), rate.key(),
                rate.ratePct(), amount, line.latePenaltyPct(), paid, billed.subtract(paid), ald ? line.aldGroup() : null,
                null);
    }

    private Priced unpriceable(Line line, BigDecimal considered, String note) {
        return new Priced(line.billed(), considered, zero(), "NO_REFERENCE", null, null, null, null, zero(), null,
                zero(), line.billed(), null, note);
    }

    private static BigDecimal zero() {
        return BigDecimal.ZERO.setScale(2);
    }
}
