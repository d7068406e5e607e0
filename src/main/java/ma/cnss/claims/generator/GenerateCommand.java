package ma.cnss.claims.generator;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code java -jar amo-claims.jar generate [--seed 42] [--claims 3000] [--claims-per-file 1000]
 * [--as-of YYYY-MM-DD] [--broken-share 0.09] [--ref-prefix R] [--format csv|fhir] [--claim-seed N] [--out data/generated]}. Runs without Spring or a database.
 */
public final class GenerateCommand {

    private GenerateCommand() {
    }

    public static void main(String[] args) {
        Map<String, String> options = parse(args);
        SyntheticDataGenerator.Options generatorOptions = options(options);
        long started = System.nanoTime();
        System.out.printf("Generating %,d claims (seed %d, as of %s, %,d per file) into %s%n",
                generatorOptions.claims(), generatorOptions.seed(), generatorOptions.asOf(),
                generatorOptions.claimsPerFile(), generatorOptions.out().toAbsolutePath());
        SyntheticDataGenerator.Summary summary = new SyntheticDataGenerator(generatorOptions, System.out::println)
                .generate();
        System.out.printf("Done in %.1f s: %,d members, %,d providers, %,d claims (%,d lines) in %,d files, "
                + "%,d deliberately broken; expected outcomes in expected-outcomes.csv%n",
                (System.nanoTime() - started) / 1e9, summary.members(), summary.providers(), summary.claims(),
                summary.lines(), summary.files(), summary.broken());
    }

    public static SyntheticDataGenerator.Options options(Map<String, String> options) {
        return new SyntheticDataGenerator.Options(
                Long.parseLong(options.getOrDefault("seed", "42")),
                Integer.parseInt(options.getOrDefault("claims", "3000")),
                Integer.parseInt(options.getOrDefault("claims-per-file", "1000")),
                LocalDate.parse(options.getOrDefault("as-of", LocalDate.now().toString())),
                Path.of(options.getOrDefault("out", "data/generated")),
                Double.parseDouble(options.getOrDefault("broken-share", "0.09")),
                options.getOrDefault("ref-prefix", "R"),
                options.getOrDefault("format", "csv"),
                Long.parseLong(options.getOrDefault("claim-seed", options.getOrDefault("seed", "42"))));
    }

    /** {@code --name value} pairs. */
    public static Map<String, String> parse(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("Expected --name value pairs, got: " + args[i]);
            }
            options.put(args[i].substring(2), args[++i]);
        }
        return options;
    }
}
