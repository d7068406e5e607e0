package ma.cnss.claims.validation.rules;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import ma.cnss.claims.reference.ReferenceData;
import ma.cnss.claims.shared.Ean13;
import ma.cnss.claims.shared.ReasonCode;
import ma.cnss.claims.validation.ClaimToValidate;
import ma.cnss.claims.validation.Findings;
import ma.cnss.claims.validation.ValidationRule;

/**
 * Codes valid at the date of care (amo-rules §2, §4.4): ICD-10 diagnoses exist; a medicine's EAN-13 has a right
 * check digit and is on the list (NOT_REIMBURSABLE when listed at 0 %); an act's NGAP letter key (C, CS, K50,
 * B120...) or a day-rate kind has a tariff in the provider's sector. Devices have no forfait table yet and pass.
 */
public final class CodesKnownRule implements ValidationRule {

    private static final Pattern ACT = Pattern.compile("^([A-Z]{1,3}?)([0-9]+(\\.[0-9]+)?)?$");

    @Override
    public void check(ClaimToValidate claim, Context context, Findings findings) {
        for (String diagnosis : claim.diagnoses()) {
            if (!context.reference().icd10Known(diagnosis)) {
                findings.rejectClaim(ReasonCode.CODE_UNKNOWN, "diagnosis_icd10",
                        "Code CIM-10 « " + diagnosis + " » inconnu.");
            }
        }
        for (ClaimToValidate.Line line : claim.lines()) {
            switch (line.lineType()) {
                case "MEDICINE" -> medicine(line, context, findings);
                case "ACT" -> act(claim, line, context, findings);
                case "DAY_RATE" -> {
                    if (context.reference().tariff(line.code(), claim.sector(), line.serviceDate()).isEmpty()) {
                        findings.rejectLine(line.lineNo(), ReasonCode.CODE_UNKNOWN, "code", "Ligne " + line.lineNo()
                                + " : forfait journalier « " + line.code() + " » sans tarif à cette date.");
                    }
                }
                default -> {
                    // DEVICE: forfait table (arrêtés 2314-08, 3207-15) not available as data yet
                }
            }
        }
    }

    private static void medicine(ClaimToValidate.Line line, Context context, Findings findings) {
        if (!Ean13.valid(line.code())) {
            findings.rejectLine(line.lineNo(), ReasonCode.CODE_UNKNOWN, "code", "Ligne " + line.lineNo()
                    + " : code EAN-13 « " + line.code() + " » invalide (clé de contrôle).");
            return;
        }
        Optional<ReferenceData.Medicine> medicine = context.reference().medicine(line.code(), line.serviceDate());
        if (medicine.isEmpty()) {
            findings.rejectLine(line.lineNo(), ReasonCode.NOT_REIMBURSABLE, "code", "Ligne " + line.lineNo()
                    + " : médicament " + line.code() + " absent de la liste des médicaments remboursables.");
        } else if (medicine.get().reimbursementPct().signum() == 0 || medicine.get().prixBr() == null) {
            findings.rejectLine(line.lineNo(), ReasonCode.NOT_REIMBURSABLE, "code", "Ligne " + line.lineNo()
                    + " : médicament " + line.code() + " non remboursable (taux 0 %).");
        }
    }

    private static void act(ClaimToValidate claim, ClaimToValidate.Line line, Context context, Findings findings) {
        Matcher matcher = ACT.matcher(line.code());
        String key = matcher.matches() ? matcher.group(1) : line.code();
        if (context.reference().tariff(key, claim.sector(), line.serviceDate()).isEmpty()) {
            findings.rejectLine(line.lineNo(), ReasonCode.CODE_UNKNOWN, "code", "Ligne " + line.lineNo()
                    + " : acte « " + line.code() + " » : lettre clé sans tarif " + claim.sector() + " à cette date.");
        }
    }
}
