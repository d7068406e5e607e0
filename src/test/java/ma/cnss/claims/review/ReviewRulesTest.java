package ma.cnss.claims.review;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReviewRulesTest {

    private static final ReviewRules RULES = new ReviewRules(new BigDecimal("10000.00"));
    private static final Set<String> ADJUSTER = Set.of("ADJUSTER");
    private static final Set<String> SUPERVISOR = Set.of("SUPERVISOR");
    private static final List<ReviewRules.ClaimLine> LINES = List.of(
            new ReviewRules.ClaimLine(1, new BigDecimal("200.00"), true),
            new ReviewRules.ClaimLine(2, new BigDecimal("210.00"), true),
            new ReviewRules.ClaimLine(3, new BigDecimal("99.00"), false));

    private static ReviewRefused.Kind refusal(Runnable decision) {
        try {
            decision.run();
        } catch (ReviewRefused refused) {
            return refused.kind();
        }
        throw new AssertionError("not refused");
    }

    @Test
    void anApprovalBelowTheFourEyesAmountDecidesTheClaim() {
        assertThat(RULES.next(ReviewState.PENDING, DecisionKind.APPROVE, ADJUSTER, false)).isEqualTo(ReviewState.DECIDED);
    }

    @Test
    void anApprovalAboveTheFourEyesAmountWaitsForConfirmation() {
        var big = List.of(new ReviewRules.ClaimLine(1, new BigDecimal("10000.01"), true));
        ReviewRules.Approval approval = RULES.approve(big, List.of());
        assertThat(approval.needsConfirmation()).isTrue();
        assertThat(RULES.next(ReviewState.PENDING, DecisionKind.APPROVE, ADJUSTER, true))
                .isEqualTo(ReviewState.AWAITING_CONFIRMATION);
        assertThat(RULES.approve(List.of(new ReviewRules.ClaimLine(1, new BigDecimal("10000.00"), true)), List.of())
                .needsConfirmation()).isFalse();
    }

    @Test
    void fourEyesIsJudgedOnTheApprovedAmountAfterCuts() {
        var big = List.of(new ReviewRules.ClaimLine(1, new BigDecimal("8000.00"), true),
                new ReviewRules.ClaimLine(2, new BigDecimal("4000.00"), true));
        var cut = List.of(new ReviewRules.LineAction(2, "REJECT", ReviewReason.NOT_MEDICALLY_JUSTIFIED, null, null));
        assertThat(RULES.approve(big, cut).needsConfirmation()).isFalse();
        assertThat(RULES.approve(big, cut).approvedAmount()).isEqualByComparingTo("8000.00");
    }

    @Test
    void onlyASupervisorOtherThanTheAuthorConfirms() {
        assertThat(refusal(() -> RULES.next(ReviewState.AWAITING_CONFIRMATION, DecisionKind.CONFIRM, ADJUSTER, false)))
                .isEqualTo(ReviewRefused.Kind.ROLE);
        assertThat(refusal(() -> RULES.checkConfirmer("amina", "amina"))).isEqualTo(ReviewRefused.Kind.FOUR_EYES);
        RULES.checkConfirmer("amina", "youssef");
        assertThat(RULES.next(ReviewState.AWAITING_CONFIRMATION, DecisionKind.CONFIRM, SUPERVISOR, false))
                .isEqualTo(ReviewState.DECIDED);
    }

    @Test
    void aDecidedOrIncompleteClaimCannotBeApproved() {
        assertThat(refusal(() -> RULES.next(ReviewState.DECIDED, DecisionKind.APPROVE, ADJUSTER, false)))
                .isEqualTo(ReviewRefused.Kind.WRONG_STATE);
        assertThat(refusal(() -> RULES.next(ReviewState.INCOMPLETE, DecisionKind.APPROVE, ADJUSTER, false)))
                .isEqualTo(ReviewRefused.Kind.WRONG_STATE);
        assertThat(RULES.next(ReviewState.INCOMPLETE, DecisionKind.DOCUMENT_RECEIVED, ADJUSTER, false))
                .isEqualTo(ReviewState.PENDING);
    }

    @Test
    void anAuditorDecidesNothing() {
        assertThat(refusal(() -> RULES.next(ReviewState.PENDING, DecisionKind.APPROVE, Set.of("AUDITOR"), false)))
                .isEqualTo(ReviewRefused.Kind.ROLE);
    }

    @Test
    void aReductionNeedsAJustificationAndAnAmountBelowTheBilledOne() {
        assertThat(refusal(() -> RULES.approve(LINES, List.of(new ReviewRules.LineAction(1, "REDUCE",
                ReviewReason.AMOUNT_ABOVE_USUAL, new BigDecimal("150.00"), " "))))).isEqualTo(ReviewRefused.Kind.INVALID);
        assertThat(refusal(() -> RULES.approve(LINES, List.of(new ReviewRules.LineAction(1, "REDUCE",
                ReviewReason.AMOUNT_ABOVE_USUAL, new BigDecimal("200.00"), "trop"))))).isEqualTo(ReviewRefused.Kind.INVALID);
        assertThat(refusal(() -> RULES.approve(LINES, List.of(new ReviewRules.LineAction(1, "REDUCE",
                ReviewReason.AMOUNT_ABOVE_USUAL, new BigDecimal("150.001"), "trop"))))).isEqualTo(ReviewRefused.Kind.INVALID);
        var reduced = RULES.approve(LINES, List.of(new ReviewRules.LineAction(1, "REDUCE",
                ReviewReason.AMOUNT_ABOVE_USUAL, new BigDecimal("150.00"), "Tarif conventionnel")));
        assertThat(reduced.approvedAmount()).isEqualByComparingTo("360.00");
    }

    @Test
    void aLineRefusedByValidationOrActedOnTwiceCannotBeAdjusted() {
        assertThat(refusal(() -> RULES.approve(LINES, List.of(new ReviewRules.LineAction(3, "REJECT",
                ReviewReason.OTHER, null, null))))).isEqualTo(ReviewRefused.Kind.INVALID);
        assertThat(refusal(() -> RULES.approve(LINES, List.of(
                new ReviewRules.LineAction(1, "REJECT", ReviewReason.OTHER, null, null),
                new ReviewRules.LineAction(1, "REJECT", ReviewReason.OTHER, null, null))))).isEqualTo(ReviewRefused.Kind.INVALID);
        assertThat(refusal(() -> RULES.approve(LINES, List.of(new ReviewRules.LineAction(1, "REJECT", null, null,
                null))))).isEqualTo(ReviewRefused.Kind.INVALID);
    }
}
