package ma.cnss.claims.validation.rules;

import ma.cnss.claims.shared.ReasonCode;
import ma.cnss.claims.validation.ClaimToValidate;
import ma.cnss.claims.validation.Findings;
import ma.cnss.claims.validation.ValidationRule;

/**
 * DATES_INCOHERENT: no care after the day the file was deposited or before the patient's birth; a stay ends on or
 * after its admission, and every line of a hospital claim falls inside the stay.
 */
public final class DatesCoherentRule implements ValidationRule {

    @Override
    public void check(ClaimToValidate claim, Context context, Findings findings) {
        boolean stayKnown = claim.hospital() && claim.admissionDate() != null && claim.dischargeDate() != null;
        if (stayKnown && claim.dischargeDate().isBefore(claim.admissionDate())) {
            findings.rejectClaim(ReasonCode.DATES_INCOHERENT, "discharge_date", "Sortie le " + claim.dischargeDate()
                    + " avant l'entrée le " + claim.admissionDate() + ".");
            return;
        }
        for (ClaimToValidate.Line line : claim.lines()) {
            String where = "Ligne " + line.lineNo() + " : soins du " + line.serviceDate();
            if (line.serviceDate().isAfter(claim.depositDate())) {
                findings.rejectLine(line.lineNo(), ReasonCode.DATES_INCOHERENT, "service_date",
                        where + " postérieurs au dépôt (" + claim.depositDate() + ").");
            } else if (line.serviceDate().isBefore(claim.patientBirthDate())) {
                findings.rejectLine(line.lineNo(), ReasonCode.DATES_INCOHERENT, "service_date",
                        where + " antérieurs à la naissance du patient.");
            } else if (stayKnown && (line.serviceDate().isBefore(claim.admissionDate())
                    || line.serviceDate().isAfter(claim.dischargeDate()))) {
                findings.rejectLine(line.lineNo(), ReasonCode.DATES_INCOHERENT, "service_date", where
                        + " hors du séjour (" + claim.admissionDate() + " au " + claim.dischargeDate() + ").");
            }
        }
    }
}
