package ma.cnss.claims.flagging;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import ma.cnss.claims.shared.AldRanges;

/**
 * Which accepted claims need a human look (amo-rules §5). ALD: the beneficiary holds a recognition open at the care
 * date whose group's ICD-10 ranges cover a diagnosis (the ALD rate will apply). POTENTIAL_ALD: a diagnosis inside an
 * ALD range without such a recognition (normal rate, review). Costly: total above a threshold, any intensive or
 * critical-care day, any medicine whose PRIX_BR is above a threshold, a beneficiary's rolling 12-month spend above a
 * threshold, an act billed far above the running median of the same act. Thresholds are configuration.
 */
public final class ClaimFlagger {

    /** Thresholds marked unsure in amo-rules §5: configuration ({@code claims.flagging.*}). */
    public record Policy(BigDecimal costlyClaimTotal, BigDecimal costlyMedicinePrixBr, BigDecimal rolling12MonthSpend,
            BigDecimal outlierFactor, int outlierMinSamples) {
        public static Policy defaults() {
            return new Policy(new BigDecimal("5000.00"), new BigDecimal("2000.00"), new BigDecimal("40000.00"),
                    new BigDecimal("3"), 30);
        }
    }

    /** The usual unit amount of an act so far: the median of the amounts seen and how many there were. */
    public record UsualAmount(BigDecimal median, long samples) {
    }

    /** What the beneficiary and the act history look like when this claim is flagged. */
    public record History(BigDecimal earlierSpend12Months, Map<String, UsualAmount> usualByActCode) {
        public static History none() {
            return new History(BigDecimal.ZERO, Map.of());
        }
    }

    public record Recognition(int aldGroup, LocalDate validFrom, LocalDate validTo) {
        boolean openOn(LocalDate date) {
            return !date.isBefore(validFrom) && !date.isAfter(validTo);
        }
    }

    public record Line(String lineType, String code, int quantity, LocalDate serviceDate, BigDecimal billed) {
    }

    /** The amount billed for one unit of a line, to the centime. */
    public static BigDecimal unitAmount(Line line) {
        return line.billed().divide(BigDecimal.valueOf(Math.max(1, line.quantity())), 2,
                java.math.RoundingMode.HALF_UP);
    }

    public record FlagFinding(String flag, Integer aldGroup, String reasonFr) {
    }

    /** PRIX_BR of a medicine at a date, when listed. */
    public interface MedicinePrices {
        Optional<BigDecimal> prixBr(String ean13, LocalDate date);
    }

    private final Policy policy;
    private final Map<Integer, String> aldRanges;
    private final MedicinePrices prices;

    public ClaimFlagger(Policy policy, Map<Integer, String> aldRanges, MedicinePrices prices) {
        this.policy = policy;
        this.aldRanges = aldRanges;
        this.prices = prices;
    }

    public List<FlagFinding> flag(List<String> diagnoses, LocalDate careDate, List<Line> acceptedLines,
            List<Recognition> recognitions) {
        return flag(diagnoses, careDate, acceptedLines, recognitions, History.none());
    }

    public List<FlagFinding> flag(List<String> diagnoses, LocalDate careDate, List<Line> acceptedLines,
            List<Recognition> recognitions, History history) {
        List<FlagFinding> flags = new ArrayList<>();
        Integer recognised = null;
        Integer potential = null;
        for (String diagnosis : diagnoses) {
            for (Map.Entry<Integer, String> group : aldRanges.entrySet()) {
                if (group.getValue().isBlank() || !AldRanges.covers(group.getValue(), diagnosis)) {
                    continue;
                }
                boolean open = recognitions.stream().anyMatch(r -> r.aldGroup() == group.getKey() && r.openOn(careDate));
                if (open && recognised == null) {
                    recognised = group.getKey();
                } else if (!open && potential == null) {
                    potential = group.getKey();
                }
            }
        }
        if (recognised != null) {
            flags.add(new FlagFinding("ALD", recognised, "Affection de longue durée reconnue (groupe " + recognised
                    + ") ouverte à la date des soins : taux ALD."));
        } else if (potential != null) {
            flags.add(new FlagFinding("POTENTIAL_ALD", potential, "Diagnostic dans le groupe ALD " + potential
                    + " sans reconnaissance ouverte : à examiner, taux normal."));
        }
        BigDecimal total = acceptedLines.stream().map(Line::billed).reduce(BigDecimal.ZERO, BigDecimal::add);
        if (total.compareTo(policy.costlyClaimTotal()) > 0) {
            flags.add(new FlagFinding("COSTLY_TOTAL", null, "Montant " + total.toPlainString() + " MAD au-delà du seuil "
                    + policy.costlyClaimTotal().toPlainString() + " MAD."));
        }
        if (acceptedLines.stream().anyMatch(l -> l.lineType().equals("DAY_RATE")
                && (l.code().equals("INTENSIVE_CARE") || l.code().equals("CRITICAL_CARE")))) {
            flags.add(new FlagFinding("COSTLY_INTENSIVE_CARE", null, "Journées de soins intensifs ou de réanimation."));
        }
        for (Line line : acceptedLines) {
            if (line.lineType().equals("MEDICINE")) {
                Optional<BigDecimal> prixBr = prices.prixBr(line.code(), line.serviceDate());
                if (prixBr.isPresent() && prixBr.get().compareTo(policy.costlyMedicinePrixBr()) > 0) {
                    flags.add(new FlagFinding("COSTLY_MEDICINE", null, "Médicament " + line.code() + " à "
                            + prixBr.get().toPlainString() + " MAD (PRIX_BR au-delà de "
                            + policy.costlyMedicinePrixBr().toPlainString() + " MAD)."));
                    break;
                }
            }
        }
        BigDecimal rolling = history.earlierSpend12Months().add(total);
        if (rolling.compareTo(policy.rolling12MonthSpend()) > 0) {
            flags.add(new FlagFinding("COSTLY_ROLLING_12M", null, "Dépenses du bénéficiaire sur 12 mois : "
                    + rolling.toPlainString() + " MAD, au-delà du seuil " + policy.rolling12MonthSpend().toPlainString()
                    + " MAD."));
        }
        for (Line line : acceptedLines) {
            UsualAmount usual = history.usualByActCode().get(line.code());
            if (!line.lineType().equals("ACT") || usual == null || usual.samples() < policy.outlierMinSamples()
                    || usual.median().signum() <= 0) {
                continue;
            }
            BigDecimal unit = unitAmount(line);
            if (unit.compareTo(usual.median().multiply(policy.outlierFactor())) > 0) {
                flags.add(new FlagFinding("COSTLY_OUTLIER", null, "Acte " + line.code() + " facturé "
                        + unit.toPlainString() + " MAD, plus de " + policy.outlierFactor().toPlainString()
                        + " fois le montant médian " + usual.median().toPlainString() + " MAD (" + usual.samples()
                        + " actes)."));
                break;
            }
        }
        return flags;
    }
}
