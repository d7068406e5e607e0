package ma.cnss.claims.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import ma.cnss.claims.support.IntegrationTest;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Every file in routes/ is loaded, and the pipeline's routes are there with their ids. */
class RoutesLoadTest extends IntegrationTest {

    @Autowired
    CamelContext camel;

    @Test
    void everyRouteFileLoadsWithTheExpectedRouteIds() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            assertThat(files.filter(p -> p.toString().endsWith(".camel.yaml")).count()).isEqualTo(8);
        }
        assertThat(camel.getRoutes()).extracting(Route::getRouteId)
                .containsExactlyInAnyOrder("registry-file-drop", "intake-file-drop", "intake-http-staged",
                        "validation-claims", "fhir-map-claims-1", "fhir-map-claims-2", "flagging-claims-1",
                        "flagging-claims-2", "settlement-pricing", "settlement-daily");
        assertThat(camel.getRoutes()).allSatisfy(route ->
                assertThat(camel.getRouteController().getRouteStatus(route.getRouteId()).isStarted()).isTrue());
    }
}
