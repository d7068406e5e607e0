package ma.cnss.claims.reliability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import ma.cnss.claims.generator.GenerateCommand;
import ma.cnss.claims.reliability.ReliabilityScenarios.Row;

/**
 * {@code reliability [--only R1,R2,R3,R4,R7] [--claims 50000] [--kills 20] [--seed 42]}: the fault tests of issue 9
 * at full size, each on a fresh PostgreSQL of its own, then a table of what passed. Exit code 0 only if every row
 * passed. The short forms of the same scenarios run in CI ({@code FaultScenariosIntegrationTest},
 * {@code CrashLoopIntegrationTest}).
 */
public final class ReliabilityCommand {

    private ReliabilityCommand() {
    }

    public static int run(String[] args) {
        Map<String, String> options = GenerateCommand.parse(args);
        Set<String> only = Set.of(options.getOrDefault("only", "R1,R2,R3,R4,R7").toUpperCase().split(","));
        long seed = Long.parseLong(options.getOrDefault("seed", "42"));
        List<Row> rows = new ArrayList<>();
        long started = System.nanoTime();
        try {
            if (only.contains("R1")) {
                rows.addAll(CrashLoopCommand.crashLoop(Integer.parseInt(options.getOrDefault("claims", "50000")),
                        Integer.parseInt(options.getOrDefault("kills", "20")),
                        Integer.parseInt(options.getOrDefault("claims-per-file", "1000")), seed));
                print(rows.subList(rows.size() - 4, rows.size()));
            }
            if (only.contains("R2")) {
                say("R2 named crash points: %d points, 2,000 claims each", crashPointNames().size());
                List<Row> r2 = ReliabilityScenarios.crashPoints(crashPointNames(), 2000, seed);
                rows.addAll(r2);
                print(r2);
            }
            if (only.contains("R3")) {
                say("R3 PostgreSQL restarted -m immediate 10 times while 20,000 claims are processed");
                rows.add(ReliabilityScenarios.databaseRestarts(20_000, 10, seed));
                print(rows.subList(rows.size() - 1, rows.size()));
            }
            if (only.contains("R4")) {
                say("R4 PostgreSQL down for 5 minutes");
                rows.add(ReliabilityScenarios.databaseOutage(Duration.ofMinutes(5), 4000, seed));
                print(rows.subList(rows.size() - 1, rows.size()));
            }
            if (only.contains("R7")) {
                say("R7 two instances on one PostgreSQL, 20,000 claims");
                rows.add(ReliabilityScenarios.twoInstances(20_000, seed));
                print(rows.subList(rows.size() - 1, rows.size()));
            }
        } catch (Exception e) {
            rows.add(new Row("the run itself", false, e.toString()));
        }
        say("");
        say("%-60s %-6s %s", "test", "result", "figures");
        print(rows);
        boolean passed = rows.stream().allMatch(Row::passed);
        say("%d of %d passed in %.0f s", rows.stream().filter(Row::passed).count(), rows.size(),
                (System.nanoTime() - started) / 1e9);
        return passed ? 0 : 1;
    }

    private static List<String> crashPointNames() {
        return ReliabilityScenarios.allCrashPoints();
    }

    private static void print(List<Row> rows) {
        for (Row row : rows) {
            say("%-60s %-6s %s", row.test(), row.passed() ? "PASS" : "FAIL", row.figures());
        }
    }

    private static void say(String format, Object... args) {
        System.out.println(String.format(format, args));
    }
}
