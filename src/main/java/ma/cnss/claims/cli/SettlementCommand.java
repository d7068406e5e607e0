package ma.cnss.claims.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import ma.cnss.claims.generator.GenerateCommand;
import ma.cnss.claims.settlement.BankReturns;
import ma.cnss.claims.settlement.Reconciliation;
import ma.cnss.claims.settlement.SettlementService;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Settlement from the command line, against the configured database, without HTTP and without routes:
 * {@code settle [--date 2026-11-22]} runs (or resumes) a day; {@code reconcile} prints every difference between
 * claims, ledger and payment files (exit 0 when there is none, 1 otherwise); {@code bank-status --file x.xml}
 * applies a pain.002.001.11 status report.
 */
public final class SettlementCommand {

    private SettlementCommand() {
    }

    public static int run(String command, String[] args) {
        try {
            return execute(command, args);
        } catch (Exception e) {
            System.err.println(command + " failed: " + e.getMessage());
            return 1;
        }
    }

    private static int execute(String command, String[] args) throws Exception {
        Map<String, String> options = GenerateCommand.parse(args);
        try (ConfigurableApplicationContext context = CommandContext.open()) {
            ObjectMapper json = context.getBean(ObjectMapper.class).copy().enable(SerializationFeature.INDENT_OUTPUT);
            switch (command) {
                case "settle" -> {
                    SettlementService settlement = context.getBean(SettlementService.class);
                    LocalDate day = options.containsKey("date") ? LocalDate.parse(options.get("date"))
                            : settlement.today();
                    System.out.println(json.writeValueAsString(settlement.run(day, "cli")));
                    return 0;
                }
                case "reconcile" -> {
                    Reconciliation.Report report = context.getBean(Reconciliation.class).run();
                    System.out.println(json.writeValueAsString(report));
                    System.out.println(report.clean() ? "Reconciliation: 0 differences"
                            : "Reconciliation: " + report.differences().size() + " difference(s)");
                    return report.clean() ? 0 : 1;
                }
                default -> {
                    String file = options.get("file");
                    if (file == null) {
                        System.err.println("Usage: bank-status --file <pain.002.001.11 XML>");
                        return 2;
                    }
                    try {
                        BankReturns.Applied applied = context.getBean(BankReturns.class)
                                .apply(Files.readAllBytes(Path.of(file)));
                        System.out.println(json.writeValueAsString(applied));
                        return 0;
                    } catch (BankReturns.ReportRefused e) {
                        System.err.println("Refused: " + e.getMessage());
                        return 1;
                    }
                }
            }
        }
    }
}
