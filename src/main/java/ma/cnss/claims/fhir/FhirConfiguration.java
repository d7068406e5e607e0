package ma.cnss.claims.fhir;

import ca.uhn.fhir.context.FhirContext;
import java.nio.file.Path;
import ma.cnss.claims.intake.ReasonLabels;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** One FhirContext for the service (it is expensive to build and thread-safe), and the project's profiles. */
@Configuration
public class FhirConfiguration {

    @Bean
    public FhirContext fhirContext() {
        return FhirContext.forR4Cached();
    }

    @Bean
    public AmoTerminology amoTerminology(FhirContext fhir, @Value("${claims.home}") String home) {
        return AmoTerminology.load(fhir, Path.of(home).resolve("fhir-profiles"));
    }

    @Bean
    public ReasonLabels reasonLabels(AmoTerminology terminology) {
        return code -> terminology.display(AmoTerminology.REJECTION_REASON_SYSTEM, code);
    }
}
