package ma.cnss.claims.validation;

import java.time.LocalDate;
import java.util.Optional;

/** What the rules may ask of the registry (members, providers, prior approvals), for one batch of claims. */
public interface Registry {

    record Member(String insuredId, int rank, String regime, String relationship, LocalDate birthDate,
            LocalDate rightsFrom, LocalDate rightsTo) {

        public boolean rightsOpenOn(LocalDate date) {
            return !date.isBefore(rightsFrom) && (rightsTo == null || !date.isAfter(rightsTo));
        }
    }

    record Provider(String inpe, String kind, String sector) {

        public boolean establishment() {
            return kind.equals("CLINIC") || kind.equals("PUBLIC_HOSPITAL");
        }
    }

    record PriorApproval(String reference, String insuredId, int rank, String providerInpe, LocalDate validFrom,
            LocalDate validTo, String scope) {
    }

    Optional<Member> member(String insuredId, int rank);

    Optional<Provider> provider(String inpe);

    Optional<PriorApproval> priorApproval(String reference);
}
