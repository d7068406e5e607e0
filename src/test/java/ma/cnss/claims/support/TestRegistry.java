package ma.cnss.claims.support;

import java.time.LocalDate;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The registry the integration tests share: 2,000 Tadamon members born {@value #BIRTH_DATE} with open rights,
 * and a private GP. Test claims take a new member each, so they are never each other's business duplicates.
 */
public final class TestRegistry {

    public static final String BIRTH_DATE = "1980-05-17";
    public static final String GP = "300000000";
    /** CRESTOR 5 mg, PRIX_BR 210.00 at 70 % (amo-rules §4.8 example). */
    public static final String CRESTOR_5MG = "6118010116278";
    private static final int MEMBERS = 2000;
    private static final AtomicInteger NEXT = new AtomicInteger();

    private TestRegistry() {
    }

    public static String nextMember() {
        return String.valueOf(200_000_000 + NEXT.getAndIncrement() % MEMBERS);
    }

    /** Ten days before today: inside the filing deadline whenever the suite runs. */
    public static LocalDate recentCareDate() {
        return LocalDate.now().minusDays(10);
    }

    static void seed(JdbcTemplate jdbc) {
        jdbc.update("""
                insert into member (insured_id, beneficiary_rank, regime, relationship, birth_date, sex, rights_from,
                                    rib)
                select (200000000 + n)::text, 0, 'TADAMON', 'SELF', date '1980-05-17', 'F', date '2022-12-01',
                       '0117800000' || lpad(n::text, 14, '0')
                from generate_series(0, ?) n
                on conflict do nothing""", MEMBERS - 1);
        jdbc.update("""
                insert into provider (inpe, name, kind, sector, rib)
                values (?, 'Cabinet test', 'GP', 'PRIVATE', '022780000099999999999999')
                on conflict do nothing""", GP);
    }
}
