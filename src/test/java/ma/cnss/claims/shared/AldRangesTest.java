package ma.cnss.claims.shared;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AldRangesTest {

    @Test
    void aCategoryRangeCoversItsSubCodes() {
        assertThat(AldRanges.covers("E10-E14", "E11.9")).isTrue();
        assertThat(AldRanges.covers("E10-E14", "E14")).isTrue();
        assertThat(AldRanges.covers("E10-E14", "E15.0")).isFalse();
    }

    @Test
    void singleCodesCoverOnlyThemselvesOrTheirSubCodes() {
        assertThat(AldRanges.covers("K70.3;K74", "K70.3")).isTrue();
        assertThat(AldRanges.covers("K70.3;K74", "K70.2")).isFalse();
        assertThat(AldRanges.covers("K70.3;K74", "K74.6")).isTrue();
        assertThat(AldRanges.covers("N18;Z49;Z99.2", "Z99.2")).isTrue();
        assertThat(AldRanges.covers("N18;Z49;Z99.2", "Z99.1")).isFalse();
    }
}
