package ma.cnss.claims.validation;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;

/** The registry rows a batch of claims needs, read in three queries (never one per claim). */
final class RegistryBatch implements Registry {

    private final Map<String, Member> members = new HashMap<>();
    private final Map<String, Provider> providers = new HashMap<>();
    private final Map<String, String> providerIces = new HashMap<>();
    private final Map<String, PriorApproval> approvals = new HashMap<>();

    RegistryBatch(JdbcTemplate jdbc, Collection<ClaimToValidate> claims) {
        Set<String> beneficiaries = new HashSet<>();
        Set<String> inpes = new HashSet<>();
        Set<String> references = new HashSet<>();
        for (ClaimToValidate claim : claims) {
            beneficiaries.add(claim.insuredId() + "|" + claim.beneficiaryRank());
            inpes.add(claim.providerInpe());
            if (claim.priorApprovalRef() != null) {
                references.add(claim.priorApprovalRef());
            }
        }
        // the rules ask for the beneficiary's own row: one probe of the primary key each (a LATERAL subquery kept
        // apart by OFFSET 0), not every member of each family (3.5 rows a claim on a national day)
        query(jdbc, """
                select m.insured_id, m.beneficiary_rank, m.regime, m.relationship, m.birth_date, m.rights_from,
                       m.rights_to
                from unnest(?::text[]) as k(beneficiary)
                cross join lateral (select * from member m where m.insured_id = split_part(k.beneficiary, '|', 1)
                                    and m.beneficiary_rank = split_part(k.beneficiary, '|', 2)::int offset 0) m""",
                beneficiaries, rs -> members.put(rs.getString(1) + "|" + rs.getInt(2),
                        new Member(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getString(4),
                                rs.getObject(5, LocalDate.class), rs.getObject(6, LocalDate.class),
                                rs.getObject(7, LocalDate.class))));
        query(jdbc, "select inpe, kind, sector, ice from provider where inpe = any(?)", inpes, rs -> {
            providers.put(rs.getString(1), new Provider(rs.getString(1), rs.getString(2), rs.getString(3)));
            providerIces.put(rs.getString(1), rs.getString(4));
        });
        query(jdbc, "select reference, insured_id, beneficiary_rank, provider_inpe, valid_from, valid_to, scope "
                + "from prior_approval where reference = any(?)", references,
                rs -> approvals.put(rs.getString(1), new PriorApproval(rs.getString(1), rs.getString(2), rs.getInt(3),
                        rs.getString(4), rs.getObject(5, LocalDate.class), rs.getObject(6, LocalDate.class), rs.getString(7))));
    }

    private interface Row {
        void read(ResultSet rs) throws java.sql.SQLException;
    }

    private static void query(JdbcTemplate jdbc, String sql, Set<String> keys, Row row) {
        if (keys.isEmpty()) {
            return;
        }
        jdbc.execute((Connection connection) -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                Array array = connection.createArrayOf("text", keys.toArray());
                statement.setArray(1, array);
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        row.read(rs);
                    }
                }
            }
            return null;
        });
    }

    @Override
    public Optional<Member> member(String insuredId, int rank) {
        return Optional.ofNullable(members.get(insuredId + "|" + rank));
    }

    @Override
    public Optional<Provider> provider(String inpe) {
        return Optional.ofNullable(providers.get(inpe));
    }

    /** The establishment's ICE, when the registry has it (the FHIR Organization's second identifier). */
    String providerIce(String inpe) {
        return providerIces.get(inpe);
    }

    @Override
    public Optional<PriorApproval> priorApproval(String reference) {
        return Optional.ofNullable(approvals.get(reference));
    }
}
