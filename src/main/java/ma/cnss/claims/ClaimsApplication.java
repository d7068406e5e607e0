package ma.cnss.claims;

import java.util.Arrays;
import ma.cnss.claims.cli.ApiKeyCommand;
import ma.cnss.claims.generator.GenerateCommand;
import ma.cnss.claims.platform.EmbeddedDatabase;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * amo-claims: the AMO claims pipeline (Tadamon and TNS) for CNSS.
 *
 * <pre>
 *   java -jar amo-claims.jar            run the service
 *   java -jar amo-claims.jar demo       run the service, push a generated sample through it, print a summary
 *   java -jar amo-claims.jar generate   write synthetic registry extracts and claim files (no database needed)
 *   java -jar amo-claims.jar issue-key --inpe N / revoke-key --key-id K   clinic API keys
 *   java -jar amo-claims.jar add-user --username U --roles ADJUSTER / disable-user --username U   staff accounts
 * </pre>
 */
@SpringBootApplication
public class ClaimsApplication {

    public static void main(String[] args) {
        String command = args.length == 0 ? "serve" : args[0];
        String[] rest = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
        switch (command) {
            case "generate" -> GenerateCommand.main(rest);
            case "issue-key", "revoke-key" -> System.exit(ApiKeyCommand.run(command, rest));
            case "add-user", "disable-user" -> System.exit(ma.cnss.claims.cli.StaffUserCommand.run(command, rest));
            case "reliability" -> System.exit(ma.cnss.claims.reliability.ReliabilityCommand.run(rest));
            case "check" -> System.exit(ma.cnss.claims.cli.InvariantCommand.run(rest));
            case "bench" -> System.exit(ma.cnss.claims.benchmark.NationalDayBenchmark.run(rest));
            case "settle", "reconcile", "bank-status" -> System.exit(
                    ma.cnss.claims.cli.SettlementCommand.run(command, rest));
            case "fhir-check-bench" -> ma.cnss.claims.fhir.ProfileCheckBenchmark.main(GenerateCommand.parse(rest));
            case "demo" -> serve(rest, true);
            case "serve" -> serve(rest, false);
            case "help", "--help", "-h" -> usage();
            default -> {
                if (command.startsWith("--")) {
                    serve(args, false);
                } else {
                    System.err.println("Unknown command: " + command);
                    usage();
                    System.exit(2);
                }
            }
        }
    }

    /** Runs the service; on exit, closes the context (routes drain, pool closes) before the embedded database. */
    private static void serve(String[] args, boolean demo) {
        SpringApplication application = new SpringApplication(ClaimsApplication.class);
        if (demo) {
            application.setDefaultProperties(java.util.Map.of("claims.demo.enabled", "true"));
        }
        application.setRegisterShutdownHook(false);
        EmbeddedDatabase.stopAfterContext();
        ConfigurableApplicationContext context = application.run(args);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            context.close();
            EmbeddedDatabase.stop();
        }, "amo-claims-stop"));
    }

    private static void usage() {
        System.out.println("""
                Usage: java -jar amo-claims.jar [command] [options]
                  serve      run the service (default)
                  demo       run the service, push a generated sample through every stage, print a summary
                  issue-key  --inpe <INPE>: create a clinic API key, printed once
                  revoke-key --key-id <id> | --inpe <INPE>: revoke a key, or all keys of a submitter
                  add-user   --username <name> --roles ADJUSTER[,SUPERVISOR][,AUDITOR]: staff account, password
                             from CLAIMS_USER_PASSWORD or standard input
                  disable-user --username <name>: disable a staff account and end its sessions
                  check      [--idle]: the invariant checker (claims stored once, counts add up, one payment per
                             line, ledger and batches reconciled, files in a terminal state); exit 1 on a violation
                  reliability [--claims 50000 --kills 20]: R1 at full size (kill -9 loop, then the checks)
                  bench      [--claims 111200] [--http-rps 200 --http-seconds 60] [--scaling 10000,100000,1000000]:
                             the national-day benchmark, from an empty database (prints figures, writes JSON)
                  settle     [--date YYYY-MM-DD]: run (or resume) a settlement day; prints its batches
                  reconcile  every difference between claims, ledger and payment files (exit 1 if any)
                  bank-status --file <pain.002 XML>: apply a bank's status report (rejected transfers)
                  fhir-check-bench  --claims 50000 --hapi-sample 300: FHIR profile checks per CPU-second,
                             fast checks against HAPI's validator
                  generate   write synthetic registry extracts and claim files:
                             --seed 42 --claims 3000 --claims-per-file 1000 --as-of YYYY-MM-DD
                             --broken-share 0.09 --out data/generated
                """);
    }
}
