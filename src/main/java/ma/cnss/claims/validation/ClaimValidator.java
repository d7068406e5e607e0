package ma.cnss.claims.validation;

import java.util.List;
import ma.cnss.claims.validation.rules.BeneficiaryKnownRule;
import ma.cnss.claims.validation.rules.CodesKnownRule;
import ma.cnss.claims.validation.rules.DatesCoherentRule;
import ma.cnss.claims.validation.rules.DependantEligibleRule;
import ma.cnss.claims.validation.rules.FilingDeadlineRule;
import ma.cnss.claims.validation.rules.PriorApprovalRule;
import ma.cnss.claims.validation.rules.ProviderKnownRule;
import ma.cnss.claims.validation.rules.RightsOpenRule;

/**
 * Runs every rule on a claim. Identity comes first: when the beneficiary or the provider is unknown, the rules
 * that depend on them have nothing to judge. Business duplicates are decided afterwards by the database
 * ({@link ValidationStage}), because only it sees every channel at once.
 */
public final class ClaimValidator {

    private static final List<ValidationRule> IDENTITY = List.of(new BeneficiaryKnownRule(), new ProviderKnownRule());
    private static final List<ValidationRule> RULES = List.of(new DependantEligibleRule(), new RightsOpenRule(),
            new CodesKnownRule(), new DatesCoherentRule(), new FilingDeadlineRule(), new PriorApprovalRule());

    public Findings validate(ClaimToValidate claim, ValidationRule.Context context) {
        Findings findings = new Findings();
        for (ValidationRule rule : IDENTITY) {
            rule.check(claim, context, findings);
        }
        if (findings.claimRejected()) {
            return findings; // who is treated, or by whom, is unknown: nothing else can be judged
        }
        for (ValidationRule rule : RULES) {
            rule.check(claim, context, findings);
        }
        return findings;
    }

    /** The claim's outcome once its lines are decided. */
    public static String outcome(Findings findings, List<ClaimToValidate.Line> lines) {
        if (findings.claimRejected()) {
            return "REJECTED";
        }
        long rejected = lines.stream().filter(l -> findings.lineRejected(l.lineNo())).count();
        if (rejected == lines.size()) {
            return "REJECTED";
        }
        return rejected == 0 ? "ACCEPTED" : "PARTIALLY_ACCEPTED";
    }
}
