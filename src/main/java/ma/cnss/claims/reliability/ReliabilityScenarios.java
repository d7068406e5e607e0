package ma.cnss.claims.reliability;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import ma.cnss.claims.reliability.FaultLab.Instance;
import ma.cnss.claims.security.ApiKeys;
import ma.cnss.claims.security.StaffAccounts;
import ma.cnss.claims.shared.CrashPoints;

/**
 * The fault scenarios of issue 9 that need a database or processes of their own (R2 named crash points, R3
 * PostgreSQL crashes, R4 a long outage, R7 two instances). Each returns rows for the {@code reliability} table;
 * the tests run them at short sizes and assert that every row passed.
 */
public final class ReliabilityScenarios {

    /** One line of the table. */
    public record Row(String test, boolean passed, String figures) {
    }

    private static final Duration START = Duration.ofMinutes(3);

    private ReliabilityScenarios() {
    }

    // ------------------------------------------------------------------------------------------- R2

    /**
     * R2: for each named crash point, an instance is started with {@code claims.crash-at} set and given work that
     * reaches the point; it halts there (exit 137, as kill -9); a plain instance (or command) then recovers, and
     * the invariant checker must find nothing, with every claim stored once.
     */
    public static List<Row> crashPoints(List<String> points, int claimsPerPoint, long seed) throws Exception {
        List<Row> rows = new ArrayList<>();
        try (FaultLab lab = FaultLab.open("r2")) {
            int perFile = Math.max(1, claimsPerPoint / 2);
            List<Path> files = FaultLab.files(lab.generate(seed, claimsPerPoint * points.size(), perFile, "P"));
            ApiKeys keys = lab.bean(ApiKeys.class);
            StaffAccounts staff = lab.bean(StaffAccounts.class);
            staff.save("r2-adjuster", "r2-adjuster-password-1", List.of("ADJUSTER"));
            long expected = 0;
            int next = 0;
            int settlementDays = 0;
            for (String point : points) {
                long started = System.nanoTime();
                String detail;
                boolean halted;
                if (point.startsWith("settlement.")) {
                    // fresh released claims, and a day of its own, so that this run has lines to price and seal
                    List<Path> mine = files.subList(next, Math.min(files.size(), next + 2));
                    next += mine.size();
                    for (Path file : mine) {
                        expected += countClaims(file);
                        lab.drop(file);
                    }
                    Instance feeding = lab.startInstance("feed-" + point);
                    lab.awaitDrained(expected, Duration.ofMinutes(3));
                    lab.stop(feeding);
                    LocalDate day = LocalDate.now(java.time.ZoneId.of("Africa/Casablanca")).plusDays(settlementDays++);
                    int code = lab.runCommand("settle-crash", List.of("-Dclaims.crash-at=" + point), "settle",
                            "--date", day.toString());
                    halted = code == 137;
                    int again = lab.runCommand("settle", List.of(), "settle", "--date", day.toString());
                    detail = "settle halted (exit " + code + "), settled again (exit " + again + ")";
                    halted &= again == 0;
                } else {
                    Instance crashing = lab.startInstance("crash-" + point, "-Dclaims.crash-at=" + point);
                    // a decision needs no new files; every other point gets two of its own
                    List<Path> mine = point.equals("review.decision") ? List.of()
                            : files.subList(next, Math.min(files.size(), next + 2));
                    next += mine.size();
                    for (Path file : mine) {
                        expected += countClaims(file);
                    }
                    String idempotencyKey = UUID.randomUUID().toString();
                    if (point.equals("intake.http-staged")) {
                        lab.awaitUp(crashing, START);
                        String inpe = mine.get(0).getParent().getFileName().toString();
                        String key = keys.issue(inpe).key();
                        int status = post(crashing, key, idempotencyKey, Files.readAllBytes(mine.get(0)));
                        detail = "POST answered " + (status < 0 ? "nothing (connection lost)" : status);
                        crashing.process().waitFor(60, java.util.concurrent.TimeUnit.SECONDS);
                        Instance recovering = lab.startInstance("recover-" + point);
                        lab.awaitUp(recovering, START);
                        int retry = post(recovering, key, idempotencyKey, Files.readAllBytes(mine.get(0)));
                        detail += ", the retry with the same Idempotency-Key " + retry;
                        lab.drop(mine.get(1));
                        lab.awaitDrained(expected, Duration.ofMinutes(3));
                        lab.stop(recovering);
                    } else if (point.equals("review.decision")) {
                        lab.awaitUp(crashing, START);
                        Long claim = lab.jdbc().query("select id from claim where review_state = 'PENDING' "
                                + "order by id limit 1", rs -> rs.next() ? rs.getLong(1) : null);
                        if (claim == null) {
                            rows.add(new Row("R2 crash at " + point, false, "no claim waiting for review"));
                            continue;
                        }
                        String token = staff.signIn("r2-adjuster", "r2-adjuster-password-1").token();
                        int status = decide(crashing, token, claim);
                        crashing.process().waitFor(60, java.util.concurrent.TimeUnit.SECONDS);
                        long decisions = lab.jdbc().queryForObject(
                                "select count(*) from review_decision where claim_id = ?", Long.class, claim);
                        Instance recovering = lab.startInstance("recover-" + point);
                        lab.awaitUp(recovering, START);
                        int again = decide(recovering, token, claim);
                        long after = lab.jdbc().queryForObject(
                                "select count(*) from review_decision where claim_id = ?", Long.class, claim);
                        detail = "decision answered " + (status < 0 ? "nothing" : status) + ", " + decisions
                                + " decision stored; the repeat answered " + again + ", decisions now " + after;
                        lab.stop(recovering);
                        if (decisions != 1 || after != 1) {
                            rows.add(new Row("R2 crash at " + point, false, detail));
                            continue;
                        }
                    } else {
                        for (Path file : mine) {
                            lab.drop(file);
                        }
                        crashing.process().waitFor(3, java.util.concurrent.TimeUnit.MINUTES);
                        detail = "";
                        Instance recovering = lab.startInstance("recover-" + point);
                        lab.awaitDrained(expected, Duration.ofMinutes(3));
                        lab.stop(recovering);
                    }
                    halted = !crashing.alive() && crashing.process().exitValue() == 137;
                    if (!crashing.alive() && crashing.process().exitValue() != 137) {
                        detail += " (exit " + crashing.process().exitValue() + ")";
                    }
                    crashing.process().destroyForcibly();
                }
                InvariantChecker.Report report = lab.check();
                long stored = lab.claims();
                long distinct = lab.jdbc().queryForObject(
                        "select count(distinct (submitter_inpe, claim_ref)) from claim", Long.class);
                boolean passed = halted && report.clean() && stored == expected && distinct == expected;
                rows.add(new Row("R2 crash at " + point, passed, String.format(
                        "%s; %,d claims stored once of %,d; %d violation(s); %.0f s",
                        halted ? "halted there, recovered" : "DID NOT HALT there", stored, expected,
                        report.violations().size(), (System.nanoTime() - started) / 1e9)
                        + (detail.isBlank() ? "" : "; " + detail)));
            }
        }
        return rows;
    }

    private static long countClaims(Path csv) throws java.io.IOException {
        try (var lines = Files.lines(csv)) {
            return lines.skip(1).map(l -> l.split(",", 2)[0]).distinct().count();
        }
    }

    private static int post(Instance instance, String key, String idempotencyKey, byte[] body) {
        try {
            return FaultLab.HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + instance.httpPort()
                    + "/api/v1/submissions")).timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + key).header("Content-Type", "text/csv")
                    .header("Idempotency-Key", idempotencyKey)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode();
        } catch (java.io.IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static int decide(Instance instance, String token, long claim) {
        try {
            return FaultLab.HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + instance.httpPort()
                    + "/api/v1/review/claims/" + claim + "/decision")).timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"decision\":\"APPROVE\",\"comment\":\"R2\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString()).statusCode();
        } catch (java.io.IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    // ------------------------------------------------------------------------------------------- R3

    /**
     * R3: PostgreSQL is crashed ({@code pg_ctl stop -m immediate}) and started again {@code restarts} times while
     * one instance ingests and processes {@code claims} claims dropped over time. The instance must stay up,
     * resume work within 30 s of each restart, and end with every claim once and the checker clean.
     */
    public static Row databaseRestarts(int claims, int restarts, long seed) throws Exception {
        long started = System.nanoTime();
        try (FaultLab lab = FaultLab.open("r3")) {
            List<Path> files = FaultLab.files(lab.generate(seed, claims, 250, "D"));
            Instance instance = lab.startInstance("instance");
            lab.awaitUp(instance, START);
            Random random = new Random(seed);
            double worstResume = 0;
            int survived = 0;
            int next = 0;
            for (int i = 0; i < restarts; i++) {
                int upTo = Math.min(files.size(), (int) Math.ceil(files.size() * (i + 1.0) / restarts));
                for (; next < upTo; next++) {
                    lab.drop(files.get(next));
                }
                Thread.sleep(1000 + random.nextInt(2000)); // in the middle of the work
                lab.restartDatabaseImmediately();
                long accepting = System.nanoTime();
                long before = lab.progress();
                boolean workLeft = lab.pending() > 0 || lab.inboxFiles() > 0;
                if (workLeft) {
                    FaultLab.await("work resumed after restart " + (i + 1), Duration.ofSeconds(60),
                            () -> lab.progress() > before);
                    worstResume = Math.max(worstResume, (System.nanoTime() - accepting) / 1e9);
                }
                if (instance.alive()) {
                    survived++;
                }
            }
            lab.awaitDrained(claims, Duration.ofMinutes(10));
            InvariantChecker.Report report = lab.check();
            long stored = lab.claims();
            boolean passed = instance.alive() && survived == restarts && worstResume <= 30 && report.clean()
                    && stored == claims && lab.terminalFiles() == files.size();
            return new Row("R3 PostgreSQL restarted -m immediate while processing", passed, String.format(
                    "%d restarts survived by the same process, work resumed at worst %.1f s after PostgreSQL was "
                            + "back; %,d of %,d claims stored once; %d of %d files terminal; %d violation(s); %.0f s",
                    survived, worstResume, stored, claims, lab.terminalFiles(), files.size(),
                    report.violations().size(), (System.nanoTime() - started) / 1e9));
        }
    }

    // ------------------------------------------------------------------------------------------- R4

    /**
     * R4: PostgreSQL is stopped for {@code outage}: HTTP submissions get 503 with Retry-After (never 202, never
     * 500), files dropped meanwhile wait untouched in the inbox, health says DOWN; once it is back the backlog
     * drains, the refused upload is accepted when retried with its Idempotency-Key, and the checker is clean.
     */
    public static Row databaseOutage(Duration outage, int claims, long seed) throws Exception {
        long started = System.nanoTime();
        try (FaultLab lab = FaultLab.open("r4")) {
            List<Path> files = FaultLab.files(lab.generate(seed, claims, Math.max(1, claims / 4), "O"));
            Instance instance = lab.startInstance("instance");
            lab.awaitUp(instance, START);
            Path posted = files.get(files.size() - 1);
            String key = lab.bean(ApiKeys.class).issue(posted.getParent().getFileName().toString()).key();
            lab.drop(files.get(0));
            lab.stopDatabase("fast");
            long outageStart = System.nanoTime();
            for (Path file : files.subList(1, files.size() - 1)) {
                lab.drop(file);
            }
            long waiting = lab.inboxFiles();
            Map<Integer, Integer> answers = new TreeMap<>();
            Map<Integer, Integer> health = new TreeMap<>();
            int withoutRetryAfter = 0;
            String idempotencyKey = UUID.randomUUID().toString();
            byte[] body = Files.readAllBytes(posted);
            while (System.nanoTime() - outageStart < outage.toNanos()) {
                HttpResponse<String> response = postFull(instance, key, idempotencyKey, body);
                int status = response == null ? -1 : response.statusCode();
                answers.merge(status, 1, Integer::sum);
                if (status == 503 && response.headers().firstValue("Retry-After").isEmpty()) {
                    withoutRetryAfter++;
                }
                health.merge(lab.health(instance), 1, Integer::sum);
                Thread.sleep(1000);
            }
            long stillWaiting = lab.inboxFiles();
            lab.startDatabase();
            long back = System.nanoTime();
            FaultLab.await("health UP again", Duration.ofMinutes(2), () -> lab.health(instance) == 200);
            double healthyAfter = (System.nanoTime() - back) / 1e9;
            HttpResponse<String> retried = postFull(instance, key, idempotencyKey, body);
            lab.awaitDrained(claims, Duration.ofMinutes(5));
            InvariantChecker.Report report = lab.check();
            boolean onlyUnavailable = answers.keySet().stream().allMatch(s -> s == 503);
            boolean passed = onlyUnavailable && withoutRetryAfter == 0 && stillWaiting == waiting
                    && health.keySet().stream().allMatch(s -> s == 503) && retried != null
                    && retried.statusCode() == 202 && instance.alive() && report.clean() && lab.claims() == claims;
            return new Row("R4 PostgreSQL down " + outage.toSeconds() + " s", passed, String.format(
                    "uploads answered %s (status=count), Retry-After on every 503: %s; health %s; %d of %d files "
                            + "waited in the inbox; healthy %.1f s after PostgreSQL was back; the retried upload "
                            + "%s; %,d of %,d claims stored once; %d violation(s); %.0f s",
                    answers, withoutRetryAfter == 0 ? "yes" : "NO", health, stillWaiting, waiting, healthyAfter,
                    retried == null ? "got no answer" : "got " + retried.statusCode(), lab.claims(), claims,
                    report.violations().size(), (System.nanoTime() - started) / 1e9));
        }
    }

    private static HttpResponse<String> postFull(Instance instance, String key, String idempotencyKey, byte[] body) {
        try {
            return FaultLab.HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + instance.httpPort()
                    + "/api/v1/submissions")).timeout(Duration.ofSeconds(40))
                    .header("Authorization", "Bearer " + key).header("Content-Type", "text/csv")
                    .header("Idempotency-Key", idempotencyKey)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    // ------------------------------------------------------------------------------------------- R7

    private static final Pattern WORKED = Pattern.compile("(Validated|Encoded|Flagging looked at) (\\d+) ");

    /**
     * R7: two instances on one PostgreSQL and one set of folders share {@code claims} claims: each takes files,
     * validates, encodes and flags; no claim is done twice (the claims each instance reports per stage add up to
     * exactly the total), no unique-constraint violation is logged, and two settlement runs of the day started at
     * once in two processes make one run, one batch per payee kind and one payment per line.
     */
    public static Row twoInstances(int claims, long seed) throws Exception {
        long started = System.nanoTime();
        try (FaultLab lab = FaultLab.open("r7")) {
            List<Path> files = FaultLab.files(lab.generate(seed, claims, 250, "T"));
            Instance a = lab.startInstance("instance-a");
            Instance b = lab.startInstance("instance-b");
            lab.awaitUp(a, START);
            lab.awaitUp(b, START);
            for (Path file : files) {
                lab.drop(file);
            }
            lab.awaitDrained(claims, Duration.ofMinutes(10));
            Thread.sleep(1500); // the last log lines
            lab.stop(a);
            lab.stop(b);
            Map<String, long[]> work = new TreeMap<>();
            for (String name : List.of("instance-a", "instance-b")) {
                for (String line : lab.logLines(name, "")) {
                    Matcher m = WORKED.matcher(line);
                    if (m.find()) {
                        work.computeIfAbsent(m.group(1), k -> new long[2])[name.endsWith("a") ? 0 : 1]
                                += Long.parseLong(m.group(2));
                    }
                }
            }
            long duplicates = lab.logLines("instance-a", "duplicate key").size()
                    + lab.logLines("instance-b", "duplicate key").size();
            // (claims refused at intake, malformed, are decided there and never reach validation)
            long decided = lab.jdbc().queryForObject("select count(validated_at) from claim", Long.class);
            long accepted = lab.jdbc().queryForObject(
                    "select count(*) from claim where status in ('ACCEPTED', 'PARTIALLY_ACCEPTED')", Long.class);
            long[] validated = work.getOrDefault("Validated", new long[2]);
            long[] encoded = work.getOrDefault("Encoded", new long[2]);
            long[] flagged = work.getOrDefault("Flagging looked at", new long[2]);
            boolean shared = validated[0] > 0 && validated[1] > 0;
            boolean once = validated[0] + validated[1] == decided && encoded[0] + encoded[1] == accepted
                    && flagged[0] + flagged[1] == accepted;

            // settlement: two processes, the same day, at once
            LocalDate day = LocalDate.now(java.time.ZoneId.of("Africa/Casablanca"));
            var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
            List<java.util.concurrent.Future<Integer>> runs = new ArrayList<>();
            for (String name : List.of("settle-a", "settle-b")) {
                runs.add(pool.submit(() -> lab.runCommand(name, List.of(), "settle", "--date", day.toString())));
            }
            int exitA = runs.get(0).get();
            int exitB = runs.get(1).get();
            pool.shutdown();
            long elsewhere = lab.logLines("settle-a", "RUNNING_ELSEWHERE").size()
                    + lab.logLines("settle-b", "RUNNING_ELSEWHERE").size();
            long batches = lab.jdbc().queryForObject("select count(*) from payment_batch where settlement_date = ?",
                    Long.class, java.sql.Date.valueOf(day));
            long kinds = lab.jdbc().queryForObject(
                    "select count(distinct payee_kind) from payment_batch where settlement_date = ?", Long.class,
                    java.sql.Date.valueOf(day));
            InvariantChecker.Report report = lab.check();
            boolean passed = shared && once && duplicates == 0 && exitA == 0 && exitB == 0 && batches == kinds
                    && batches > 0 && report.clean() && lab.claims() == claims;
            return new Row("R7 two instances on one PostgreSQL", passed, String.format(
                    "validated %,d + %,d, encoded %,d + %,d, flagged %,d + %,d (instance a + b; totals %,d validated, "
                            + "%,d accepted: each once); %d unique-constraint error(s) logged; two settle processes "
                            + "at once: %d batch(es) for %d payee kind(s), %d saw the day running elsewhere; %,d of "
                            + "%,d claims; %d violation(s); %.0f s",
                    validated[0], validated[1], encoded[0], encoded[1], flagged[0], flagged[1], decided, accepted,
                    duplicates, batches, kinds, elsewhere, lab.claims(), claims, report.violations().size(),
                    (System.nanoTime() - started) / 1e9));
        }
    }

    /** Every named crash point. */
    public static List<String> allCrashPoints() {
        return CrashPoints.ALL;
    }
}
