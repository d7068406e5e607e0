package ma.cnss.claims.generator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * Drops generated claim files into an inbox as clinics do: each {@code claims/<INPE>/*.csv} is copied to
 * {@code inbox/<INPE>/} under a {@code .part} name, then renamed, so that the intake never sees half a file.
 */
public final class InboxDrop {

    private InboxDrop() {
    }

    /** Drops every generated CSV file; returns how many. */
    public static int dropAll(Path generatedClaims, Path inbox) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(generatedClaims)) {
            files = walk.filter(p -> p.toString().endsWith(".csv")).sorted().toList();
        }
        for (Path file : files) {
            Path folder = inbox.resolve(file.getParent().getFileName().toString());
            Files.createDirectories(folder);
            Path part = folder.resolve(file.getFileName() + ".part");
            Files.copy(file, part, StandardCopyOption.REPLACE_EXISTING);
            Files.move(part, folder.resolve(file.getFileName()), StandardCopyOption.ATOMIC_MOVE);
        }
        return files.size();
    }
}
