package ma.cnss.claims.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.Map;
import ma.cnss.claims.generator.GenerateCommand;
import ma.cnss.claims.reliability.InvariantChecker;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code check [--idle]}: the invariant checker against the configured database and folders; prints every
 * violation (exit 0 when there is none, 1 otherwise). {@code --idle} also requires a drained pipeline.
 */
public final class InvariantCommand {

    private InvariantCommand() {
    }

    public static int run(String[] args) {
        Map<String, String> options = GenerateCommand.parse(args);
        try (ConfigurableApplicationContext context = CommandContext.open()) {
            InvariantChecker.Report report = context.getBean(InvariantChecker.class).check(options.containsKey("idle"));
            System.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report));
            System.out.println(report.clean() ? "Invariants: all hold" : "Invariants: " + report.violations().size()
                    + " violation(s)");
            return report.clean() ? 0 : 1;
        } catch (Exception e) {
            System.err.println("check failed: " + e.getMessage());
            return 1;
        }
    }
}
