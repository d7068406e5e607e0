package ma.cnss.claims.reference;

import java.time.LocalDate;
import java.util.Optional;

/** Dated reference data as the rules consult it, always at the date of care. */
public interface ReferenceCatalogue {

    boolean icd10Known(String code);

    Optional<ReferenceData.Medicine> medicine(String ean13, LocalDate date);

    Optional<ReferenceData.Tariff> tariff(String code, String sector, LocalDate date);
}
