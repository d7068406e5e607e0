package ma.cnss.claims.camel;

import ma.cnss.claims.fhir.FhirMappingStage;
import org.apache.camel.Handler;
import org.springframework.stereotype.Component;

/** Called by route {@code fhir-map-claims}: encodes accepted claims as FHIR until none waits. */
@Component("fhirMapping")
public class FhirMappingWorker {

    private final FhirMappingStage stage;

    public FhirMappingWorker(FhirMappingStage stage) {
        this.stage = stage;
    }

    @Handler
    public int drain() {
        int total = 0;
        int done;
        while ((done = stage.mapNextBatch()) > 0) {
            total += done;
        }
        return total;
    }
}
