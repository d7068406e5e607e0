package ma.cnss.claims.camel;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import ma.cnss.claims.registry.RegistryExtractLoader;
import org.apache.camel.Exchange;
import org.apache.camel.Handler;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** Between the registry-inbox file consumer and the extract loader; sets where the file goes afterwards. */
@Component("registryDrop")
public class RegistryDropAdapter {

    private final RegistryExtractLoader loader;
    private final Path archive;
    private final Path failed;

    public RegistryDropAdapter(RegistryExtractLoader loader, @Value("${claims.registry.archive}") String archive,
            @Value("${claims.registry.failed}") String failed) {
        this.loader = loader;
        this.archive = Path.of(archive).toAbsolutePath().normalize();
        this.failed = Path.of(failed).toAbsolutePath().normalize();
    }

    /** Called by route {@code registry-file-drop} for each complete extract file. */
    @Handler
    public void receive(Exchange exchange) throws IOException {
        File file = exchange.getIn().getBody(File.class);
        String name = file.getName().replaceAll("[^A-Za-z0-9._-]", "_");
        try {
            RegistryExtractLoader.ExtractResult result = loader.load(file.toPath(), file.getName());
            Path target = archive.resolve(result.extractId() + "-" + name);
            if (!result.issues().isEmpty()) {
                Files.createDirectories(archive);
                Files.writeString(archive.resolve(result.extractId() + "-" + name + ".issues.txt"),
                        String.join("\n", result.issues()) + "\n", StandardCharsets.UTF_8);
            }
            exchange.getIn().setHeader(FileDropAdapter.MOVE_TO, target.toString());
        } catch (RegistryExtractLoader.ExtractRefusedException refused) {
            Files.createDirectories(failed);
            Files.writeString(failed.resolve(name + ".reason.txt"), refused.getMessage() + "\n",
                    StandardCharsets.UTF_8);
            exchange.getIn().setHeader(FileDropAdapter.MOVE_TO, failed.resolve(name).toString());
        }
    }
}
